"""``reviewdesk.spec`` as PyInstaller runs it on Windows, without Windows and without building.

The Linux build in ``test_frozen_build.py`` proves the folder; but the spec's Windows branch — the
version resource, the windowed exe and its console twin, the icon — only runs on Windows. Here the spec
is executed with ``sys.platform == "win32"`` seen by the spec alone and PyInstaller's build steps
(``Analysis``, ``PYZ``, ``EXE``, ``COLLECT``) recorded instead of run: what the spec asks for is what
issue 7 asks for (one folder, no UPX, unused Qt left out, keyring's metadata, icon and version).
"""

from __future__ import annotations

import builtins
import sys
import types
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PIL import Image

from reviewdesk import __version__

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "reviewdesk.spec"

#: What the Qt hooks would hand the spec, to see its filter at work.
FAKE_BINARIES = [
    ("PySide6/Qt6WebEngineCore.dll", "src", "BINARY"),
    ("PySide6/Qt6Quick.dll", "src", "BINARY"),
    ("PySide6/Qt6Core.dll", "src", "BINARY"),
    ("PySide6/plugins/sqldrivers/qsqlite.dll", "src", "BINARY"),
    ("PySide6/plugins/platforms/qwindows.dll", "src", "BINARY"),
    ("PySide6/plugins/imageformats/qico.dll", "src", "BINARY"),
]
FAKE_DATAS = [
    ("PySide6/Qt/translations/qtbase_de.qm", "src", "DATA"),
    ("PySide6/Qt/translations/qtbase_zh_CN.qm", "src", "DATA"),
    ("reviewdesk/resources/i18n/reviewdesk_en.qm", "src", "DATA"),
]


class _WindowsSys(types.ModuleType):
    """``sys`` as the spec sees it: Windows, everything else the real module."""

    platform = "win32"

    def __getattr__(self, name: str) -> Any:
        return getattr(sys, name)


def _run_spec(monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    import PyInstaller.compat as compat

    # PyInstaller's versioninfo imports pefile and win32api, which exist on Windows only; building the
    # resource (VSVersionInfo, toRaw) needs neither.
    if "pefile" not in sys.modules:
        monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
    monkeypatch.setattr(compat, "win32api", None, raising=False)
    calls: dict[str, list[dict[str, Any]]] = {}

    def step(name: str) -> Any:
        def record(*args: Any, **kwargs: Any) -> Any:
            calls.setdefault(name, []).append({"args": args, **kwargs})
            return SimpleNamespace(
                binaries=list(FAKE_BINARIES), datas=list(FAKE_DATAS), pure=[], scripts=[], zipped_data=[]
            )

        return record

    windows_sys = _WindowsSys("sys")

    def spec_import(name: str, *args: Any, **kwargs: Any) -> Any:
        return windows_sys if name == "sys" else builtins.__import__(name, *args, **kwargs)

    spec_builtins = dict(vars(builtins), __import__=spec_import)
    namespace: dict[str, Any] = {name: step(name) for name in ("Analysis", "PYZ", "EXE", "COLLECT")}
    namespace.update(SPECPATH=str(ROOT), __builtins__=spec_builtins)
    saved_path = list(sys.path)
    try:
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    finally:
        sys.path[:] = saved_path
    return namespace, calls


def test_windows_build_is_one_folder_without_upx_with_icon_and_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, calls = _run_spec(monkeypatch)
    exes = {call["name"]: call for call in calls["EXE"]}
    assert set(exes) == {"reviewdesk", "reviewdesk-console"}
    assert exes["reviewdesk"]["console"] is False and exes["reviewdesk-console"]["console"] is True
    for exe in exes.values():
        assert exe["exclude_binaries"] is True  # one folder: the DLLs sit beside the exe
        assert exe["upx"] is False and exe["strip"] is False
        icon = Path(exe["icon"])
        assert icon == ROOT / "resources" / "reviewdesk.ico"
        with Image.open(icon) as image:
            assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(image.info["sizes"])
        version = exe["version"]
        assert type(version).__name__ == "VSVersionInfo"
        text = str(version)
        for field in ("FileVersion", "ProductVersion"):
            assert f"StringStruct('{field}', '{__version__}')" in text
        assert "StringStruct('OriginalFilename', 'reviewdesk.exe')" in text
        assert "[2052, 1200]" in text  # zh-CN, Unicode
        numbers = version.ffi.fileVersionMS >> 16, version.ffi.fileVersionMS & 0xFFFF
        assert ".".join(map(str, numbers)) == ".".join(__version__.split(".")[:2])
        assert len(version.toRaw()) > 500  # serialises to the resource Windows reads
    (collect,) = calls["COLLECT"]
    assert collect["upx"] is False and collect["strip"] is False and collect["name"] == "reviewdesk"


def test_spec_leaves_out_unused_qt_and_keeps_what_the_app_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    namespace, calls = _run_spec(monkeypatch)
    (analysis,) = calls["Analysis"]
    excludes = set(analysis["excludes"])
    for module in (
        "QtWebEngineCore", "Qt3DCore", "QtQuick", "QtQml", "QtMultimedia", "QtCharts",
        "QtDataVisualization", "QtBluetooth", "QtPositioning", "QtSensors", "QtSerialPort",
        "QtSql", "QtTest", "QtDesigner", "QtPdf",
    ):  # fmt: skip
        assert f"PySide6.{module}" in excludes, module
    assert {"pytest", "pytestqt", "hypothesis", "psycopg"} <= excludes
    hidden = set(analysis["hiddenimports"])
    assert "keyring.backends.Windows" in hidden  # Credential Manager
    assert any(name.startswith("uvicorn.") for name in hidden)
    datas = {(Path(source).name, dest) for source, dest in analysis["datas"]}
    assert ("qtbase_zh_CN.qm", "PySide6/Qt/translations") in datas
    # keyring finds its backends through entry points: its metadata folder goes in whole
    metadata = [Path(source) for source, dest in analysis["datas"] if dest.startswith("keyring-")]
    assert len(metadata) == 1 and (metadata[0] / "entry_points.txt").is_file()
    assert ("reviewdesk_en.qm", "reviewdesk/resources/i18n") in datas
    assert ("reviewdesk.ico", "reviewdesk/resources") in datas
    # the filter applied to what the Qt hooks collect
    kept = [entry[0] for entry in namespace["a"].binaries + namespace["a"].datas]
    assert kept == [
        "PySide6/Qt6Core.dll",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/plugins/imageformats/qico.dll",
        "PySide6/Qt/translations/qtbase_zh_CN.qm",
        "reviewdesk/resources/i18n/reviewdesk_en.qm",
    ]
