"""Backup and restore of the embedded database: consistent, checked, never destructive."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from omclient import cli
from omclient.services.datensicherung import (
    POSTGRESQL_HINWEIS,
    tagessicherung,
    tagessicherung_still,
)
from tests.support import portfolio as pf


@pytest.fixture
def filled(sqlite_db) -> tuple[str, Path]:
    """The small portfolio in a SQLite database that stays open (engine with a pool)."""
    with sqlite_db.sessions.begin() as session:
        pf.build(session)
    url = sqlite_db.engine.url.render_as_string(hide_password=False)
    return url, Path(sqlite_db.engine.url.database or "")


def _stats(url: str, capsys) -> list[str]:
    capsys.readouterr()
    assert cli.main(["--database", url, "db", "stats"]) == 0
    return capsys.readouterr().out.splitlines()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_while_another_connection_writes_restores_identical_stats(
    filled, sqlite_db, tmp_path, capsys
):
    url, _path = filled
    before = _stats(url, capsys)
    backup = tmp_path / "sicherung.db"
    with sqlite_db.engine.connect() as reading:
        reading.execute(text("SELECT count(*) FROM einheit")).scalar_one()
        with sqlite_db.engine.connect() as writing:
            writing.execute(text("DELETE FROM ausstattung"))
            writing.execute(text("UPDATE objekt SET bezeichnung = 'halb fertig'"))
            # The write transaction is still open while the backup runs.
            assert cli.main(["--database", url, "db", "backup", str(backup)]) == 0
            writing.rollback()
    assert f"Datensicherung geschrieben: {backup}" in capsys.readouterr().out

    target = tmp_path / "anderer-platz" / "omclient.db"
    target_url = f"sqlite:///{target}"
    assert cli.main(["--database", target_url, "db", "restore", str(backup)]) == 0
    out = capsys.readouterr().out
    assert f"Datenbank {target} aus {backup} wiederhergestellt." in out
    assert _stats(target_url, capsys) == before
    conn = sqlite3.connect(target)
    assert "halb fertig" not in {r[0] for r in conn.execute("SELECT bezeichnung FROM objekt")}
    conn.close()


def test_restore_keeps_the_replaced_database_aside(filled, sqlite_db, tmp_path, capsys):
    url, path = filled
    backup = tmp_path / "sicherung.db"
    assert cli.main(["--database", url, "db", "backup", str(backup)]) == 0
    with sqlite_db.sessions.begin() as session:
        session.execute(text("UPDATE objekt SET bezeichnung = 'nach der Sicherung'"))
    sqlite_db.dispose()

    assert cli.main(["--database", url, "db", "restore", str(backup)]) == 0
    out = capsys.readouterr().out
    aside = [p for p in path.parent.iterdir() if ".vor-wiederherstellung-" in p.name]
    assert len(aside) == 1
    assert aside[0].name.startswith("om.db.vor-wiederherstellung-")
    assert f"Die bisherige Datenbank liegt als {aside[0]}." in out
    kept = sqlite3.connect(aside[0])
    assert {r[0] for r in kept.execute("SELECT bezeichnung FROM objekt")} == {"nach der Sicherung"}
    kept.close()
    restored = sqlite3.connect(path)
    assert "nach der Sicherung" not in {
        r[0] for r in restored.execute("SELECT bezeichnung FROM objekt")
    }
    restored.close()


def _refused(url: str, path: Path, source: Path, capsys) -> str:
    capsys.readouterr()
    before = _digest(path)
    files_before = sorted(p.name for p in path.parent.iterdir())
    assert cli.main(["--database", url, "db", "restore", str(source)]) == 1
    assert _digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == files_before
    return capsys.readouterr().err


def test_restore_refuses_a_text_file_and_changes_nothing(filled, sqlite_db, tmp_path, capsys):
    url, path = filled
    sqlite_db.dispose()
    source = tmp_path / "notizen.db"
    source.write_text("Das ist keine Datenbank.\n", encoding="utf-8")
    err = _refused(url, path, source, capsys)
    assert (
        err == "Fehler: „notizen.db“ ist keine omclient-Datensicherung (keine SQLite-Datenbank).\n"
    )


def test_restore_refuses_an_empty_sqlite_database(filled, sqlite_db, tmp_path, capsys):
    url, path = filled
    sqlite_db.dispose()
    source = tmp_path / "leer.db"
    sqlite3.connect(source).execute("CREATE TABLE x (a)").connection.close()
    err = _refused(url, path, source, capsys)
    assert err == "Fehler: „leer.db“ ist keine omclient-Datenbank.\n"


def test_restore_refuses_a_newer_schema(filled, sqlite_db, tmp_path, capsys):
    url, path = filled
    source = tmp_path / "neuer.db"
    assert cli.main(["--database", url, "db", "backup", str(source)]) == 0
    sqlite_db.dispose()
    conn = sqlite3.connect(source)
    conn.execute("UPDATE alembic_version SET version_num = '9999_aus_der_zukunft'")
    conn.commit()
    conn.close()
    err = _refused(url, path, source, capsys)
    assert "wurde von einer neueren omclient-Version geschrieben" in err
    assert "9999_aus_der_zukunft" in err


def test_restore_refuses_while_the_database_is_open_elsewhere(filled, sqlite_db, tmp_path, capsys):
    url, path = filled
    backup = tmp_path / "sicherung.db"
    assert cli.main(["--database", url, "db", "backup", str(backup)]) == 0
    with sqlite_db.engine.connect() as other:
        other.execute(text("SELECT 1")).scalar_one()
        capsys.readouterr()
        assert cli.main(["--database", url, "db", "restore", str(backup)]) == 1
    assert "noch in einem anderen omclient-Fenster" in capsys.readouterr().err
    assert not [p for p in path.parent.iterdir() if ".vor-wiederherstellung-" in p.name]


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_postgresql_points_to_the_servers_backup(command, tmp_path, capsys):
    url = "postgresql+psycopg://om@dbserver/om"
    assert cli.main(["--database", url, "db", command, str(tmp_path / "x.db")]) == 1
    assert capsys.readouterr().err == f"Fehler: {POSTGRESQL_HINWEIS}\n"
    assert not (tmp_path / "x.db").exists()


def test_backup_into_a_missing_folder_is_refused(filled, tmp_path, capsys):
    url, _path = filled
    assert cli.main(["--database", url, "db", "backup", str(tmp_path / "fehlt" / "x.db")]) == 1
    assert "Den Ordner" in capsys.readouterr().err


def test_daily_backup_once_a_day_keeps_the_last_14(filled, tmp_path):
    url, _path = filled
    data_dir = tmp_path / "daten"
    folder = data_dir / "sicherungen"
    first = dt.date(2026, 11, 1)
    for offset in range(16):
        day = first + dt.timedelta(days=offset)
        made = tagessicherung(url, data_dir, day)
        assert made == folder / f"omclient-{day.isoformat()}.db"
    other = folder / "meine-eigene.db"
    shutil.copyfile(folder / "omclient-2026-11-16.db", other)
    assert tagessicherung(url, data_dir, dt.date(2026, 11, 16)) is None
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [f"omclient-2026-11-{day:02d}.db" for day in range(3, 17)] + ["meine-eigene.db"]
    )


def test_daily_backup_failure_never_raises(filled, tmp_path, caplog):
    url, _path = filled
    blocker = tmp_path / "daten"
    blocker.write_text("eine Datei, kein Ordner", encoding="utf-8")
    assert tagessicherung_still(url, blocker, dt.date(2026, 11, 1)) is None
    assert "Tägliche Datensicherung fehlgeschlagen" in caplog.text
    assert str(tmp_path) not in caplog.text


def test_daily_backup_skips_postgresql(tmp_path):
    assert tagessicherung("postgresql+psycopg://om@db/om", tmp_path, dt.date(2026, 11, 1)) is None
    assert not (tmp_path / "sicherungen").exists()


def test_unusable_database_address_is_a_german_message(tmp_path, capsys):
    assert cli.main(["--database", "unsinn", "db", "backup", str(tmp_path / "x.db")]) == 1
    assert capsys.readouterr().err == "Fehler: Die Datenbank-Adresse „unsinn“ ist ungültig.\n"
