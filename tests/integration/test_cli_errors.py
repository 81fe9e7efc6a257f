"""Wrong command lines: a German message and an exit code, never a traceback, nothing changed."""

from __future__ import annotations

import socket

import pytest

from omclient.cli import main
from omclient.config import log_dir


def stats(url: str, capsys) -> str:
    assert main(["--database", url, "db", "stats"]) == 0
    return capsys.readouterr().out


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


UNWRITABLE = "/proc/omclient-gibt-es-nicht/ordner"


@pytest.mark.parametrize(
    ("argv", "expected_code", "message"),
    [
        (("kaution", "1e999", "01.01.2020", "31.12.2025"), 2, "„1e999“ ist kein gültiger Betrag"),
        (("kaution", "1e5", "01.01.2020", "31.12.2025"), 2, "„1e5“ ist kein gültiger Betrag"),
        (("kaution", "NaN", "01.01.2020", "31.12.2025"), 2, "kein gültiger Betrag"),
        (("kaution", "99999999999", "01.01.2020", "31.12.2025"), 2, "ist zu groß"),
        (("kaution", "--", "-5", "01.01.2020", "31.12.2025"), 1, "darf nicht negativ sein"),
        (("kaution", "1000", "31.02.2020", "31.12.2025"), 2, "kein gültiges Datum"),
        (("kaution", "1000", "01.01.2025", "31.12.2020"), 1, "liegt vor dem Einzahlungsdatum"),
        (
            ("kaution", "1000", "01.01.2020", "31.12.2025", "--richtsatz", "01.01.2000=1e3"),
            2,
            "kein gültiger Zinssatz",
        ),
        (("report", "kontoauszug", "--objekt", "99999", "-o", "x.pdf"), 1, "nicht gefunden"),
        (
            ("report", "kontoauszug", "--objekt", "1010", "-o", f"{UNWRITABLE}/ka.pdf"),
            1,
            "kann nicht verwendet werden",
        ),
        (("demo", "--units", "5", "--out", UNWRITABLE), 1, "kann nicht verwendet werden"),
        (("immomio", "export", "-o", f"{UNWRITABLE}/x.xml"), 1, "kann nicht verwendet werden"),
        (("rw-import", "/gibt/es/nicht.zip"), 1, "Fehler:"),
        (("db", "stats", "--gibtsnicht"), 2, "unbekannte Angaben"),
    ],
)
def test_refused_command_changes_nothing(
    db_url, portfolio, tmp_path, monkeypatch, capsys, argv, expected_code, message
):
    monkeypatch.chdir(tmp_path)
    before = stats(db_url, capsys)
    try:
        code, output = run(capsys, "--database", db_url, *argv)
    except SystemExit as exit_:
        code, output = int(exit_.code or 0), "".join(capsys.readouterr())
    assert code == expected_code, output
    assert message in output
    assert "Traceback" not in output
    assert stats(db_url, capsys) == before


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nonsense", "Die Datenbank-Adresse „nonsense“ ist ungültig"),
        ("postgresql://::::", "ist ungültig"),
        ("mysql://om@server/om", "nicht mit „mysql“"),
        (f"sqlite:///{UNWRITABLE}/om.db", "Die Datenbank kann nicht angelegt werden"),
    ],
)
def test_unusable_database_address_is_a_german_message(capsys, url, message):
    code, output = run(capsys, "--database", url, "db", "stats")
    assert code == 1
    assert message in output
    assert "Traceback" not in output


def test_a_file_that_is_not_sqlite_is_refused_unchanged(tmp_path, capsys):
    path = tmp_path / "brief.db"
    path.write_text("Sehr geehrte Damen und Herren")
    code, output = run(capsys, "--database", f"sqlite:///{path}", "db", "upgrade")
    assert code == 1
    assert f"Die Datei „{path}“ ist keine SQLite-Datenbank." in output
    assert path.read_text() == "Sehr geehrte Damen und Herren"


def test_unreachable_postgresql_names_the_server_but_not_the_password(capsys):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket is closed
    code, output = run(
        capsys, "--database", f"postgresql://om:geheim@127.0.0.1:{port}/om", "db", "stats"
    )
    assert code == 1
    assert f"127.0.0.1:{port}" in output
    assert "geheim" not in output
    assert "Traceback" not in output


def test_a_command_logs_start_and_outcome_to_the_shared_log(db_url, portfolio, tmp_path, capsys):
    assert main(["--database", db_url, "db", "stats"]) == 0
    text = (log_dir() / "omclient.log").read_text(encoding="utf-8")
    assert "Befehl omclient.commands.db.stats_cmd gestartet" in text
    assert "Befehl omclient.commands.db.stats_cmd beendet mit Code 0" in text
