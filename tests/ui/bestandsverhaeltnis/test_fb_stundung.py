"""The FB-Stundung dialog opened from the Bestandsverhältnis dialog.

Driven as a clerk would, on sqlite and postgresql.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.bestandsverhaeltnis.helpers import (
    db_bv,
    open_dialog,
    type_into,
)

D = dt.date


def test_fb_stundung_dialog_shows_plan_and_saves(qtbot, ctx, portfolio, messages):
    bv_id = portfolio.bv["1010/0002/2"]
    dialog = open_dialog(qtbot, ctx, bv_id)
    dialog.sicherheitsleistungen.switches["finanzierungsbeitrag_aktiv"].setChecked(True)
    type_into(qtbot, dialog.sicherheitsleistungen.fb_form.editor("betrag"), "6000")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.fb_stundung_button, Qt.MouseButton.LeftButton)
    fb = dialog.fb_stundung_dialog
    assert "noch stundbar" in fb.summary.text()
    assert fb.form.editor("betrag").text() == "€\xa06.000,00"
    type_into(qtbot, fb.form.editor("betrag"), "1200")
    type_into(qtbot, fb.form.editor("raten"), "12")
    type_into(qtbot, fb.form.editor("zinssatz"), "6")
    assert fb.plan_model.rowCount() == 12
    assert fb.plan_model.text(0, 2) == "103,28"
    assert fb.plan_model.text(11, 5) == "0,00"
    assert "letzte Rate am 01.11.2027" in fb.plan_summe.text()
    qtbot.mouseClick(fb.save_button, Qt.MouseButton.LeftButton)
    assert fb.list_model.rowCount() == 1
    assert "gestundet" in fb.summary.text()
    # The open BV dialog can still save: the deferral did not bump its version.
    type_into(qtbot, dialog.allgemein.form.editor("bemerkung"), "Stundung vereinbart")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert db_bv(ctx, bv_id).bemerkung == "Stundung vereinbart"


def test_fb_stundung_refuses_more_than_the_beitrag_and_deletes(qtbot, ctx, portfolio, messages):
    from omclient.services import fb_stundung
    from omclient.services.sicherheiten import (
        FinanzierungsbeitragDto,
        SicherheitenInput,
        save_sicherheiten,
    )
    from omclient.ui.bestandsverhaeltnis.fb_stundung import FbStundungDialog

    bv_id = portfolio.bv["1010/0004/1"]
    save_sicherheiten(
        ctx.db.sessions,
        bv_id,
        None,
        SicherheitenInput(
            kaution_aktiv=False,
            finanzierungsbeitrag_aktiv=True,
            bankgarantie_aktiv=False,
            sparbuch_aktiv=False,
            sonstiges_aktiv=False,
            finanzierungsbeitrag=FinanzierungsbeitragDto(betrag=Decimal("2000")),
        ),
    )
    dialog = FbStundungDialog(ctx, bv_id)
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog.form.editor("betrag"), "2500")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "höchstens" in messages[0][-1][2]
    assert dialog.list_model.rowCount() == 0
    type_into(qtbot, dialog.form.editor("betrag"), "2000")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.list_model.rowCount() == 1
    messages[1].append(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.loeschen_button, Qt.MouseButton.LeftButton)
    assert dialog.list_model.rowCount() == 0
    with ctx.db.sessions() as s:
        assert fb_stundung.load_uebersicht(s, bv_id).stundungen == ()
