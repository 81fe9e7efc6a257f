"""The one question every editing window asks before unsaved input is lost."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget


def may_close(parent: QWidget, question: str, save: Callable[[], bool]) -> bool:
    """Ask Speichern / Verwerfen / Abbrechen; True when the window may close.

    ``save`` returns False when saving failed (its message already shown); the
    window then stays open with the user's input.
    """
    answer = QMessageBox.question(
        parent,
        "Ungespeicherte Änderungen",
        question,
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    if answer == QMessageBox.StandardButton.Cancel:
        return False
    if answer == QMessageBox.StandardButton.Save:
        return save()
    return True
