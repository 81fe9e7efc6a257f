"""Fixtures of the Einheit dialog and Register widget tests."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox


@pytest.fixture
def boxes(monkeypatch):
    """QMessageBox/QInputDialog answers scripted; records titles of what was shown."""
    shown: list[str] = []
    state: dict[str, object] = {"question": QMessageBox.StandardButton.Yes, "item": None}

    def box(kind):
        def fake(parent, title, text, *args, **kwargs):
            shown.append(title)
            return state[kind] if kind == "question" else QMessageBox.StandardButton.Ok

        return staticmethod(fake)

    for kind in ("question", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, box(kind))

    def get_item(parent, title, label, items, current=0, editable=False, *a, **k):
        shown.append(title)
        wanted = state["item"]
        if wanted is None:
            return "", False
        match = next(i for i in items if str(wanted) in i)
        return match, True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))

    class Boxes:
        titles = shown

        def answer(self, button) -> None:
            state["question"] = button

        def choose(self, text: str | None) -> None:
            state["item"] = text

    return Boxes()


@pytest.fixture
def answers(monkeypatch):
    """Scripted answers for QMessageBox; records every message shown."""

    shown: list[tuple[str, str, str]] = []
    replies: dict[str, QMessageBox.StandardButton] = {}

    def fake(kind: str):
        def box(parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return replies.get(kind, QMessageBox.StandardButton.Ok)

        return staticmethod(box)

    for kind in ("question", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, fake(kind))

    class Answers:
        messages = shown

        def reply(self, kind: str, button: QMessageBox.StandardButton) -> None:
            replies[kind] = button

        def titles(self) -> list[str]:
            return [t for _, t, _ in shown]

    return Answers()
