"""The start of the GUI: database (and demo data) opened in the background; the icon."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

import omclient.demo
from omclient.config import Settings
from omclient.errors import SchemaTooNewError
from omclient.ui import app


@pytest.fixture
def settings(db_url, tmp_path) -> Settings:
    return Settings(
        database_url=db_url,
        data_dir=tmp_path / "data",
        log_dir=tmp_path / "log",
        benutzer="sb",
    )


def test_start_opens_the_database_and_registers_the_user(qapp, settings):
    opened = app.open_for_gui(settings)

    assert opened is not None
    assert opened.user.login == "sb"
    opened.database.dispose()


def test_refused_start_shows_the_german_message(qapp, settings, monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, t, m: shown.append((t, m)))

    def too_new(_url: str) -> None:
        raise SchemaTooNewError("Die Datenbank ist neuer als dieses Programm.")

    monkeypatch.setattr(app, "open_database", too_new)

    assert app.open_for_gui(settings) is None
    assert shown == [("Datenbank zu neu", "Die Datenbank ist neuer als dieses Programm.")]


def test_demo_start_shows_what_happens_while_the_data_is_made(qapp, settings, monkeypatch):
    seen: list[str] = []
    looked = threading.Event()

    def fake_demo(_url: str, progress) -> bool:
        progress(40, 100, "einheiten.csv")
        looked.wait(10)
        return True

    monkeypatch.setattr(omclient.demo, "ensure_demo_database", fake_demo)

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == "fortschrittDialog" and widget.isVisible():
                text = widget.findChild(QLabel, "fortschrittText").text()
                detail = widget.findChild(QLabel, "fortschrittDetail").text()
                if "Demo-Datenbank" in text and detail == "einheiten.csv":
                    seen.append(widget.windowTitle())
                    looked.set()

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(20)
    try:
        opened = app.open_for_gui(settings, demo=True)
    finally:
        timer.stop()

    assert seen and seen[0] == "omclient"
    assert opened is not None
    opened.database.dispose()
    assert not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QWidget) and w.isVisible()
    ]


def test_every_window_carries_the_omclient_icon_in_all_sizes(qapp):
    application = app.create_application()

    icon = application.windowIcon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= set(app.ICON_SIZES)
    # The small size is its own rendering, not the large one scaled down.
    assert icon.pixmap(QSize(16, 16)).size() == QSize(16, 16)
