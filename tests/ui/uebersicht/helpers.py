"""Driving the Einheitenübersicht's lists and combo boxes as a clerk does."""

from __future__ import annotations

from PySide6.QtCore import Qt


def texts(view, key):
    model = view.dto_model()
    column = model.column_index(key)
    return [model.text(r, column) for r in range(model.rowCount())]


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_row(qtbot, view, row, modifier=Qt.KeyboardModifier.NoModifier):
    rect = view.visualRect(view.model().index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def double_click_row(qtbot, view, row):
    rect = view.visualRect(view.model().index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def choose(combo, text):
    index = combo.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, f"{text!r} not in {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)
