"""scripts/demo.sh on a fresh machine (issue 14, items 15–16): it names and installs the system libraries
Qt's xcb plugin lacks (scripts/qt_libs.py, which asks ``ldd``), runs offscreen without a display, and runs
pip only when the install is missing or the dependencies changed."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _qt_libs():
    spec = importlib.util.spec_from_file_location("qt_libs", ROOT / "scripts" / "qt_libs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


qt_libs = _qt_libs()


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),  # the two this machine's image lacked
        ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libX11-xcb.so.1", "libx11-xcb1"),
        ("libxcb-xinerama.so.0", "libxcb-xinerama0"),  # Debian's rule, not in the table
        ("libxcb-randr.so.0", "libxcb-randr0"),
        ("libfoo2.so.0.1.2", "libfoo2-0"),  # a name ending in a digit takes a hyphen
    ],
)
def test_each_missing_library_maps_to_its_debian_package(soname: str, package: str) -> None:
    assert qt_libs.package_for(soname) == package


def test_ldd_output_is_read_for_what_is_not_found() -> None:
    output = (
        "\tlinux-vdso.so.1 (0x00007ffd)\n"
        "\tlibQt6XcbQpa.so.6 => /x/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)\n"
        "\tlibxcb-icccm.so.4 => not found\n"
        "\tlibxcb-keysyms.so.1 => not found\n"
        "\tlibxcb-icccm.so.4 => not found\n"
    )
    assert qt_libs.missing_sonames(output) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]


def test_install_command_for_root_sudo_and_neither() -> None:
    assert qt_libs.install_command(["libxcb-icccm4"], is_root=True, has_sudo=False) == [
        "apt-get", "install", "-y", "--no-install-recommends", "libxcb-icccm4",
    ]  # fmt: skip
    assert qt_libs.install_command(["a"], is_root=False, has_sudo=True)[:2] == ["sudo", "-n"]
    assert qt_libs.install_command(["a"], is_root=False, has_sudo=False) is None


def test_a_library_that_is_really_missing_is_found_through_ldd(tmp_path: Path) -> None:
    """A real ELF plugin stand-in linked against a library that is then removed: ``ldd`` reports it and
    the script names its package — the same path libqxcb.so takes."""
    cc = shutil.which("cc") or shutil.which("gcc")
    assert cc, "a C compiler is part of this kind of machine"
    (tmp_path / "gone.c").write_text("int gone(void) { return 1; }\n")
    (tmp_path / "plugin.c").write_text("int gone(void);\nint probe(void) { return gone(); }\n")
    gone = tmp_path / "libreviewdeskgone.so.3"
    subprocess.run([cc, "-shared", "-fPIC", "-Wl,-soname,libreviewdeskgone.so.3", "-o", str(gone),
                    str(tmp_path / "gone.c")], check=True)  # fmt: skip
    (tmp_path / "libreviewdeskgone.so").symlink_to(gone.name)
    plugin = tmp_path / "libprobe.so"
    subprocess.run([cc, "-shared", "-fPIC", "-o", str(plugin), str(tmp_path / "plugin.c"),
                    f"-L{tmp_path}", "-lreviewdeskgone"], check=True)  # fmt: skip
    gone.unlink()
    assert qt_libs.missing_packages(plugin) == ["libreviewdeskgone3"]


def test_check_reports_what_this_machine_lacks_or_nothing() -> None:
    """``--check`` on the real PySide6 plugin: exit 1 exactly when ``ldd`` finds something missing."""
    plugin = qt_libs.xcb_plugin()
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "qt_libs.py"), "--check"],
                            capture_output=True, text=True, check=False)  # fmt: skip
    if plugin is None or not sys.platform.startswith("linux"):
        assert result.returncode == 0
        return
    ldd = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=False).stdout
    expected = [qt_libs.package_for(s) for s in qt_libs.missing_sonames(ldd)]
    assert result.returncode == (1 if expected else 0)
    for package in expected:
        assert package in result.stdout


def _fake_install(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A copy of the demo script beside the project's dependency files, with ``python3`` and the venv's
    programs replaced by stand-ins that log what they are asked to do."""
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    for name in ("pyproject.toml", "setup.py"):
        shutil.copy(ROOT / name, project / name)
    shutil.copy(ROOT / "scripts" / "demo.sh", project / "scripts" / "demo.sh")
    log = tmp_path / "calls.log"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    real = sys.executable
    stand_in = f"""#!/usr/bin/env bash
echo "python3 $*" >> {log}
if [[ "$1 $2" == "-m venv" ]]; then
    mkdir -p "$3/bin"
    printf '#!/usr/bin/env bash\\necho "venv-python $*" >> {log}\\n' > "$3/bin/python"
    printf '#!/usr/bin/env bash\\necho "reviewdesk $*" >> {log}\\n' > "$3/bin/reviewdesk"
    chmod +x "$3/bin/python" "$3/bin/reviewdesk"
    exit 0
fi
exec {real} "$@"
"""
    (bin_dir / "python3").write_text(stand_in)
    (bin_dir / "python3").chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    return project, log, env


def test_demo_script_installs_once_then_only_when_dependencies_change(tmp_path: Path) -> None:
    project, log, env = _fake_install(tmp_path)
    run = ["bash", str(project / "scripts" / "demo.sh")]
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    calls = log.read_text()
    assert "-m pip install --quiet -e ." in calls
    assert "reviewdesk --demo" in calls
    assert "offscreen" in first.stderr  # no display here: said, and run offscreen

    log.write_text("")
    subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    calls = log.read_text()
    assert "pip install" not in calls and "-m venv" not in calls  # nothing changed: no pip at all
    assert "reviewdesk --demo" in calls

    with (project / "pyproject.toml").open("a") as toml:
        toml.write("\n# a dependency changed\n")
    log.write_text("")
    subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    assert "-m pip install --quiet -e ." in log.read_text()
