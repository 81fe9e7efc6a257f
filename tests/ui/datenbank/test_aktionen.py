"""Datei → Datensicherung erstellen… / wiederherstellen… as a clerk uses them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import text

from omclient.clock import Clock
from omclient.config import Settings
from omclient.services.benutzer import current_user
from omclient.services.datensicherung import POSTGRESQL_HINWEIS
from omclient.ui.context import AppContext
from omclient.ui.objekt.main_window import MainWindow
from tests.support import portfolio as pf
from tests.support.portfolio import TODAY


class Messages:
    """QMessageBox calls recorded; the restore question answered as told."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []
        self.restore_answer = "&Wiederherstellen"


@pytest.fixture
def messages(monkeypatch) -> Messages:
    record = Messages()
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(
            QMessageBox,
            kind,
            staticmethod(
                lambda _p, title, body, *a, _k=kind, **kw: record.shown.append((_k, title, body))
            ),
        )

    def exec_question(box: QMessageBox) -> int:
        record.shown.append(("question", box.windowTitle(), box.text()))
        for button in box.buttons():
            if button.text() == record.restore_answer:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_question)
    return record


@pytest.fixture
def files(monkeypatch) -> dict[str, str]:
    """What the file dialogs answer (empty: the clerk cancels)."""
    answers = {"save": "", "open": ""}
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (answers["save"], ""))
    )
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (answers["open"], ""))
    )
    return answers


@pytest.fixture
def local_window(qtbot, sqlite_db, tmp_path) -> MainWindow:
    """The main window on a local (SQLite) database with the small portfolio."""
    with sqlite_db.sessions.begin() as session:
        pf.build(session)
        user = current_user(session, "sb")
    settings = Settings(
        database_url=sqlite_db.url, data_dir=tmp_path / "data", log_dir=tmp_path / "log"
    )
    ctx = AppContext(db=sqlite_db, settings=settings, user=user, clock=Clock.fixed(TODAY))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    return window


def _trigger(window: MainWindow, name: str) -> None:
    action = window.findChild(QAction, name)
    assert action is not None and action in window.menu_datei.actions()
    action.trigger()


def _until_shown(qtbot, messages: Messages, count: int) -> None:
    """Wait for the background work to end in its ``count``-th message."""
    qtbot.waitUntil(lambda: len(messages.shown) >= count, timeout=15000)


def _bezeichnungen(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT bezeichnung FROM objekt")}
    finally:
        conn.close()


def test_datei_menu_has_the_entries_in_order(local_window):
    texts = [a.text() for a in local_window.menu_datei.actions() if not a.isSeparator()]
    start = texts.index("Daten&bankverbindung…")
    assert texts[start : start + 3] == [
        "Daten&bankverbindung…",
        "Datensicherung &erstellen…",
        "Datensicherung &wiederherstellen…",
    ]
    assert texts[-1] == "&Beenden"


def test_backup_writes_the_chosen_file(qtbot, local_window, messages, files, tmp_path):
    target = tmp_path / "usb" / "sicherung.db"
    target.parent.mkdir()
    files["save"] = str(target)
    _trigger(local_window, "datensicherungErstellen")
    _until_shown(qtbot, messages, 1)
    assert messages.shown == [
        (
            "information",
            "Datensicherung erstellen",
            f"Die Datensicherung wurde geschrieben:\n{target}",
        )
    ]
    assert "Wohnanlage Donaufeld" in _bezeichnungen(target)


def test_restore_refuses_a_foreign_file_without_asking(
    qtbot, local_window, messages, files, tmp_path
):
    source = tmp_path / "brief.db"
    source.write_text("Sehr geehrte Damen und Herren", encoding="utf-8")
    files["open"] = str(source)
    database = Path(local_window.ctx.db.engine.url.database or "")
    before = database.read_bytes()
    _trigger(local_window, "datensicherungWiederherstellen")
    _until_shown(qtbot, messages, 1)
    assert messages.shown == [
        (
            "warning",
            "Ungültige Eingabe",
            "„brief.db“ ist keine omclient-Datensicherung (keine SQLite-Datenbank).",
        )
    ]
    assert database.read_bytes() == before
    assert local_window.isVisible()


def test_restore_names_what_is_replaced_then_ends_the_program(
    qtbot, local_window, messages, files, tmp_path
):
    ctx = local_window.ctx
    database = Path(ctx.db.engine.url.database or "")
    backup = tmp_path / "sicherung.db"
    files["save"] = str(backup)
    _trigger(local_window, "datensicherungErstellen")
    _until_shown(qtbot, messages, 1)
    with ctx.db.sessions.begin() as session:
        session.execute(text("UPDATE objekt SET bezeichnung = 'nach der Sicherung'"))
    messages.shown.clear()

    files["open"] = str(backup)
    _trigger(local_window, "datensicherungWiederherstellen")
    _until_shown(qtbot, messages, 2)
    kinds = [kind for kind, _title, _body in messages.shown]
    assert kinds == ["question", "information"]
    question = messages.shown[0][2]
    assert f"Die Datenbank\n{database}\nwird durch die Sicherung\n{backup}\nersetzt." in question
    assert "omclient wird danach beendet" in question
    done = messages.shown[1][2]
    assert done.startswith("Die Datensicherung wurde wiederhergestellt.")
    assert done.endswith("omclient wird jetzt beendet. Bitte starten Sie omclient neu.")
    assert not local_window.isVisible()
    assert "nach der Sicherung" not in _bezeichnungen(database)
    aside = [p for p in database.parent.iterdir() if ".vor-wiederherstellung-" in p.name]
    assert len(aside) == 1
    assert _bezeichnungen(aside[0]) == {"nach der Sicherung"}


def test_restore_cancelled_at_the_question_changes_nothing(
    qtbot, local_window, messages, files, tmp_path
):
    ctx = local_window.ctx
    database = Path(ctx.db.engine.url.database or "")
    backup = tmp_path / "sicherung.db"
    files["save"] = str(backup)
    _trigger(local_window, "datensicherungErstellen")
    _until_shown(qtbot, messages, 1)
    messages.shown.clear()
    messages.restore_answer = "Abbrechen"
    files["open"] = str(backup)
    before = _bezeichnungen(database)
    _trigger(local_window, "datensicherungWiederherstellen")
    _until_shown(qtbot, messages, 1)
    qtbot.wait(200)
    assert [kind for kind, _t, _b in messages.shown] == ["question"]
    assert local_window.isVisible()
    assert _bezeichnungen(database) == before
    assert not [p for p in database.parent.iterdir() if ".vor-wiederherstellung-" in p.name]


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("name", ["datensicherungErstellen", "datensicherungWiederherstellen"])
def test_on_postgresql_the_entries_explain_pg_dump(qtbot, ctx, messages, files, name):
    files["save"] = files["open"] = "/darf/nicht/benutzt/werden.db"
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    _trigger(window, name)
    assert len(messages.shown) == 1
    kind, _title, body = messages.shown[0]
    assert (kind, body) == ("information", POSTGRESQL_HINWEIS)
    assert "pg_dump" in body
