"""The files that install omclient on a desktop: installer script, desktop entry,
AppStream metainfo, icons and the PyInstaller spec."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def iss_setup() -> dict[str, str]:
    text = (PACKAGING / "omclient.iss").read_text(encoding="utf-8-sig")
    section = text.split("[Setup]", 1)[1].split("\n[", 1)[0]
    return dict(
        line.split("=", 1) for line in section.splitlines() if "=" in line and line[:1] != ";"
    )


def test_installer_is_a_tracked_64_bit_per_machine_install_with_icon() -> None:
    setup = iss_setup()

    # A fixed GUID (written with Inno's doubled brace) lets upgrades replace the install.
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["ArchitecturesInstallIn64BitMode"] == "x64compatible"
    assert setup["ArchitecturesAllowed"] == "x64compatible"
    assert setup["PrivilegesRequired"] == "admin"
    assert setup["DefaultDirName"] == r"{autopf}\omclient"
    icon = PACKAGING / setup["SetupIconFile"].replace("\\", "/")
    assert icon.resolve() == ICONS / "omclient.ico"
    assert icon.is_file()


def test_installer_sets_up_and_removes_the_nightly_rw_import_with_the_console_exe() -> None:
    text = (PACKAGING / "omclient.iss").read_text(encoding="utf-8-sig")
    task = re.search(r'#define RwTask "([^"]+)"', text)
    assert task is not None
    create = next(line for line in text.splitlines() if "/Create" in line)
    assert "omclient-cli.exe" in create
    assert "rw-import" in create
    assert "Tasks: rwimport" in create
    assert re.search(r'Name: "rwimport"; Description: "RW-Import jede Nacht', text)
    uninstall = text.split("[UninstallRun]", 1)[1].split("\n[", 1)[0]
    assert '/Delete /F /TN ""{#RwTask}""' in uninstall


def test_installer_places_the_machine_wide_configuration_once() -> None:
    text = (PACKAGING / "omclient.iss").read_text(encoding="utf-8-sig")
    line = next(line for line in text.splitlines() if "omclient.toml.example" in line)
    assert r'DestDir: "{commonappdata}\omclient"' in line
    assert 'DestName: "omclient.toml"' in line
    # IT's edited file survives a reinstall and the uninstaller.
    assert "onlyifdoesntexist" in line
    assert "uninsneveruninstall" in line


def test_spec_builds_a_console_companion_on_windows() -> None:
    spec = (PACKAGING / "omclient.spec").read_text(encoding="utf-8")
    assert re.search(r'name="omclient-cli",[^)]*console=True', spec)
    assert 'name="omclient"' in spec
    assert "hiddenimports" not in spec or "omclient." not in spec.split("hiddenimports", 1)[1]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_icon_pngs_have_the_size_their_name_says() -> None:
    for size in SIZES:
        assert png_size(ICONS / f"omclient-{size}.png") == (size, size)


def test_windows_icon_holds_every_size() -> None:
    data = (ICONS / "omclient.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        width, _h, _c, _r, _p, _bpp, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        assert data[offset : offset + 4] == b"\x89PNG"
        assert offset + length <= len(data)
        sizes.append(width or 256)
    assert sorted(sizes) == list(SIZES)


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_desktop_entry_is_valid() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(PACKAGING / "omclient.desktop")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""
    text = (PACKAGING / "omclient.desktop").read_text(encoding="utf-8")
    assert "Icon=omclient\n" in text


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream")
def test_appstream_metainfo_is_valid_and_launches_the_desktop_entry() -> None:
    metainfo = PACKAGING / "at.omclient.omclient.metainfo.xml"
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(metainfo)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert '<launchable type="desktop-id">omclient.desktop</launchable>' in metainfo.read_text(
        encoding="utf-8"
    )
