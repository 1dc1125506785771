"""English mode (issue 14 item 12): singular counts, no clipped captions or values, 全屏 on the toolbar,
card captions and values translated, and no translate() call whose context the extractor cannot read."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
from english import english  # noqa: F401 (a fixture)
from PySide6.QtGui import QFontMetrics

from reviewdesk.domain.enums import DataScope, Level, PayStatus, ReviewStatus
from reviewdesk.store.filters import RecordFilter
from reviewdesk.store.testing import filled_store
from reviewdesk.views.common.i18n import label, translate
from reviewdesk.views.images.certificates import Certificate, CertificateImage
from reviewdesk.views.images.viewer import CertificateViewer
from reviewdesk.views.special.card_delegate import CardGeometry, _share
from reviewdesk.views.special.cards import CONTEXT as CARDS_CONTEXT

ROOT = Path(__file__).resolve().parents[2]


def _build_translations() -> Any:
    spec = importlib.util.spec_from_file_location(
        "build_translations", ROOT / "scripts" / "build_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.usefixtures("english")
def test_one_record_is_singular(qtbot: Any, tmp_path: Path) -> None:
    from reviewdesk.views.review.window import MainWindow

    ws = filled_store(tmp_path / "ws.sqlite", 1)
    window = MainWindow(ws, None, show_sync_dialog=False)
    qtbot.addWidget(window)
    window.show()
    window.filter_panel.set_filter(RecordFilter(data_scope=DataScope.ALL))
    try:
        qtbot.waitUntil(lambda: window.model.rowCount() == 1)
        assert window.count_label.text() == "1 record"
    finally:
        window.shutdown()
        ws.close()


@pytest.mark.usefixtures("english")
def test_card_header_captions_are_english_and_values_fit(qtbot: Any) -> None:
    from PySide6.QtWidgets import QListView

    view = QListView()
    qtbot.addWidget(view)
    captions = [translate(CARDS_CONTEXT, text) for text in ("材料状态", "缴费状态", "申报级别", "类别(专业)")]
    assert captions == ["Status", "Payment", "Level", "Category"]
    metrics = QFontMetrics(view.font())
    room = CardGeometry.WIDTH - 4 - 2 * CardGeometry.MARGIN - 14
    longest = {
        "status": max((label(s) for s in ReviewStatus), key=metrics.horizontalAdvance),
        "pay": max((label(s) for s in PayStatus), key=metrics.horizontalAdvance),
        "level": max((label(s) for s in Level), key=metrics.horizontalAdvance),
    }
    for pairs in (
        [(captions[0], longest["status"]), (captions[1], longest["pay"])],
        [(captions[2], longest["level"]), (captions[3], "临床医学检验技术（师）")],
    ):
        natural = [metrics.horizontalAdvance(f"{c}: {v}") + 2 for c, v in pairs]
        assert _share(metrics, pairs, room) == natural  # each whole: nothing elided ("Pending revi…")


@pytest.mark.usefixtures("english")
def test_full_screen_stays_on_the_viewer_toolbar(qtbot: Any) -> None:
    viewer = CertificateViewer(None, window=True)
    qtbot.addWidget(viewer)
    faces = (CertificateImage("A", None), CertificateImage("B", None))
    viewer.show_certificates(
        [Certificate("education", "Education", faces)],
        "education",
        title="郭艳鹏 421121198509141029 Clinical laboratory technology (technician)",
    )
    for width in (1100, 900):
        viewer.resize(width, 700)
        viewer.show()
        qtbot.waitExposed(viewer)
        button = viewer.toolbar.widgetForAction(viewer.action_full_screen)
        assert button is not None and button.isVisible(), width
    viewer.resize(1100, 700)
    qtbot.wait(1)
    hidden = [
        a.text()
        for a in viewer.toolbar.actions()
        if a.text() and not viewer.toolbar.widgetForAction(a).isVisible()
    ]
    assert hidden == []


@pytest.mark.usefixtures("english")
def test_shortcuts_table_headers_are_whole(qtbot: Any) -> None:
    from PySide6.QtWidgets import QMainWindow

    from reviewdesk.views.shell.about import ShortcutsDialog

    window = QMainWindow()
    qtbot.addWidget(window)
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    header = dialog.table.horizontalHeader()
    title = dialog.table.horizontalHeaderItem(2).text()
    assert title == "Keyboard shortcuts"
    assert header.sectionSize(2) >= header.fontMetrics().horizontalAdvance(title)


def test_every_translate_call_has_a_context_the_extractor_reads() -> None:
    """The cards' captions stayed Chinese in English: their context was imported, and the extractor
    skipped the calls without a word. It now follows the import, and refuses what it cannot read."""
    module = _build_translations()
    module.extract()  # raises UnresolvedContext when any call's context cannot be read
    extractor = module._Extractor("view.py")
    extractor.visit(ast.parse("def f(ctx):\n    return translate(ctx, '姓名')\n"))
    assert extractor.unresolved == ["view.py:2: 姓名"]  # extract() raises UnresolvedContext on these
    tree = ast.parse((ROOT / "src/reviewdesk/views/special/card_delegate.py").read_text(encoding="utf-8"))
    assert any(
        isinstance(n, ast.ImportFrom) and any(a.name == "CONTEXT" for a in n.names) for n in ast.walk(tree)
    )
    keys = {(m.context, m.source) for m in module.extract().values()}
    assert ("MaterialCards", "材料状态") in keys
