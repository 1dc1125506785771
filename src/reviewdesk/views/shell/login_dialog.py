"""The login dialog: 服务器地址, 用户名, 密码. Remembers server and username; the token goes to the keyring.

Why the offline path lives here: during the crunch the network at a hospital drops. When the server
cannot be reached the last downloaded workspace of that account opens offline (review goes on, the
decisions are queued), instead of an error that stops the work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class LoginDialog(QDialog):
    """``exec()``; on accept ``workspace``, ``client`` (None when offline) and ``offline`` are set."""

    def __init__(
        self, data_dir: Path, settings: Any = None, parent: QWidget | None = None, *, server: str = ""
    ) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.settings = settings
        self.workspace: Any = None
        self.client: Any = None
        self.offline = False
        self.setWindowTitle(self.tr("登录 - 卫生专业技术资格考试 报名材料审核"))
        self.server_edit = QLineEdit(server or (settings.last_server if settings else ""), self)
        self.server_edit.setPlaceholderText(self.tr("例如 https://review.example.cn"))
        self.user_edit = QLineEdit(settings.last_username if settings else "", self)
        self.user_edit.setPlaceholderText(self.tr("请输入用户名"))
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("请输入密码"))
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        form = QFormLayout()
        form.addRow(self.tr("服务器地址:"), self.server_edit)
        form.addRow(self.tr("用户名:"), self.user_edit)
        form.addRow(self.tr("密码:"), self.password_edit)
        buttons = QDialogButtonBox(self)
        self.login_button = buttons.addButton(self.tr("登录"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        (self.password_edit if self.user_edit.text() else self.server_edit).setFocus()

    def try_login(self) -> None:
        from reviewdesk.sync.errors import ApiError, AuthError, Offline
        from reviewdesk.sync.session import connect, open_offline
        from reviewdesk.views.shell.sync_texts import sync_error_text

        server, user = self.server_edit.text().strip(), self.user_edit.text().strip()
        password = self.password_edit.text()
        if not server or not user or not password:
            self.message.setText(self.tr("请输入服务器地址、用户名和密码"))
            return
        try:
            self.workspace, self.client = connect(server, user, password, self.data_dir)
            self.offline = False
        except AuthError as error:
            self.message.setText(self.tr("登录失败：{error}").format(error=sync_error_text(error.message)))
            return
        except Offline as error:
            try:
                self.workspace, self.client, self.offline = (
                    open_offline(server, user, self.data_dir),
                    None,
                    True,
                )
            except (FileNotFoundError, OSError) as missing:
                self.message.setText(
                    self.tr("无法连接服务器：{error}").format(error=sync_error_text(error.message))
                    + f"\n{missing}"
                )
                return
        except ApiError as error:
            self.message.setText(self.tr("登录失败：{error}").format(error=sync_error_text(error.message)))
            return
        if self.settings is not None:
            self.settings.last_server = server
            self.settings.last_username = user
        self.accept()
