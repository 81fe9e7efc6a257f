"""The Datenbankverbindung dialog and the first start, driven as a clerk does."""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import tomllib
from pathlib import Path

import keyring
import psycopg
import pytest
from keyring.backends import fail
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from omclient import config
from omclient.config import KEYRING_SERVICE, Settings
from omclient.ui import app as app_module
from omclient.ui.datenbank.verbindung import DatenbankDialog
from omclient.ui.objekt.main_window import MainWindow


@pytest.fixture
def warnings_shown(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, _t, text, *a, **k: shown.append(text))
    )
    return shown


def _config_file() -> Path:
    return Path(os.environ[config.CONFIG_ENV])


def _dialog(qtbot, settings: Settings | None = None) -> DatenbankDialog:
    dialog = DatenbankDialog(settings or Settings(), erster_start=True)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type(qtbot, edit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def _choose(qtbot, radio) -> None:
    # Click the round indicator: the button is wider than its text.
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))


def _test_result(qtbot, dialog: DatenbankDialog) -> str:
    qtbot.mouseClick(dialog.testen_button, Qt.MouseButton.LeftButton)
    assert not dialog.testen_button.isEnabled()
    qtbot.waitUntil(dialog.testen_button.isEnabled, timeout=15000)
    return dialog.ergebnis.text()


def _server(qtbot, dialog: DatenbankDialog, server, dbname: str, user: str) -> None:
    _choose(qtbot, dialog.server_radio)
    _type(qtbot, dialog.server_edit, "127.0.0.1")
    dialog.port_spin.setValue(server.port)
    _type(qtbot, dialog.datenbank_edit, dbname)
    _type(qtbot, dialog.benutzer_edit, user)


def test_first_start_offers_the_local_database_with_its_path(qtbot):
    settings = Settings()
    assert not settings.database_configured
    dialog = _dialog(qtbot, settings)
    assert dialog.windowTitle() == "Datenbankverbindung"
    assert dialog.lokal_radio.text() == "&Lokale Datenbank auf diesem Arbeitsplatz"
    assert dialog.lokal_radio.isChecked()
    assert dialog.pfad_edit.text() == str(settings.data_dir / "omclient.db")
    assert not dialog.server_edit.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == DatenbankDialog.DialogCode.Accepted
    assert dialog.url == f"sqlite:///{settings.data_dir / 'omclient.db'}"
    saved = tomllib.loads(_config_file().read_text("utf-8"))
    assert saved == {
        "database": {"backend": "sqlite", "path": str(settings.data_dir / "omclient.db")}
    }
    assert Settings().database_configured


def test_verbindung_testen_names_the_problem_and_the_success(qtbot, pg_server):
    dialog = _dialog(qtbot)
    _server(qtbot, dialog, pg_server, "gibt_es_nicht", pg_server.user)
    assert _test_result(qtbot, dialog) == (
        "Die Datenbank „gibt_es_nicht“ gibt es auf dem Server „127.0.0.1“ nicht. Bitte prüfen "
        "Sie den Namen oder lassen Sie sie von der IT anlegen."
    )
    _type(qtbot, dialog.datenbank_edit, "postgres")
    assert dialog.ergebnis.text() == ""
    assert _test_result(qtbot, dialog).startswith("Verbindung erfolgreich: PostgreSQL ")


def test_ok_saves_the_server_and_the_password_only_in_the_keyring(qtbot, pg_server, memory_keyring):
    dialog = _dialog(qtbot)
    _server(qtbot, dialog, pg_server, "om", "anna")
    _type(qtbot, dialog.passwort_edit, "geheim-42")
    dialog.merken_check.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == DatenbankDialog.DialogCode.Accepted
    text = _config_file().read_text("utf-8")
    assert "geheim-42" not in text
    assert tomllib.loads(text)["database"] == {
        "backend": "postgresql",
        "host": "127.0.0.1",
        "port": pg_server.port,
        "name": "om",
        "user": "anna",
    }
    assert memory_keyring.secrets == {
        (KEYRING_SERVICE, f"postgresql://anna@127.0.0.1:{pg_server.port}/om"): "geheim-42"
    }
    assert dialog.url == f"postgresql+psycopg://anna@127.0.0.1:{pg_server.port}/om"


def test_missing_server_is_refused_and_nothing_saved(qtbot, warnings_shown):
    dialog = _dialog(qtbot)
    _choose(qtbot, dialog.server_radio)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert warnings_shown == ["Bitte füllen Sie aus: Server, Datenbank."]
    assert dialog.isVisible()
    assert not _config_file().exists()


def test_without_keyring_the_password_cannot_be_remembered(qtbot):
    keyring.set_keyring(fail.Keyring())
    dialog = _dialog(qtbot)
    assert not dialog.merken_check.isEnabled()
    assert "kein Schlüsselbund" in dialog.keyring_hinweis.text()
    assert "bei jedem Start abgefragt" in dialog.keyring_hinweis.text()


