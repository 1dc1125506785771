"""设置: the few preferences a reviewer should change, nothing more.

Why so few: a reviewer works through thousands of records in a seasonal crunch; every option is one
more thing to get wrong. Here: the server address offered at login, the language, whether a decision
moves on to the next record, and a way back to the default window layout. Everything else (column
widths, splitters, window position) is remembered without asking.

A language change is saved at once and takes effect at the next start; the dialog says so.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.views.common.i18n import LANGUAGES, translate
from reviewdesk.views.shell.settings import AppSettings

CONTEXT = "SettingsDialog"


class SettingsDialog(QDialog):
    """Edits an :class:`AppSettings`; writes only on 确定.

    ``language_changed`` fires after 确定 when the language differs from before (the caller may offer
    to restart); ``layout_reset_requested`` when 恢复默认窗口布局 was pressed (the caller resets the
    live window too, since the saved layout is written again at exit).
    """

    language_changed = Signal(str)
    layout_reset_requested = Signal()

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setObjectName("settingsDialog")
        self.setWindowTitle(translate(CONTEXT, "设置"))
        self._initial_language = settings.language

        self.server_edit = QLineEdit(settings.last_server)
        self.server_edit.setObjectName("serverEdit")
        self.server_edit.setPlaceholderText("https://")
        self.server_edit.setAccessibleName(translate(CONTEXT, "服务器地址"))
        self.server_edit.setClearButtonEnabled(True)

        self.language_combo = QComboBox()
        self.language_combo.setObjectName("languageCombo")
        self.language_combo.setAccessibleName(translate(CONTEXT, "界面语言"))
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language)))

        self.restart_note = QLabel(translate(CONTEXT, "语言更改将在重新启动 reviewdesk 后生效。"))
        self.restart_note.setObjectName("restartNote")
        self.restart_note.setWordWrap(True)
        self.restart_note.setVisible(False)
        self.language_combo.currentIndexChanged.connect(self._update_restart_note)

        self.auto_advance_check = QCheckBox(translate(CONTEXT, "审核后自动跳到下一条(&A)"))
        self.auto_advance_check.setObjectName("autoAdvanceCheck")
        self.auto_advance_check.setAccessibleName(translate(CONTEXT, "审核后自动跳到下一条"))
        self.auto_advance_check.setChecked(settings.auto_advance)

        self.reset_layout_button = QPushButton(translate(CONTEXT, "恢复默认窗口布局(&R)"))
        self.reset_layout_button.setObjectName("resetLayoutButton")
        self.reset_layout_button.setAccessibleName(translate(CONTEXT, "恢复默认窗口布局"))
        self.reset_layout_button.setAutoDefault(False)
        self.reset_layout_button.clicked.connect(self._reset_layout)

        form = QFormLayout()
        server_label = QLabel(translate(CONTEXT, "服务器地址(&S)："))
        server_label.setBuddy(self.server_edit)
        language_label = QLabel(translate(CONTEXT, "界面语言(&L)："))
        language_label.setBuddy(self.language_combo)
        form.addRow(server_label, self.server_edit)
        form.addRow(language_label, self.language_combo)
        form.addRow("", self.restart_note)
        form.addRow("", self.auto_advance_check)
        form.addRow("", self.reset_layout_button)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.server_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def selected_language(self) -> str:
        return str(self.language_combo.currentData())

    def _update_restart_note(self) -> None:
        self.restart_note.setVisible(self.selected_language() != self._initial_language)

    def _reset_layout(self) -> None:
        self.settings.reset_layout()
        self.reset_layout_button.setEnabled(False)
        self.reset_layout_button.setText(translate(CONTEXT, "已恢复默认窗口布局"))
        self.layout_reset_requested.emit()

    def announce_restart(self, language: str) -> None:
        """Say plainly, after 确定, that the new language needs a restart: the note in the dialog was
        easy to miss, and the window then stayed in the old language with no word why."""
        QMessageBox.information(
            self.parentWidget() or self,
            translate(CONTEXT, "界面语言"),
            translate(
                CONTEXT, "界面语言已设为 {language}。请关闭并重新启动 reviewdesk，新的语言才会生效。"
            ).format(language=LANGUAGES.get(language, language)),
        )

    def accept(self) -> None:
        self.settings.last_server = self.server_edit.text()
        self.settings.auto_advance = self.auto_advance_check.isChecked()
        language = self.selected_language()
        self.settings.language = language
        self.settings.sync()
        super().accept()
        if language != self._initial_language:
            self.announce_restart(language)
            self.language_changed.emit(language)
