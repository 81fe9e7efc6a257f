"""A wheel built from the checkout works when installed elsewhere: everything it
reads at run time (migrations, fonts, logo, icons) ships inside the package.

Installed without extras (no PostgreSQL driver) into a fresh virtual environment
outside the checkout, with the pinned versions of packaging/constraints.txt
(pip takes them from its cache after the first run).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.packaging.frozen import Installed, assert_pdf

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def pip(python: Path, *args: str) -> None:
    subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", "-q", *args],
        check=True,
        timeout=900,
    )


@pytest.fixture(scope="module")
def omclient_exe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``omclient`` script of a fresh venv with the wheel installed."""
    wheels = tmp_path_factory.mktemp("wheel")
    # setuptools reuses build/lib: a module deleted since the last build would ship.
    shutil.rmtree(ROOT / "build" / "lib", ignore_errors=True)
    pip(Path(sys.executable), "wheel", "--no-deps", "-w", str(wheels), str(ROOT))
    (wheel,) = wheels.glob("omclient-*.whl")
    env = tmp_path_factory.mktemp("venv")
    venv.create(env, with_pip=True)
    bindir = env / ("Scripts" if sys.platform == "win32" else "bin")
    python = bindir / ("python.exe" if sys.platform == "win32" else "python")
    pip(python, "install", "-c", str(ROOT / "packaging" / "constraints.txt"), str(wheel))
    return bindir / "omclient"


@pytest.fixture
def installed(omclient_exe: Path, tmp_path: Path) -> Installed:
    """The installed program for a new user: empty home, working folder outside the checkout."""
    (tmp_path / "home").mkdir()
    (tmp_path / "arbeit").mkdir()
    return Installed([str(omclient_exe)], tmp_path / "home", tmp_path / "arbeit")


def test_wheel_ships_migrations_and_report_fonts(installed: Installed) -> None:
    assert "Schema-Stand" in installed.ok("db", "upgrade")
    assert "50 Einheiten" in installed.ok("demo", "--units", "50")
    objekt, einheit, _bv = installed.einheit_mit_kaution()

    installed.ok("report", "kontoauszug", "--objekt", objekt, "--einheit", einheit, "-o", "x.pdf")

    assert_pdf(installed.cwd / "x.pdf")
    assert not (installed.cwd / "alembic.ini").exists()


def test_wheel_opens_the_gui(installed: Installed) -> None:
    installed.ok("demo", "--units", "10")

    assert "Selbsttest bestanden." in installed.ok("--selbsttest", timeout=180)
