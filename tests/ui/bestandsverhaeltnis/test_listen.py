"""The in-memory row lists of the Bestandsverhältnis dialog (Bankgarantien, WBF-Prüfungen).

Driven as a clerk would, on sqlite and postgresql.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from tests.ui.bestandsverhaeltnis.helpers import (
    open_dialog,
    type_into,
)

D = dt.date


def test_remove_and_edit_rows_of_lists(qtbot, ctx, portfolio, messages):
    from omclient.services import wbf as wbf_svc
    from omclient.services.sicherheiten import BankgarantieDto, SicherheitenInput, save_sicherheiten

    bv_id = portfolio.bv["1010/0005/1"]
    wbf_svc.save_wbf(
        ctx.db.sessions,
        bv_id,
        None,
        (
            wbf_svc.WbfPruefungDto(datum=D(2015, 1, 10), ergebnis="förderungswürdig"),
            wbf_svc.WbfPruefungDto(datum=D(2020, 1, 10), ergebnis="in Prüfung"),
        ),
    )
    save_sicherheiten(
        ctx.db.sessions,
        bv_id,
        None,
        SicherheitenInput(
            kaution_aktiv=False,
            finanzierungsbeitrag_aktiv=False,
            bankgarantie_aktiv=True,
            sparbuch_aktiv=False,
            sonstiges_aktiv=False,
            bankgarantien=(BankgarantieDto(bank="BAWAG", nummer="G-9", betrag=Decimal("9000")),),
        ),
    )
    dialog = open_dialog(qtbot, ctx, bv_id)
    assert dialog.wbf.liste.model.rowCount() == 2
    assert dialog.wbf.liste.model.text(0, 0) == "10.01.2020"  # newest first
    dialog.wbf.liste.view.select_row(1)
    qtbot.mouseClick(dialog.wbf.liste.entfernen_button, Qt.MouseButton.LeftButton)

    def change_amount():
        box = QApplication.activeModalWidget()
        assert box.form.editor("bank").text() == "BAWAG"
        type_into(qtbot, box.form.editor("betrag"), "9500")
        box.accept()

    dialog.sicherheitsleistungen.bankgarantien.view.select_row(0)
    QTimer.singleShot(50, change_amount)
    qtbot.mouseClick(
        dialog.sicherheitsleistungen.bankgarantien.bearbeiten_button, Qt.MouseButton.LeftButton
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with ctx.db.sessions() as s:
        assert [p.ergebnis for p in wbf_svc.load_wbf(s, bv_id)] == ["in Prüfung"]
        from omclient.domain import Bankgarantie

        rows = s.scalars(select(Bankgarantie)).all()
    assert [(g.nummer, g.betrag) for g in rows] == [("G-9", Decimal("9500.00"))]
