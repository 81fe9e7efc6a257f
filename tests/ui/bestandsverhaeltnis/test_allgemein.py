"""Register Allgemein of the Bestandsverhältnis dialog: RW fields, Bezugsdatum, Unterbestandsart.

Driven as a clerk would, on sqlite and postgresql.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from omclient.ui.common.forms import RW_TOOLTIP
from tests.ui.bestandsverhaeltnis.helpers import (
    db_bv,
    line,
    open_dialog,
    type_into,
)

D = dt.date


def test_rw_fields_disabled_and_italic_om_fields_editable(qtbot, ctx, portfolio):
    dialog = open_dialog(qtbot, ctx, portfolio.bv["1010/0002/2"])  # Novak: Befristung from RW
    for name in ("bv_nr", "art", "bestandsart", "bezugsdatum", "befristung_bis"):
        assert not dialog.allgemein.form.editor(name).isEnabled(), name
        assert dialog.allgemein.form.label(name).font().italic(), name
        assert dialog.allgemein.form.label(name).toolTip() == RW_TOOLTIP
    for name in ("auszugsdatum", "bemerkung", "leerstand_grund", "leerstand_kommentar"):
        assert dialog.allgemein.form.editor(name).isEnabled(), name
        assert not dialog.allgemein.form.label(name).font().italic(), name
    for label in (
        dialog.allgemein.objekt_label,
        dialog.allgemein.einheit_label,
        dialog.allgemein.person_label,
    ):
        assert label.font().italic()
    assert not line(dialog, "personAnzeige").isEnabled()
    # Sicherheitsleistungen are OM data: not italic.
    assert not dialog.sicherheitsleistungen.kaution_form.label("betrag").font().italic()


def test_bezugsdatum_falls_back_to_the_objekt_and_stays_unsaved(qtbot, ctx, portfolio, messages):
    bv_id = portfolio.bv["1010/0007/1"]  # Mayer: RW converted no Bezugsdatum
    dialog = open_dialog(qtbot, ctx, bv_id)
    bezug = dialog.allgemein.form.editor("bezugsdatum")
    assert bezug.text() == "01.03.1998"
    assert bezug.isEnabled()
    assert not dialog.allgemein.form.label("bezugsdatum").font().italic()
    assert dialog.allgemein.bezug_hinweis.isVisible()
    assert "vom Objekt übernommen" in dialog.allgemein.bezug_hinweis.text()
    type_into(qtbot, dialog.allgemein.form.editor("bemerkung"), "Schlüssel beim Hausbesorger")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    bv = db_bv(ctx, bv_id)
    assert bv.bemerkung == "Schlüssel beim Hausbesorger"
    assert bv.bezugsdatum is None  # the Objekt's date is shown, not copied
    type_into(qtbot, bezug, "01.05.2003")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert db_bv(ctx, bv_id).bezugsdatum == D(2003, 5, 1)
    assert not dialog.allgemein.bezug_hinweis.isVisible()


def test_huber_shows_own_bezugsdatum_without_hint(qtbot, ctx, portfolio):
    dialog = open_dialog(qtbot, ctx, portfolio.bv["1010/0001/1"])
    assert dialog.allgemein.form.editor("bezugsdatum").text() == "01.04.2015"
    assert not dialog.allgemein.bezug_hinweis.isVisible()


def test_unterbestandsart_only_where_configured(qtbot, ctx, portfolio):
    haupt = open_dialog(qtbot, ctx, portfolio.bv["1010/0001/1"])
    combo = haupt.allgemein.form.editor("unterbestandsart")
    assert combo.isVisibleTo(haupt)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "",
        "Dienstwohnung",
        "Untermiete gestattet",
    ]
    garage = open_dialog(qtbot, ctx, portfolio.bv["1010/0006/1"])
    assert not garage.allgemein.form.editor("unterbestandsart").isVisibleTo(garage)
