"""The reusable widgets (Infogrid, Funktionen, Indiv Felder, Verkettung) driven as a user does."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
)
from sqlalchemy import select

from omclient.domain import Vermerk
from omclient.domain.enums import InfoArt, InfoKontext
from omclient.ui.widgets.infogrid import InfogridWidget

EK = InfoKontext.EINHEIT


def _row_of(view, text: str) -> int:
    model = view.model()
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            if model.index(r, c).data() == text:
                return r
    raise AssertionError(f"{text!r} not shown")


def _click_row(qtbot, view, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _when_dialog(action, cls=QDialog) -> None:
    """Run ``action(dialog)`` on the next modal dialog of type ``cls`` that opens."""

    def handle() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, cls):
            action(widget)
        else:
            QTimer.singleShot(20, handle)

    QTimer.singleShot(20, handle)


def _when_popup(action) -> None:
    """Run ``action(menu)`` on the next context menu that pops up."""

    def handle() -> None:
        widget = QApplication.activePopupWidget()
        if isinstance(widget, QMenu):
            action(widget)
        else:
            QTimer.singleShot(20, handle)

    QTimer.singleShot(20, handle)


# -- Infogrid ------------------------------------------------------------------


def test_infogrid_shows_counts_and_creates_a_vermerk(qtbot, ctx, portfolio) -> None:
    widget = InfogridWidget(ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(widget)
    assert widget.findChild(QLabel, "info_vertrag").text() == "1"
    assert widget.findChild(QLabel, "info_vermerk").text() == "1"

    def fill(dialog: QDialog) -> None:
        edit = dialog.findChild(QLineEdit, "betreff")
        qtbot.keyClicks(edit, "Schimmel im Bad")
        dialog.accept()

    _when_dialog(fill)
    qtbot.mouseClick(widget.findChild(QToolButton, "neu_vermerk"), Qt.MouseButton.LeftButton)
    assert widget.findChild(QLabel, "info_vermerk").text() == "2"
    with ctx.db.sessions() as s:
        v = s.scalar(select(Vermerk).where(Vermerk.betreff == "Schimmel im Bad"))
        assert v is not None and v.einheit_id == portfolio.einheit["1010/0001"]
        assert v.datum == dt.date(2026, 11, 23) and v.benutzer == "sb"


def test_infogrid_hide_by_right_click_is_per_user(qtbot, ctx, admin_ctx, portfolio) -> None:
    widget = InfogridWidget(ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(widget)
    label = widget.findChild(QLabel, "art_vertrag")

    def choose(menu: QMenu) -> None:
        menu.actions()[0].trigger()
        menu.close()

    _when_popup(choose)
    label.customContextMenuRequested.emit(QPoint(2, 2))
    assert widget.findChild(QLabel, "art_vertrag") is None
    assert widget.anzahl(InfoArt.VERTRAG) is None
    other = InfogridWidget(admin_ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(other)
    assert other.anzahl(InfoArt.VERTRAG) == 1
