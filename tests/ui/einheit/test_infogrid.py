"""The Infogrid widget (Register Allgemein of the Einheit and BV dialogs) driven as a user does."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
)
from sqlalchemy import select

from omclient.domain import Auftrag, Vermerk
from omclient.domain.enums import InfoArt, InfoKontext
from omclient.ui.einheit.infogrid import InfogridWidget
from tests.ui.einheit.helpers import click_row, when_dialog, when_popup

EK = InfoKontext.EINHEIT


def test_infogrid_shows_counts_and_creates_a_vermerk(qtbot, ctx, portfolio) -> None:
    widget = InfogridWidget(ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(widget)
    assert widget.findChild(QLabel, "info_vertrag").text() == "1"
    assert widget.findChild(QLabel, "info_vermerk").text() == "1"

    def fill(dialog: QDialog) -> None:
        edit = dialog.findChild(QLineEdit, "betreff")
        qtbot.keyClicks(edit, "Schimmel im Bad")
        dialog.accept()

    when_dialog(fill)
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

    when_popup(choose)
    label.customContextMenuRequested.emit(QPoint(2, 2))
    assert widget.findChild(QLabel, "art_vertrag") is None
    assert widget.anzahl(InfoArt.VERTRAG) is None
    other = InfogridWidget(admin_ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(other)
    assert other.anzahl(InfoArt.VERTRAG) == 1


def test_infogrid_list_edit_and_delete(qtbot, ctx, portfolio, boxes) -> None:
    widget = InfogridWidget(ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(widget)
    widget.show()
    seen: list[str] = []

    def work(dialog: QDialog) -> None:
        view = dialog.view
        seen.append(view.model().index(0, 1).data())
        click_row(qtbot, view, 0)

        def edit(inner: QDialog) -> None:
            betreff = inner.findChild(QLineEdit, "betreff")
            betreff.clear()
            qtbot.keyClicks(betreff, "Wasserschaden Bad behoben")
            inner.accept()

        QTimer.singleShot(20, lambda: _when_dialog_now(edit, "infoDatensatzDialog"))
        qtbot.mouseClick(dialog.bearbeiten_button, Qt.MouseButton.LeftButton)
        seen.append(view.model().index(0, 1).data())
        click_row(qtbot, view, 0)
        qtbot.mouseClick(dialog.loeschen_button, Qt.MouseButton.LeftButton)
        seen.append(str(view.model().rowCount()))
        dialog.accept()

    when_dialog(work)
    qtbot.mouseClick(widget.findChild(QToolButton, "liste_vermerk"), Qt.MouseButton.LeftButton)
    assert seen == ["Wasserschaden Bad gemeldet", "Wasserschaden Bad behoben", "0"]
    assert widget.findChild(QLabel, "info_vermerk").text() == "0"


def _when_dialog_now(action, name: str) -> None:
    widget = QApplication.activeModalWidget()
    if widget is not None and widget.objectName() == name:
        action(widget)
    else:
        QTimer.singleShot(20, lambda: _when_dialog_now(action, name))


def test_auftrag_for_ambiguous_sachbereich_asks_for_veh(qtbot, ctx, portfolio, boxes) -> None:
    from decimal import Decimal

    from omclient.domain import Flaechenaufteilung

    e6 = portfolio.einheit["1010/0006"]
    with ctx.db.sessions.begin() as s:
        for veh in ("1010/BK/01", "1010/BK/02"):
            s.add(
                Flaechenaufteilung(
                    einheit_id=e6,
                    verrechnungseinheit_id=portfolio.veh[veh],
                    flaeche=Decimal("7"),
                    anteil=Decimal("0.01"),
                )
            )
    widget = InfogridWidget(ctx, EK, e6)
    qtbot.addWidget(widget)
    widget.show()
    boxes.choose("BK 02")

    def fill(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.findChild(QLineEdit, "betreff"), "Garagentor klemmt")
        dialog.accept()

    when_dialog(fill)
    qtbot.mouseClick(widget.findChild(QToolButton, "neu_auftrag"), Qt.MouseButton.LeftButton)
    assert "Sachbereich / Verrechnungseinheit wählen" in boxes.titles
    assert widget.anzahl(InfoArt.AUFTRAG) == 1
    with ctx.db.sessions() as s:
        auftrag = s.scalar(select(Auftrag).where(Auftrag.einheit_id == e6))
        assert auftrag.verrechnungseinheit_id == portfolio.veh["1010/BK/02"]
        assert auftrag.nummer == "A-2026-0001"


def test_infogrid_einstellungen_admin_reorders(qtbot, admin_ctx, portfolio) -> None:
    from omclient.ui.einheit.infogrid import InfogridEinstellungenDialog

    dialog = InfogridEinstellungenDialog(admin_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    lst = dialog.lists[EK]
    lst.setCurrentRow(2)  # Aufträge
    up = next(b for b in lst.parentWidget().findChildren(QPushButton) if b.text() == "Nach &oben")
    qtbot.mouseClick(up, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(up, Qt.MouseButton.LeftButton)
    lst.item(3).setCheckState(Qt.CheckState.Unchecked)  # Schlüssel off
    dialog.accept()
    widget = InfogridWidget(admin_ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(widget)
    assert [e.art for e in widget.eintraege] == [InfoArt.AUFTRAG, InfoArt.VERTRAG, InfoArt.VERMERK]
