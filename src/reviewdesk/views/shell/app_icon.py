"""The application's icon at run time (title bar, taskbar, Alt+Tab, dialogs), from the same files the
spec gives the Windows exe (``resources/reviewdesk.ico``, ``reviewdesk.png``).

Why it is set here too: the exe's icon resource is what Explorer shows; a Qt window shows the icon the
application sets, and without one Windows and Linux draw a generic window icon. The .ico holds
hand-made sizes from 16 to 256 px, so a 200 % screen (High-DPI) gets a 32 or 64 px picture for a
16-point title bar instead of a blurred enlargement; the 256 px PNG is the fallback when Qt's ICO
image plugin is missing.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtGui import QIcon, QImageReader

ICO_FILE = "reviewdesk.ico"
PNG_FILE = "reviewdesk.png"


def _resource(name: str) -> Path:
    return Path(str(resources.files("reviewdesk.resources").joinpath(name)))


def application_icon() -> QIcon:
    """Every size of the .ico (Qt reads each image of a multi-image file), plus the 256 px PNG."""
    icon = QIcon()
    ico = _resource(ICO_FILE)
    if ico.is_file() and b"ico" in {bytes(f) for f in QImageReader.supportedImageFormats()}:
        icon.addFile(str(ico))
    png = _resource(PNG_FILE)
    if png.is_file():
        icon.addFile(str(png))
    return icon
