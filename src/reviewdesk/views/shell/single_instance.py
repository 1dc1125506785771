"""One reviewdesk per data folder: a second start brings the first window forward and exits.

Why: two processes on the same store would each hold their own in-memory index and outbox view; a
reviewer double-clicking the icon twice must not end up deciding the same records in two windows.

How, and why two mechanisms:

* a **lock file** (``QLockFile``) in the data folder says who owns it. It is race-free (two programs
  started in the same instant cannot both get it) and self-healing: a lock left by a crashed process is
  recognised as stale by its process id and taken over. A named pipe alone is neither: on Windows two
  ``QLocalServer`` can listen on the same name.
* a **local socket** (``QLocalServer``/``QLocalSocket``: a named pipe on Windows, a Unix socket
  elsewhere) carries the message. Its name is a hash of the data folder and the user, so different
  users and different data folders never meet. The second process sends ``raise`` and exits; the first
  emits :attr:`SingleInstance.raise_requested` and the main window comes forward.

The second process also calls Windows' ``AllowSetForegroundWindow`` first: otherwise Windows lets the
first process only flash its taskbar button instead of coming to the front.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QDeadlineTimer, QLockFile, QObject, Qt, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

LOCK_FILE_NAME = ".reviewdesk.lock"
RAISE_MESSAGE = "raise"
#: How long a second start waits for the first one to be listening (it may itself be starting up).
CONNECT_TIMEOUT_MS = 3000


def server_name_for(data_dir: Path) -> str:
    """The local socket's name for a data folder: stable, short (a Unix socket path has ~100 bytes)."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment (some services): the folder still separates
        user = ""
    key = f"{os.path.normcase(str(Path(data_dir).resolve()))}\0{user}".encode()
    return "reviewdesk-" + hashlib.sha256(key).hexdigest()[:24]


def _allow_other_process_to_take_focus() -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        ASFW_ANY = -1
        ctypes.windll.user32.AllowSetForegroundWindow(ASFW_ANY)


class SingleInstance(QObject):
    """The guard for one data folder. Call :meth:`acquire` before opening any store in it.

    ``acquire()`` returns True for the first process (which then listens for messages), False for a
    second one (which has already sent ``raise`` to the first and should exit with status 0).
    """

    raise_requested = Signal()
    message_received = Signal(str)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.server_name = server_name_for(self.data_dir)
        self._lock: QLockFile | None = None
        self._server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytearray] = {}

    @property
    def is_primary(self) -> bool:
        return self._server is not None

    def acquire(self, message: str = RAISE_MESSAGE) -> bool:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        lock = QLockFile(str(self.data_dir / LOCK_FILE_NAME))
        lock.setStaleLockTime(0)  # stale only when its process is gone, never because it is old
        if lock.tryLock(0):
            self._lock = lock
            self._listen()
            return True
        info = lock.getLockInfo()
        log.info("data folder %s already in use by process %s; sending %r", self.data_dir, info[0], message)
        if not self.send(message):
            log.warning("the running instance did not answer; exiting anyway to keep the store single-user")
        return False

    def _listen(self) -> None:
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # We hold the lock, so any socket by this name is a leftover of a crashed run (Unix).
        QLocalServer.removeServer(self.server_name)
        if not server.listen(self.server_name):
            log.warning("cannot listen on %s: %s", self.server_name, server.errorString())
        server.newConnection.connect(self._accept)
        self._server = server

    def send(self, message: str, timeout_ms: int = CONNECT_TIMEOUT_MS) -> bool:
        """Deliver one message to the running instance; True when it was written."""
        _allow_other_process_to_take_focus()
        deadline = QDeadlineTimer(timeout_ms)
        socket = QLocalSocket()
        while True:
            socket.connectToServer(self.server_name)
            if socket.waitForConnected(min(250, max(1, deadline.remainingTime()))):
                break
            socket.abort()
            if deadline.hasExpired():
                return False
        socket.write(QByteArray((message + "\n").encode()))
        written = socket.waitForBytesWritten(max(1, deadline.remainingTime()))
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(250)
        return written

    @Slot()
    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._buffers[socket] = bytearray()
            # Bound methods, not lambdas: Qt drops these connections by itself when either side is
            # destroyed, so no late signal can reach a deleted socket.
            socket.readyRead.connect(self._on_ready_read)
            socket.disconnected.connect(self._on_disconnected)
            if socket.bytesAvailable():
                self._read(socket)

    @Slot()
    def _on_ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    @Slot()
    def _on_disconnected(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)
            self._buffers.pop(socket, None)
            socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.setdefault(socket, bytearray())
        buffer.extend(bytes(socket.readAll().data()))
        while b"\n" in buffer:
            line, _, rest = bytes(buffer).partition(b"\n")
            buffer[:] = rest
            message = line.decode("utf-8", "replace").strip()
            log.info("message from a second start: %r", message)
            self.message_received.emit(message)
            if message == RAISE_MESSAGE:
                self.raise_requested.emit()

    def release(self) -> None:
        """Stop listening and unlock (at exit; also done by the OS if the process dies)."""
        for socket in list(self._buffers):
            socket.readyRead.disconnect(self._on_ready_read)
            socket.disconnected.disconnect(self._on_disconnected)
            socket.abort()
            socket.deleteLater()
        self._buffers.clear()
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


def bring_to_front(window: QWidget) -> None:
    """Show a window, un-minimise it and give it the focus (the first instance's answer to ``raise``)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.setWindowState(
        (window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
    )
    window.raise_()
    window.activateWindow()
