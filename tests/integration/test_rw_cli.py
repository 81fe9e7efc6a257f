"""``omclient demo`` and ``omclient rw-import`` as a user runs them (both databases)."""

from __future__ import annotations

from pathlib import Path

import pytest

from omclient.cli import main
from omclient.demo import ensure_demo_database


def _stats(url: str, capsys: pytest.CaptureFixture[str]) -> dict[str, int]:
    assert main(["--database", url, "db", "stats"]) == 0
    out = capsys.readouterr().out
    return {k: int(v) for k, v in (line.split("=") for line in out.splitlines() if "=" in line)}


def test_demo_export_import_reimport_and_broken_date(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rw1"
    assert main(["demo", "--units", "60", "--seed", "3", "--out", str(out)]) == 0
    assert "60 Einheiten" in capsys.readouterr().out

    assert main(["--database", db_url, "rw-import", str(out)]) == 0
    first = capsys.readouterr().out
    assert "einheiten: neu=60 geaendert=0 unveraendert=0 deaktiviert=0" in first
    stats = _stats(db_url, capsys)
    assert stats["einheiten"] == 60

    assert main(["--database", db_url, "rw-import", str(out)]) == 0
    second = capsys.readouterr().out
    assert "gesamt: neu=0 geaendert=0" in second and "deaktiviert=0" in second
    assert "Keine Änderungen." in second

    einheiten = out / "einheiten.csv"
    lines = einheiten.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    column = header.index("erstbezug")
    fields = lines[5].split(";")
    fields[column] = "31.02.2020"
    lines[5] = ";".join(fields)
    einheiten.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")

    assert main(["--database", db_url, "rw-import", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"einheiten.csv:6:{column + 1}: „31.02.2020“ ist kein gültiges Datum" in err
    assert "es wurde nichts geändert" in err
    assert _stats(db_url, capsys) == stats


def test_dry_run_prints_counts_and_saves_nothing(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rw.zip"
    assert main(["demo", "--units", "25", "--seed", "5", "--out", str(out)]) == 0
    capsys.readouterr()

    assert main(["--database", db_url, "rw-import", str(out), "--dry-run"]) == 0

    printed = capsys.readouterr().out
    assert "einheiten: neu=25" in printed
    assert "Probelauf: es wurde nichts gespeichert." in printed
    assert _stats(db_url, capsys)["einheiten"] == 0


def test_demo_fills_the_database_with_exactly_n_units(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database", db_url, "demo", "--units", "120", "--seed", "1"]) == 0
    capsys.readouterr()

    stats = _stats(db_url, capsys)

    assert stats["einheiten"] == 120
    empty = [name for name, count in stats.items() if count == 0]
    assert empty == [], f"entities without demo data: {empty}"

    assert main(["--database", db_url, "demo", "--units", "5"]) == 1
    assert "bereits 120 Einheiten" in capsys.readouterr().err


def test_demo_is_deterministic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert main(["demo", "--units", "40", "--seed", "9", "--out", str(tmp_path / name)]) == 0
    for file in (tmp_path / "a").glob("*.csv"):
        assert file.read_bytes() == (tmp_path / "b" / file.name).read_bytes(), file.name
    assert main(["demo", "--units", "40", "--seed", "10", "--out", str(tmp_path / "c")]) == 0
    assert (tmp_path / "a" / "personen.csv").read_bytes() != (
        tmp_path / "c" / "personen.csv"
    ).read_bytes()


def test_ensure_demo_database_fills_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"

    assert ensure_demo_database(url, units=50, seed=2) is True
    assert ensure_demo_database(url, units=50, seed=2) is False


def test_missing_path_is_a_clear_error(
    sqlite_db: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert main(["--database", url, "rw-import", str(tmp_path / "gibt-es-nicht")]) == 1
    assert "nicht gefunden" in capsys.readouterr().err
