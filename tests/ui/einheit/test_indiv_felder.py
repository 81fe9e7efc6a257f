"""The Indiv Felder widget and its administration dialog driven as a user does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
)
from sqlalchemy import select

from omclient.domain import IndivFeld
from omclient.domain.enums import IndivEntitaet, InfoKontext
from omclient.ui.einheit.indiv_felder import IndivFelderVerwaltenDialog, IndivFelderWidget
from tests.ui.einheit.helpers import click_row, row_of, when_dialog

EK = InfoKontext.EINHEIT


def test_indiv_felder_verwalten_create_and_delete_asks(qtbot, admin_ctx, portfolio, boxes) -> None:
    dialog = IndivFelderVerwaltenDialog(admin_ctx, IndivEntitaet.EINHEIT)
    qtbot.addWidget(dialog)
    dialog.show()

    def define(inner: QDialog) -> None:
        qtbot.keyClicks(inner.findChild(QLineEdit, "bezeichnung"), "Balkonfarbe")
        typ = inner.findChild(QComboBox, "typ")
        typ.setCurrentIndex(typ.findText("Auswahl"))
        auswahl = inner.findChild(QPlainTextEdit, "auswahlliste")
        qtbot.keyClicks(auswahl, "rot")
        qtbot.keyClick(auswahl, Qt.Key.Key_Return)
        qtbot.keyClicks(auswahl, "blau")
        inner.accept()

    when_dialog(define)
    qtbot.mouseClick(dialog.neu_button, Qt.MouseButton.LeftButton)
    assert row_of(dialog.view, "Balkonfarbe") == 3
    # a value exists for "Haustiere" → deleting asks with the count
    from omclient.services import indiv

    with admin_ctx.db.sessions.begin() as s:
        feld = s.scalar(select(IndivFeld).where(IndivFeld.bezeichnung == "Haustiere"))
        indiv.werte_speichern(
            s, IndivEntitaet.EINHEIT, portfolio.einheit["1010/0001"], {feld.id: "Hund"}
        )
    dialog.reload()
    click_row(qtbot, dialog.view, row_of(dialog.view, "Haustiere"))
    boxes.answer(QMessageBox.StandardButton.No)
    qtbot.mouseClick(dialog.loeschen_button, Qt.MouseButton.LeftButton)
    assert boxes.titles[-1] == "Feld löschen"
    assert row_of(dialog.view, "Haustiere") >= 0
    boxes.answer(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.loeschen_button, Qt.MouseButton.LeftButton)
    with pytest.raises(AssertionError):
        row_of(dialog.view, "Haustiere")
    # reorder: move Balkonfarbe to the top
    click_row(qtbot, dialog.view, row_of(dialog.view, "Balkonfarbe"))
    for _ in range(3):
        qtbot.mouseClick(dialog.hoch_button, Qt.MouseButton.LeftButton)
    assert row_of(dialog.view, "Balkonfarbe") == 0


def test_indiv_felder_widget_for_bestandsverhaeltnis(qtbot, ctx, portfolio) -> None:
    widget = IndivFelderWidget(ctx, IndivEntitaet.BESTANDSVERHAELTNIS, portfolio.bv["1010/0001/1"])
    qtbot.addWidget(widget)
    combo = widget.editor("Wohnbeihilfe")
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findText("Ja"))
    assert widget.is_dirty()
    widget.save()
    assert not widget.is_dirty() and widget.editor("Wohnbeihilfe").currentText() == "Ja"
