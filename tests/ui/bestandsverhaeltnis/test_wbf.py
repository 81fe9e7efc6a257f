"""Register WBF-Prüfung of the Bestandsverhältnis dialog.

Driven as a clerk would, on sqlite and postgresql.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from omclient.domain import (
    WbfPruefung,
)
from tests.ui.bestandsverhaeltnis.helpers import (
    open_dialog,
    type_into,
)

D = dt.date


def test_wbf_pruefung_added_in_register_and_saved(qtbot, ctx, portfolio, messages):
    bv_id = portfolio.bv["1010/0002/2"]
    dialog = open_dialog(qtbot, ctx, bv_id)
    dialog.tabs.setCurrentIndex(1)
    assert dialog.wbf.hinweis.text() == "Keine WBF-Prüfung erfasst."

    def fill():
        box = QApplication.activeModalWidget()
        assert box.form.editor("datum").text() == "23.11.2026"
        type_into(qtbot, box.form.editor("datum"), "03.07.2024")
        ergebnis = box.form.editor("ergebnis")
        ergebnis.setCurrentIndex(ergebnis.findData("nicht förderungswürdig"))
        type_into(qtbot, box.form.editor("haushaltsgroesse"), "2")
        type_into(qtbot, box.form.editor("haushaltseinkommen"), "61.000")
        type_into(qtbot, box.form.editor("einkommensgrenze"), "54.000")
        type_into(qtbot, box.form.editor("naechste_pruefung"), "01.07.2026")
        box.accept()

    QTimer.singleShot(50, fill)
    qtbot.mouseClick(dialog.wbf.liste.neu_button, Qt.MouseButton.LeftButton)
    assert dialog.wbf.liste.model.rowCount() == 1
    assert dialog.wbf.liste.model.text(0, 5) == "ja"  # over the limit
    assert dialog.wbf.hinweis.text() == "Nächste Prüfung: 01.07.2026 – überfällig!"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with ctx.db.sessions() as s:
        rows = s.scalars(
            select(WbfPruefung).where(WbfPruefung.bestandsverhaeltnis_id == bv_id)
        ).all()
    assert [(r.datum, r.ergebnis, r.haushaltseinkommen) for r in rows] == [
        (D(2024, 7, 3), "nicht förderungswürdig", Decimal("61000.00"))
    ]
