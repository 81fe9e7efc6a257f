"""Fixtures of the Bestandsverhältnis dialog tests."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture
def messages(monkeypatch):
    """Capture message boxes instead of blocking; ``answers`` feeds question()."""
    seen: list[tuple[str, str, str]] = []
    answers: list[QMessageBox.StandardButton] = []

    def record(kind):
        def show(parent, title, text, *args, **kwargs):
            seen.append((kind, title, text))
            if kind == "question" or args:  # a choice was offered
                return answers.pop(0) if answers else QMessageBox.StandardButton.No
            return QMessageBox.StandardButton.Ok

        return show

    for kind in ("warning", "question", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(record(kind)))
    return seen, answers
