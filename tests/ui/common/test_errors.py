"""Unhandled exceptions: one German dialog, traceback in the rotating log file."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from omclient.errors import ConflictError, ValidationError
from omclient.logs import setup_logging
from omclient.ui.common import errors as ui_errors


@pytest.fixture
def shown(monkeypatch):
    calls: list[tuple[str, str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, t, m: calls.append(("critical", t, m)))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, t, m: calls.append(("warning", t, m)))
    return calls


def _raise(exc: BaseException) -> None:
    try:
        raise exc
    except BaseException:
        ui_errors.ExceptionHook()(*sys.exc_info())  # type: ignore[arg-type]


def test_bug_is_logged_with_traceback_and_shown_once(qapp, tmp_path, shown):
    log_path = setup_logging(tmp_path / "log")
    ui_errors.set_log_file(str(log_path))
    try:
        _raise(ZeroDivisionError("division by zero"))
    finally:
        for handler in logging.getLogger().handlers[:]:
            if getattr(handler, "baseFilename", None) == str(log_path):
                handler.flush()
                logging.getLogger().removeHandler(handler)
    assert len(shown) == 1
    kind, title, message = shown[0]
    assert (kind, title) == ("critical", "Interner Fehler")
    assert "unerwarteter Fehler" in message
    assert str(log_path) in message
    text = log_path.read_text(encoding="utf-8")
    assert "Traceback" in text
    assert "ZeroDivisionError: division by zero" in text


def test_known_error_shows_its_german_message_without_traceback(qapp, shown):
    _raise(ConflictError("Der Datensatz wurde inzwischen geändert."))
    assert shown == [
        ("warning", "Bearbeitungskonflikt", "Der Datensatz wurde inzwischen geändert.")
    ]


def test_validation_error_lists_every_problem(qapp, shown):
    _raise(
        ValidationError("Bitte korrigieren Sie diese Eingaben.", ["IBAN: ungültig", "BIC: fehlt"])
    )
    kind, title, message = shown[0]
    assert (kind, title) == ("warning", "Ungültige Eingabe")
    assert "• IBAN: ungültig" in message
    assert "• BIC: fehlt" in message