def test_later_the_dialog_shows_the_current_server_and_says_restart(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "omclient.toml"
    path.write_text(
        '[database]\nbackend = "postgresql"\nhost = "db.firma.local"\nname = "om"\n'
        'user = "anna"\nsslmode = "require"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv(config.CONFIG_ENV, str(path))
    dialog = DatenbankDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.server_radio.isChecked()
    assert dialog.server_edit.text() == "db.firma.local"
    assert dialog.port_spin.value() == 5432
    assert "ab dem nächsten Start" in dialog.findChild(type(dialog.ergebnis), "einleitung").text()
    _type(qtbot, dialog.datenbank_edit, "om2")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    saved = tomllib.loads(path.read_text("utf-8"))["database"]
    assert saved["name"] == "om2"
    assert saved["sslmode"] == "require"


def _run_gui_capturing(monkeypatch, answer) -> tuple[int, list[str]]:
    """run_gui with the dialog answered by ``answer`` and the event loop replaced."""
    seen: list[str] = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)

    def exec_dialog(dialog):
        seen.append(dialog.windowTitle())
        return answer(dialog)

    def exec_app() -> int:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        for window in windows:
            if window.isVisible():
                seen.append(window.windowTitle())
                seen.append(window.ctx.db.display_name)
                window.close()
        return 0

    monkeypatch.setattr(DatenbankDialog, "exec", exec_dialog)
    monkeypatch.setattr(QApplication, "exec", staticmethod(exec_app))
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _p, _t, text, *a, **k: seen.append(text))
    )
    code = app_module.run_gui(Settings())
    return code, seen


def test_first_start_asks_once_then_opens_the_chosen_database(qapp, monkeypatch, tmp_path):
    target = tmp_path / "arbeitsplatz" / "om.db"

    def choose_local(dialog: DatenbankDialog):
        dialog.pfad_edit.setText(str(target))
        dialog.accept()
        return dialog.result()

    code, seen = _run_gui_capturing(monkeypatch, choose_local)
    assert code == 0
    assert seen == ["Datenbankverbindung", "omclient – Objektmanagement", f"SQLite: {target}"]
    assert target.exists()
    for thread in threading.enumerate():
        if thread.name == "tagessicherung":
            thread.join()
    daily = Settings().data_dir / "sicherungen" / f"omclient-{dt.date.today().isoformat()}.db"
    assert daily.exists()

    code, seen = _run_gui_capturing(monkeypatch, lambda d: pytest.fail("fragt nochmals"))
    assert seen[-1] == f"SQLite: {target}"


def test_cancel_at_first_start_ends_without_a_database(qapp, monkeypatch):
    code, seen = _run_gui_capturing(monkeypatch, lambda d: DatenbankDialog.DialogCode.Rejected)
    assert code == 0
    assert seen == ["Datenbankverbindung"]
    assert not _config_file().exists()
    assert not (Settings().data_dir / "omclient.db").exists()


def _configure(monkeypatch, tmp_path, table: str) -> None:
    path = tmp_path / "it.toml"
    path.write_text(f"[database]\n{table}", encoding="utf-8")
    monkeypatch.setenv(config.CONFIG_ENV, str(path))


def _answer_box(monkeypatch, button_text: str, seen: list[str]) -> None:
    def exec_box(box: QMessageBox) -> int:
        seen.append(box.text())
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_box)


def test_unreachable_database_at_start_offers_a_change_or_ends(
    qapp, monkeypatch, tmp_path, pg_server
):
    _configure(
        monkeypatch,
        tmp_path,
        f'backend = "postgresql"\nhost = "127.0.0.1"\nport = {pg_server.port}\n'
        f'name = "gibt_es_nicht"\nuser = "{pg_server.user}"\n',
    )
    boxes: list[str] = []
    _answer_box(monkeypatch, "&Beenden", boxes)
    code, seen = _run_gui_capturing(monkeypatch, lambda d: pytest.fail("kein erster Start"))
    assert code == 1
    assert seen == []
    assert boxes == [
        "Die Datenbank „gibt_es_nicht“ gibt es auf dem Server „127.0.0.1“ nicht. Bitte prüfen "
        "Sie den Namen oder lassen Sie sie von der IT anlegen.\n\nSie können die "
        "Datenbankverbindung jetzt ändern oder omclient beenden und es später noch einmal "
        "versuchen."
    ]

    boxes.clear()
    _answer_box(monkeypatch, "Datenbankverbindung &ändern …", boxes)
    local = tmp_path / "lokal.db"

    def choose_local(dialog: DatenbankDialog):
        assert dialog.server_radio.isChecked()
        dialog.lokal_radio.setChecked(True)
        dialog.pfad_edit.setText(str(local))
        dialog.accept()
        return dialog.result()

    code, seen = _run_gui_capturing(monkeypatch, choose_local)
    assert code == 0
    assert len(boxes) == 1
    assert seen == ["Datenbankverbindung", "omclient – Objektmanagement", f"SQLite: {local}"]


def test_server_asking_for_a_password_gets_it_from_a_prompt(qapp, monkeypatch, tmp_path, pg_server):
    from tests.support import postgres

    role, secret = "om_gui_passwort", "gui-geheim-1"
    postgres.add_password_role(pg_server, role, secret)
    with psycopg.connect(
        f"host=127.0.0.1 port={pg_server.port} user={pg_server.user} dbname=postgres",
        autocommit=True,
    ) as conn:
        conn.execute("DROP DATABASE IF EXISTS om_gui_pw")
        conn.execute(f"CREATE DATABASE om_gui_pw OWNER {role}")
    _configure(
        monkeypatch,
        tmp_path,
        f'backend = "postgresql"\nhost = "127.0.0.1"\nport = {pg_server.port}\n'
        f'name = "om_gui_pw"\nuser = "{role}"\n',
    )
    prompts: list[str] = []
    replies = iter([("falsch", True), (secret, True)])

    def get_text(_parent, title, label, *args, **kwargs):
        prompts.append(label)
        return next(replies)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    code, seen = _run_gui_capturing(monkeypatch, lambda d: pytest.fail("kein erster Start"))
    assert code == 0
    assert prompts[0].startswith(f"Der Server verlangt ein Passwort für den Benutzer „{role}“.")
    assert prompts[1].startswith(f"Anmeldung abgelehnt: Das Passwort für den Benutzer „{role}“")
    assert seen[-1] == "PostgreSQL: 127.0.0.1/om_gui_pw"
