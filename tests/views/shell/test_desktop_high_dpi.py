"""High-DPI (issue 7): at 200 % the window renders in device pixels, scans are decoded for the device
pixels, and the window icon has the sizes a 200 % title bar asks for.

A scale factor is fixed when the QApplication is made, and pytest-qt's is made at 100 %, so the 200 %
run is a child process (``QT_SCALE_FACTOR=2`` on the offscreen platform: what Windows' 200 % display
setting gives Qt 6, which is per-monitor DPI aware by default) that prints what it saw as JSON.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from reviewdesk.paths import AppPaths
from reviewdesk.views.shell.app_icon import application_icon
from reviewdesk.views.shell.desktop import DesktopShell
from reviewdesk.views.shell.settings import AppSettings

CHILD = r"""
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication
app = QApplication(["reviewdesk"])
from reviewdesk.domain.enums import DataScope
from reviewdesk.store.filters import RecordFilter
from reviewdesk.paths import AppPaths
from reviewdesk.store.testing import build_store
from reviewdesk.views.shell.desktop import DesktopShell
from reviewdesk.views.images.faces import display_size_for
from reviewdesk.views.images.viewer import CertificateViewer
from reviewdesk.views.review.window import MainWindow
from reviewdesk.views.shell.settings import AppSettings

tmp = Path(sys.argv[1])
paths = AppPaths.under(tmp / "data").ensure()
shell = DesktopShell.start(app, paths, AppSettings.at_file(paths.settings_file), install_hooks=False)
workspace = build_store(tmp / "ws.sqlite", 300, seed=3)
window = MainWindow(workspace, None, show_sync_dialog=False)
window.resize(1200, 760)
window.show()
window.apply_filter(RecordFilter(data_scope=DataScope.ALL))  # the default 本级直属 of a city holds none
deadline = time.monotonic() + 60  # qtbot.waitUntil's loop: the list is filled from the event loop
while window.model.rowCount() == 0 and time.monotonic() < deadline:
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
grab = window.grab()
viewer = CertificateViewer(window=True)
viewer.resize(1000, 700)
viewer.show()
app.processEvents()
viewport = viewer._view.viewport().size()
icon_sizes = [[s.width(), s.height()] for s in window.windowIcon().availableSizes()]
print(json.dumps({
    "ratio": window.devicePixelRatioF(),
    "window": [window.width(), window.height()],
    "grab": [grab.width(), grab.height()],
    "grab_ratio": grab.devicePixelRatio(),
    "rows_painted": window.model.rowCount(),
    "decode": list(viewer.decode_size()),
    "decode_1x": list(display_size_for(viewport, 1.0)),
    "decode_2x": list(display_size_for(viewport, 2.0)),
    "icon_sizes": icon_sizes,
}))
window.shutdown()
workspace.close()
shell.close()
"""


def test_at_200_percent_the_window_and_scans_use_device_pixels(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="2")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["ratio"] == 2.0 and seen["grab_ratio"] == 2.0
    width, height = seen["window"]
    assert seen["grab"] == [2 * width, 2 * height]  # painted in device pixels, not scaled up
    assert seen["rows_painted"] > 0
    assert seen["decode"] == seen["decode_2x"] != seen["decode_1x"]  # scans sharp at 200 %
    assert all(a >= b for a, b in zip(seen["decode"], seen["decode_1x"], strict=True))
    # a 16-point title bar at 200 % asks for 32 px, a 32-point taskbar icon for 64 px
    assert {(32, 32), (64, 64), (256, 256)} <= {tuple(size) for size in seen["icon_sizes"]}


def test_the_shell_gives_every_window_the_application_icon(qapp: QApplication, tmp_path: Path) -> None:
    sizes = {(s.width(), s.height()) for s in application_icon().availableSizes()}
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes
    paths = AppPaths.under(tmp_path / "data").ensure()
    shell = DesktopShell.start(qapp, paths, AppSettings.at_file(paths.settings_file), install_hooks=False)
    assert shell is not None
    try:
        assert not qapp.windowIcon().isNull()
        assert {(16, 16), (256, 256)} <= {(s.width(), s.height()) for s in qapp.windowIcon().availableSizes()}
    finally:
        shell.close()
