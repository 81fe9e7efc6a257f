"""Driving the Einheit dialog and its Register widgets' lists, dialogs and menus as a user does."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QWidget,
)

from omclient.ui.einheit.dialog import EinheitDialog


def row_of(view, text: str) -> int:
    model = view.model()
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            if model.index(r, c).data() == text:
                return r
    raise AssertionError(f"{text!r} not shown")


def click_row(qtbot, view, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def when_dialog(action, cls=QDialog) -> None:
    """Run ``action(dialog)`` on the next modal dialog of type ``cls`` that opens."""

    def handle() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, cls):
            action(widget)
        else:
            QTimer.singleShot(20, handle)

    QTimer.singleShot(20, handle)


def when_popup(action) -> None:
    """Run ``action(menu)`` on the next context menu that pops up."""

    def handle() -> None:
        widget = QApplication.activePopupWidget()
        if isinstance(widget, QMenu):
            action(widget)
        else:
            QTimer.singleShot(20, handle)

    QTimer.singleShot(20, handle)


def open_dialog(qtbot, ctx, portfolio, key: str = "1010/0001") -> EinheitDialog:
    dialog = EinheitDialog(ctx, portfolio.einheit[key])
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def editor_named(dialog: EinheitDialog, name: str) -> QWidget:
    widget = dialog.findChild(QWidget, name)
    assert widget is not None, name
    return widget


def label_named(dialog: EinheitDialog, name: str) -> QLabel:
    label = dialog.findChild(QLabel, f"label_{name}")
    assert label is not None, name
    return label


def type_text(qtbot, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def click_named(qtbot, dialog: QWidget, name: str) -> None:
    button = dialog.findChild(QPushButton, name)
    assert button is not None, name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
