"""Showing errors: known ones (OmError) as a German message, bugs once with a log hint."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from omclient.errors import OmError, ValidationError

log = logging.getLogger("omclient")


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show ``exc``: an OmError with its title and German message, anything else as a bug."""
    if isinstance(exc, OmError):
        text = exc.message
        if isinstance(exc, ValidationError) and len(exc.problems) > 1:
            text += "\n\n" + "\n".join(f"• {p}" for p in exc.problems if p != exc.message)
        QMessageBox.warning(parent, exc.title, text)
        return
    log.error("Interner Fehler", exc_info=(type(exc), exc, exc.__traceback__))
    QMessageBox.critical(
        parent,
        "Interner Fehler",
        "Es ist ein unerwarteter Fehler aufgetreten. Die Aktion wurde abgebrochen, es wurden "
        "keine halben Änderungen gespeichert.\n\nDetails stehen in der Protokolldatei:\n"
        f"{log_file_hint()}\n\n{type(exc).__name__}: {exc}",
    )


_log_file = ""


def log_file_hint() -> str:
    return _log_file or "(kein Protokoll)"


def set_log_file(path: str) -> None:
    global _log_file
    _log_file = path


class ExceptionHook:
    """sys.excepthook for the GUI: log with traceback, show one German dialog per burst."""

    def __init__(self) -> None:
        self._showing = False

    def __call__(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if self._showing or QApplication.instance() is None:
            if not isinstance(exc, OmError):
                log.error(
                    "Unbehandelte Ausnahme:\n%s",
                    "".join(traceback.format_exception(exc_type, exc, tb)),
                )
            return
        self._showing = True
        try:
            show_error(QApplication.activeWindow(), exc)
        finally:
            self._showing = False
