"""Qt's own dialogs speak Chinese in the Chinese UI (issue 14 item 11): the save dialog read "Look in:"
and "Files of type:" among Chinese labels — Qt's zh_CN catalogue lacks Qt 6's spelling of them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QLabel, QWidget

from reviewdesk.views.common.i18n import install_translators, installed_translators, remove_translators

ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    install_translators(qapp, "zh_CN")
    yield
    remove_translators(qapp)


@pytest.mark.usefixtures("chinese")
def test_qt_catalogue_is_loaded_from_pyside(qtbot: Any) -> None:
    files = [t.filePath() for t in installed_translators() if t.filePath()]
    assert any(Path(f).name == "qtbase_zh_CN.qm" for f in files), files
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


@pytest.mark.usefixtures("chinese")
def test_the_save_dialog_has_no_english_label(qtbot: Any, tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "old.xlsx").write_bytes(b"x")
    dialog = QFileDialog(None, "导出为 Excel", str(tmp_path), "Excel 文件 (*.xlsx)")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    texts = [
        w.text()
        for w in dialog.findChildren(QWidget)
        if isinstance(w, (QLabel, QAbstractButton)) and w.text()
    ]
    assert "查找范围(&L)：" in texts and "文件类型(&T)：" in texts
    assert not [t for t in texts if ENGLISH_WORD.search(t)], texts
    model = dialog.findChild(QWidget, "treeView").model()
    qtbot.waitUntil(lambda: model.rowCount(model.index(str(tmp_path))) == 2)
    root = model.index(str(tmp_path))
    kinds = {model.index(r, 2, root).data() for r in range(model.rowCount(root))}
    assert "文件夹" in kinds and "Folder" not in kinds, kinds  # a file's type comes from the MIME database


def test_english_ui_keeps_qt_english(qapp: QApplication) -> None:
    install_translators(qapp, "en")
    try:
        assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Look in:"
    finally:
        remove_translators(qapp)
