"""Verbindung testen: German messages for the real PostgreSQL errors a clerk meets."""

from __future__ import annotations

import os
import socket

import psycopg
import pytest

from omclient.config import KEYRING_SERVICE
from omclient.services.verbindung import (
    fehlermeldung,
    mit_passwort,
    passwort_speichern,
    verbindung_testen,
    version_pruefen,
)
from tests.support import postgres


def _url(server, dbname: str = "postgres", user: str | None = None, port: int | None = None):
    return f"postgresql+psycopg://{user or server.user}@127.0.0.1:{port or server.port}/{dbname}"


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def password_role(pg_server) -> tuple[str, str]:
    """A login role that must give a password (scram) on the test server."""
    role, secret = "om_passwort_test", "richtig-123"
    postgres.add_password_role(pg_server, role, secret)
    return role, secret


def test_success_names_the_server_version(pg_server):
    result = verbindung_testen(_url(pg_server))
    assert result.ok
    assert result.meldung.startswith("Verbindung erfolgreich: PostgreSQL ")
    assert result.server_version and result.server_version[0].isdigit()


def test_database_that_does_not_exist(pg_server):
    result = verbindung_testen(_url(pg_server, dbname="gibt_es_nicht"))
    assert not result.ok
    assert result.meldung == (
        "Die Datenbank „gibt_es_nicht“ gibt es auf dem Server „127.0.0.1“ nicht. Bitte prüfen "
        "Sie den Namen oder lassen Sie sie von der IT anlegen."
    )


def test_port_where_no_server_listens(pg_server):
    port = _unused_port()
    result = verbindung_testen(_url(pg_server, port=port))
    assert not result.ok
    assert result.meldung.startswith(f"Der Server „127.0.0.1:{port}“ ist nicht erreichbar")


def test_host_not_found():
    result = verbindung_testen("postgresql+psycopg://om@server-gibt-es-nicht.invalid/om")
    assert not result.ok
    assert result.meldung == (
        "Der Server „server-gibt-es-nicht.invalid“ wurde nicht gefunden. "
        "Bitte prüfen Sie den Servernamen."
    )


def test_unknown_user(pg_server):
    result = verbindung_testen(_url(pg_server, user="niemand"))
    assert not result.ok
    assert result.meldung == "Den Benutzer „niemand“ gibt es auf dem Server „127.0.0.1“ nicht."


def test_wrong_missing_and_right_password(pg_server, password_role):
    role, secret = password_role
    url = _url(pg_server, user=role)
    wrong = verbindung_testen(url, passwort="falsch")
    assert not wrong.ok
    assert (
        wrong.meldung == f"Anmeldung abgelehnt: Das Passwort für den Benutzer „{role}“ ist falsch."
    )
    missing = verbindung_testen(url)
    assert not missing.ok
    assert "verlangt ein Passwort" in missing.meldung
    assert verbindung_testen(url, passwort=secret).ok


def test_remembered_password_is_used(pg_server, password_role, memory_keyring):
    role, secret = password_role
    url = _url(pg_server, user=role)
    passwort_speichern(url, secret)
    assert memory_keyring.secrets == {
        (KEYRING_SERVICE, f"postgresql://{role}@127.0.0.1:{pg_server.port}/postgres"): secret
    }
    assert verbindung_testen(url).ok
    assert secret in mit_passwort(url)
    assert mit_passwort("sqlite:///x.db") == "sqlite:///x.db"


def test_server_too_old_names_the_minimum():
    assert version_pruefen(150004, "15.4") is None
    assert version_pruefen(120018, "12.18") == (
        "Der Server läuft mit PostgreSQL 12.18; omclient braucht PostgreSQL 13 oder neuer. "
        "Bitte wenden Sie sich an die IT."
    )


def test_german_server_messages_are_mapped_too():
    url = "postgresql+psycopg://anna@db/om"
    assert fehlermeldung(
        "FATAL:  Passwort-Authentifizierung für Benutzer »anna« fehlgeschlagen", url
    ).startswith("Anmeldung abgelehnt")
    assert fehlermeldung("FATAL:  Datenbank »om« existiert nicht", url).startswith(
        "Die Datenbank „om“"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root darf in jeden Ordner schreiben")
def test_sqlite_folder_that_cannot_be_written(tmp_path):
    folder = tmp_path / "gesperrt"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = verbindung_testen(f"sqlite:///{folder / 'om.db'}")
    finally:
        folder.chmod(0o700)
    assert not result.ok
    assert result.meldung == f"In den Ordner „{folder}“ darf nicht geschrieben werden."


def test_sqlite_new_file(tmp_path):
    result = verbindung_testen(f"sqlite:///{tmp_path / 'neu' / 'om.db'}")
    assert result.ok
    assert "wird beim Start neu angelegt" in result.meldung


def test_command_line_gets_the_same_german_message(pg_server, capsys):
    from omclient import cli

    url = _url(pg_server, dbname="gibt_es_nicht")
    assert cli.main(["--database", url, "db", "stats"]) == 1
    assert capsys.readouterr().err == (
        "Fehler: Die Datenbank „gibt_es_nicht“ gibt es auf dem Server „127.0.0.1“ nicht. "
        "Bitte prüfen Sie den Namen oder lassen Sie sie von der IT anlegen.\n"
    )


def test_password_from_the_keyring_is_used_by_the_command_line(pg_server, password_role, capsys):
    from omclient import cli

    role, secret = password_role
    with psycopg.connect(
        f"host=127.0.0.1 port={pg_server.port} user={pg_server.user} dbname=postgres",
        autocommit=True,
    ) as conn:
        conn.execute("DROP DATABASE IF EXISTS om_cli_passwort")
        conn.execute(f"CREATE DATABASE om_cli_passwort OWNER {role}")
    url = _url(pg_server, dbname="om_cli_passwort", user=role)
    assert cli.main(["--database", url, "db", "stats"]) == 1
    assert "verlangt ein Passwort" in capsys.readouterr().err
    passwort_speichern(url, secret)
    assert cli.main(["--database", url, "db", "stats"]) == 0
    assert "einheiten=0" in capsys.readouterr().out.splitlines()


def test_verbindungsangaben_for_the_dialog():
    from omclient.services.verbindung import Verbindungsangaben, verbindungsangaben

    pg = verbindungsangaben("postgresql+psycopg://anna:geheim@db:5433/om?sslmode=require")
    assert pg == Verbindungsangaben(
        "postgresql", None, "db", 5433, "om", "anna", {"sslmode": "require"}
    )
    assert "geheim" not in repr(pg)
    assert verbindungsangaben("sqlite:////daten/om.db").pfad == "/daten/om.db"
    assert verbindungsangaben("unsinn") == Verbindungsangaben()
