"""Register Zahlung of the Bestandsverhältnis dialog.

Driven as a clerk would, on sqlite and postgresql.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import select

from omclient.domain import (
    Zahlungsdaten,
)
from tests.ui.bestandsverhaeltnis.helpers import (
    db_bv,
    open_dialog,
    type_into,
)

D = dt.date


def test_zahlung_mandate_only_for_sepa_and_saved(qtbot, ctx, portfolio, messages):
    bv_id = portfolio.bv["1010/0002/2"]
    dialog = open_dialog(qtbot, ctx, bv_id)
    dialog.tabs.setCurrentIndex(2)
    combo = dialog.zahlung.form.editor("zahlungsart")
    assert combo.currentText() == "(keine Zahlungsdaten)"
    assert not dialog.zahlung.mandat_box.isEnabled()
    combo.setCurrentIndex(combo.findData("SEPA-Lastschrift"))
    assert dialog.zahlung.mandat_box.isEnabled()
    type_into(qtbot, dialog.zahlung.form.editor("kontoinhaber"), "Eva Novak")
    type_into(qtbot, dialog.zahlung.form.editor("iban"), "AT483200000012345864")
    type_into(qtbot, dialog.zahlung.form.editor("bic"), "RLNWATWWXXX")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Mandatsreferenz" in messages[0][-1][2]
    type_into(qtbot, dialog.zahlung.form.editor("mandatsreferenz"), "WBD-1010-0002-2")
    type_into(qtbot, dialog.zahlung.form.editor("mandatsdatum"), "25.07.2019")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with ctx.db.sessions() as s:
        z = s.scalar(select(Zahlungsdaten).where(Zahlungsdaten.bestandsverhaeltnis_id == bv_id))
    assert (z.zahlungsart.value, z.iban, z.mandatsreferenz) == (
        "SEPA-Lastschrift",
        "AT483200000012345864",
        "WBD-1010-0002-2",
    )
    combo.setCurrentIndex(combo.findData("Zahlschein"))
    assert not dialog.zahlung.mandat_box.isEnabled()


def test_stored_legacy_account_does_not_block_other_edits(qtbot, ctx, portfolio, messages):
    bv_id = portfolio.bv["1010/0001/1"]
    with ctx.db.sessions.begin() as s:
        z = s.scalar(select(Zahlungsdaten).where(Zahlungsdaten.bestandsverhaeltnis_id == bv_id))
        z.iban = "AT000000000000000000"  # converted long ago, never checked
    dialog = open_dialog(qtbot, ctx, bv_id)
    type_into(qtbot, dialog.allgemein.form.editor("bemerkung"), "Mieterin ruft zurück")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert [m for m in messages[0] if m[0] == "warning"] == []
    assert db_bv(ctx, bv_id).bemerkung == "Mieterin ruft zurück"
    # Touching the payment data asks for a valid account.
    type_into(qtbot, dialog.zahlung.form.editor("kontoinhaber"), "Anna Huber-Meier")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "IBAN" in messages[0][-1][2]
