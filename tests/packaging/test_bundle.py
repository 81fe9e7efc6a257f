"""Smoke test of the frozen program (``make bundle``): the executable in
dist/omclient/, not the source tree, run by a new user outside the checkout.

``make test`` builds the bundle first. Run alone, the tests skip without a
bundle, except in CI (CI=true), where a missing bundle fails them.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_postgresql.janitor import DatabaseJanitor

import omclient
from tests.packaging.frozen import Installed, assert_pdf
from tests.support import postgres

pytestmark = [pytest.mark.bundle, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "omclient"
EXE = BUNDLE / ("omclient-cli.exe" if sys.platform == "win32" else "omclient")
INTERNAL = BUNDLE / "_internal"


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    if not EXE.is_file():
        message = f"kein Bundle in {BUNDLE}: erst make bundle"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return Installed([str(EXE)], tmp_path_factory.mktemp("home"), tmp_path_factory.mktemp("arbeit"))


@pytest.fixture(scope="module")
def demo(frozen: Installed) -> Iterator[Installed]:
    """The frozen program with a migrated database holding a 100-unit demo."""
    assert "Schema-Stand" in frozen.ok("db", "upgrade")
    assert "100 Einheiten" in frozen.ok("demo", "--units", "100")
    yield frozen


def test_frozen_program_tells_its_version(frozen: Installed) -> None:
    assert frozen.ok("--version").strip() == f"omclient {omclient.__version__}"


def test_frozen_program_prints_every_report(demo: Installed) -> None:
    listed = re.findall(r"^    (\w+)", demo.ok("report", "--help"), flags=re.MULTILINE)
    objekt, einheit, bv = demo.einheit_mit_kaution()
    arguments = {
        "kontoauszug": ["--objekt", objekt, "--einheit", einheit],
        "kaution": ["--objekt", objekt, "--einheit", einheit, "--bv", bv],
        "uebergabeprotokoll": ["--objekt", objekt, "--einheit", einheit],
    }
    # A new report must be added here, so the bundle is proven to print it.
    assert sorted(listed) == sorted(arguments)
    for name, args in arguments.items():
        out = demo.cwd / f"{name}.pdf"
        demo.ok("report", name, *args, "-o", out.name)
        assert_pdf(out)


def test_frozen_gui_opens_overview_einheit_bv_and_print_preview(demo: Installed) -> None:
    result = demo.run("--selbsttest", timeout=180)

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":", 1)[0] for line in lines] == [
        "Hauptfenster",
        "Einheitenübersicht",
        "Einheit",
        "Bestandsverhältnis",
        "Vorschau Kontoauszug",
        "Selbsttest bestanden.",
    ]
    assert re.fullmatch(r"Vorschau Kontoauszug: [1-9]\d* Seite\(n\)", lines[4])


def test_frozen_program_works_on_a_postgresql_server(
    frozen: Installed, pg_server: postgres.PostgresServer
) -> None:
    name = f"om_bundle_{os.getpid()}"
    janitor = DatabaseJanitor(
        user=pg_server.user, host="127.0.0.1", port=pg_server.port, dbname=name
    )
    janitor.init()
    try:
        url = pg_server.url(name)
        assert "Schema-Stand" in frozen.ok("--database", url, "db", "upgrade")
        assert "PostgreSQL" in frozen.ok("--database", url, "demo", "--units", "20")
    finally:
        janitor.drop()


def test_bundle_holds_the_run_time_pieces_and_no_development_tools(frozen: Installed) -> None:
    present = {p.name for p in INTERNAL.iterdir()}
    for tool in ("pytest", "_pytest", "hypothesis", "mypy", "ruff", "importlinter", "grimp"):
        assert tool not in present, tool
    assert not {"pip", "setuptools", "pyftpdlib", "pypdf", "pytestqt"} & present
    package = INTERNAL / "omclient"
    assert (package / "migrations" / "env.py").is_file()
    assert (package / "resources" / "fonts" / "DejaVuSansCondensed.ttf").is_file()
    assert (package / "resources" / "icons" / "omclient-256.png").is_file()
    assert (INTERNAL / "babel" / "locale-data" / "de_AT.dat").is_file()
    assert {"psycopg_binary", "schwifty", "pypdfium2_raw"} <= present
    qt = "\n".join(str(p) for p in (INTERNAL / "PySide6").rglob("*"))
    assert "QtPrintSupport" in qt
    assert "QtSvg" in qt
