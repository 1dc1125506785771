"""Finds the system libraries Qt's xcb platform plugin needs and this Linux machine lacks, and installs them.

    python3 scripts/qt_libs.py --check     # list what is missing (exit 1 if anything is), change nothing
    python3 scripts/qt_libs.py --install   # install what is missing (root, or sudo without a password);
                                           # otherwise print the exact command to run and exit 1

Why: PySide6's wheels carry Qt but not the X11/xcb libraries its ``libqxcb.so`` plugin links against
(libxcb-icccm4, libxcb-keysyms1, libxcb-cursor0, …). On a fresh Debian/Ubuntu desktop some are missing,
and Qt then dies at start with "Could not load the Qt platform plugin "xcb"" without naming the library.
The plugin itself says what it lacks: ``ldd`` lists each unresolved ``lib….so.N`` as "not found". So this
script asks ``ldd`` rather than keeping a list of packages that goes stale with every Qt release, and maps
each missing soname to its Debian package (a table of the known ones, else Debian's naming rule
``libfoo-bar.so.4`` → ``libfoo-bar4``). ``scripts/demo.sh`` runs ``--install`` before starting the window
when a display is present. Windows and macOS need none of this (Qt ships what it needs there).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

#: Sonames whose Debian package does not follow the naming rule (or is worth stating outright).
KNOWN_PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libxcb.so.1": "libxcb1",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$")


def package_for(soname: str) -> str:
    """Debian's package for a shared library: the table, else the naming rule (``libfoo.so.N`` →
    ``libfooN``, with a hyphen when the name ends in a digit: ``libfoo2.so.0`` → ``libfoo2-0``)."""
    if soname in KNOWN_PACKAGES:
        return KNOWN_PACKAGES[soname]
    match = re.fullmatch(r"(lib[\w.+-]+?)\.so\.(\d+)(?:\.\d+)*", soname)
    if not match:
        return soname
    name, major = match.group(1).lower().replace("_", "-"), match.group(2)
    return f"{name}-{major}" if name[-1].isdigit() else f"{name}{major}"


def missing_sonames(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` could not resolve, each once, in the order it named them."""
    found: list[str] = []
    for line in ldd_output.splitlines():
        match = _NOT_FOUND.match(line)
        if match and match.group(1) not in found:
            found.append(match.group(1))
    return found


def xcb_plugin() -> Path | None:
    """PySide6's xcb platform plugin in the Python running this script, or None without PySide6."""
    try:
        import PySide6
    except ImportError:
        return None
    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def missing_packages(plugin: Path) -> list[str]:
    """The Debian packages that would satisfy what ``ldd`` says the plugin lacks."""
    result = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=False)
    packages: list[str] = []
    for soname in missing_sonames(result.stdout):
        package = package_for(soname)
        if package not in packages:
            packages.append(package)
    return packages


def install_command(packages: Iterable[str], *, is_root: bool, has_sudo: bool) -> list[str] | None:
    """The apt-get command that installs ``packages`` from here, or None when this user cannot run one."""
    command = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    if is_root:
        return command
    if has_sudo:
        return ["sudo", "-n", *command]
    return None


def _sudo_without_password() -> bool:
    if not shutil.which("sudo"):
        return False
    return subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False).returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--check", action="store_true", help="list what is missing; change nothing")
    group.add_argument("--install", action="store_true", help="install what is missing, or say how")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        return 0
    plugin = xcb_plugin()
    if plugin is None or not shutil.which("ldd"):
        return 0  # no Qt xcb plugin here (or no ldd to ask): nothing this script can check
    packages = missing_packages(plugin)
    if not packages:
        return 0
    print("Qt's xcb platform plugin needs system libraries this machine lacks: " + " ".join(packages))
    if args.check:
        return 1
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    command = install_command(packages, is_root=is_root, has_sudo=not is_root and _sudo_without_password())
    if command is None or not shutil.which("apt-get"):
        manual = "sudo apt-get install -y --no-install-recommends " + " ".join(packages)
        print(f"Install them, then start again:\n    {manual}", file=sys.stderr)
        return 1
    print("Installing: " + " ".join(command), flush=True)
    update = [*command[: command.index("apt-get")], "apt-get", "update", "-qq"]
    subprocess.run(update, check=False)
    if subprocess.run(command, check=False).returncode != 0 or missing_packages(plugin):
        print("The install did not complete; run it yourself:\n    " + " ".join(command), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
