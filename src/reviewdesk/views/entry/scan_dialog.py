"""Adding one scan: the file judged by the upload rules before anything is stored, shown upright, and
turned a quarter at a time with one key (R) when it is sideways or upside down; a photo over 3 MB is
offered a re-encode down to the limit. What the image checks find on the bytes to be uploaded (预审提示:
blurred, too small, sideways, nearly black…) is said under the picture, in the reviewers' words — a
warning, so the staff can scan again or turn it now, never a refusal. The dialog's result is the
``PreparedScan`` to store."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.scan_rules import ScanRefused
from reviewdesk.store.entry.scans import PreparedScan, prepare, read_scan, too_large
from reviewdesk.views.common.flag_texts import finding_text
from reviewdesk.views.common.i18n import translate
from reviewdesk.views.detail.flags_banner import WARN_COLOUR
from reviewdesk.views.entry.messages import message_text

CONTEXT = "EntryPage"
PREVIEW = 420


def refusal_text(refusal: ScanRefused) -> str:
    """The image policy's reason in the current language (the Chinese reason when a translation is
    broken): one of the 填报 messages."""
    return message_text(refusal)


def load_scan(parent: QWidget | None, path: Path) -> tuple[bytes, PreparedScan] | None:
    """Read and check a file; a refusal is shown with its reason (None), a photo over 3 MB is offered a
    re-encode."""
    try:
        data = read_scan(path)
        return data, prepare(data)
    except ScanRefused as refusal:
        if too_large(refusal):
            answer = QMessageBox.question(
                parent,
                translate(CONTEXT, "图片过大"),
                translate(CONTEXT, "{reason}\n\n要把它压缩到3MB以内再添加吗？").format(
                    reason=refusal_text(refusal)
                ),
            )
            if answer == QMessageBox.StandardButton.Yes:
                return data, prepare(data, shrink=True)
            return None
        QMessageBox.warning(
            parent, translate(CONTEXT, "不能添加该文件"), f"{path.name}\n\n{refusal_text(refusal)}"
        )
    except OSError as error:
        QMessageBox.warning(parent, translate(CONTEXT, "不能添加该文件"), f"{path.name}\n\n{error}")
    return None


class ScanDialog(QDialog):
    """Shows the prepared scan; R turns it clockwise; the user picks the certificate and the page."""

    def __init__(
        self,
        data: bytes,
        scan: PreparedScan,
        titles: tuple[str, ...],
        page: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate(CONTEXT, "添加扫描件"))
        self.data, self.scan, self.turns, self.shrink = data, scan, 0, scan.shrunk
        self.picture = QLabel(self)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(PREVIEW, PREVIEW)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.warning = QLabel(self)
        self.warning.setObjectName("scan_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {WARN_COLOUR};")
        self.title = QComboBox(self)
        self.title.addItems(list(titles))
        self.page = QSpinBox(self)
        self.page.setRange(1, 10)
        self.page.setValue(page)
        turn = QPushButton(translate(CONTEXT, "向右旋转 (R)"), self)
        turn.clicked.connect(self.turn)
        shortcut = QShortcut(QKeySequence("R"), self, activated=self.turn)
        shortcut.setWhatsThis(translate(CONTEXT, "向右旋转扫描件"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(translate(CONTEXT, "证书名称"), self.title)
        form.addRow(translate(CONTEXT, "第几页"), self.page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.warning)
        layout.addWidget(turn)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._show()

    def turn(self) -> None:
        self.turns = (self.turns + 1) % 4
        self.scan = prepare(self.data, turns=self.turns, shrink=self.shrink)
        self._show()

    def _show(self) -> None:
        image = QImage.fromData(self.scan.data)
        pixmap = QPixmap.fromImage(image).scaled(
            PREVIEW, PREVIEW, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.picture.setPixmap(pixmap)
        notes = [translate(CONTEXT, "请确认扫描件为正向（不歪、不倒、不斜）；不是正向时按 R 旋转。")]
        if self.scan.turned:
            notes.append(translate(CONTEXT, "照片带有方向标记，已自动转正。"))
        if self.scan.shrunk:
            notes.append(translate(CONTEXT, "已压缩到3MB以内。"))
        self.note.setText("\n".join(notes))
        problems = translate(CONTEXT, "；").join(
            finding_text(message) for _code, message in self.scan.findings
        )
        self.warning.setText(
            translate(
                CONTEXT, "预审提示：{problems}。可以添加，审核时会提示；最好换一张清楚、正向的扫描件。"
            ).format(problems=problems)
            if problems
            else ""
        )
        self.warning.setVisible(bool(problems))
