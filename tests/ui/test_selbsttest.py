"""omclient --selbsttest: opens the main windows on the configured database and says so."""

from __future__ import annotations

from omclient.config import Settings
from omclient.ui.selbsttest import run_selbsttest


def settings_for(url: str, tmp_path) -> Settings:
    return Settings(database_url=url, data_dir=tmp_path / "data", log_dir=tmp_path / "log")


def test_selbsttest_opens_every_main_window_and_the_preview(
    qapp, db_url, portfolio, tmp_path, capsys
):
    code = run_selbsttest(settings_for(db_url, tmp_path))

    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert [line.split(":", 1)[0] for line in out] == [
        "Hauptfenster",
        "Einheitenübersicht",
        "Einheit",
        "Bestandsverhältnis",
        "Vorschau Kontoauszug",
        "Selbsttest bestanden.",
    ]
    assert not [w for w in qapp.topLevelWidgets() if w.isVisible()]


def test_selbsttest_on_an_empty_database_fails_with_a_german_reason(qapp, db_url, tmp_path, capsys):
    code = run_selbsttest(settings_for(db_url, tmp_path))

    captured = capsys.readouterr()
    assert code == 1
    assert "Selbsttest fehlgeschlagen: die Datenbank enthält kein Objekt" in captured.err
    assert "bestanden" not in captured.out
