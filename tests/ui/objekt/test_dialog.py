"""Objekt dialog (zum Objekt): RW fields read-only, lists, saving."""

from __future__ import annotations

from PySide6.QtCore import Qt

from omclient.domain import Objekt
from omclient.ui.objekt.dialog import ObjektDialog
from tests.support.views import column_texts


def test_objekt_dialog_shows_stammdaten_with_rw_fields_read_only(ctx, portfolio, qtbot, opened):
    dialog = ObjektDialog(ctx, portfolio.objekt["1010"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Objekt 1010 Wohnanlage Donaufeld"
    form = dialog.form
    assert form.editor("objekt_nr").text() == "1010"
    assert form.editor("bezugsdatum").text() == "01.03.1998"
    assert form.editor("baujahr").text() == "1997"
    assert form.editor("mandant_id").currentText() == "01 Gemeinnützige Wohnbau Donau GmbH"
    for name in ("objekt_nr", "bezeichnung", "strasse", "baujahr", "bezugsdatum", "mandant_id"):
        assert form.label(name).font().italic(), name
        assert not form.editor(name).isEnabled(), name
    for name in ("aufzug", "fahrradraum", "bemerkung"):
        assert not form.label(name).font().italic(), name
        assert form.editor(name).isEnabled(), name
    assert dialog.einheiten_label.text() == "Einheiten: 7 aktiv, 1 inaktiv"
    assert column_texts(dialog.stiegen_view, 0) == ["1", "2"]
    assert column_texts(dialog.veh_view, 0) == [
        "BK – Betriebskosten",
        "BK – Betriebskosten",
        "HK – Heizkosten",
        "IK – Instandhaltung",
    ]
    assert column_texts(dialog.veh_view, 3) == ["5", "1", "1", "1"]
    qtbot.mouseClick(dialog.einheiten_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.bestandnehmer_button, Qt.MouseButton.LeftButton)
    assert opened == [
        ("einheiten", portfolio.objekt["1010"]),
        ("bestandnehmer", portfolio.objekt["1010"]),
    ]


def test_objekt_dialog_saves_om_fields(ctx, portfolio, qtbot):
    dialog = ObjektDialog(ctx, portfolio.objekt["1010"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.form.editor("bemerkung"), "Dachsanierung 2027")
    dialog.form.editor("fahrradraum").setFocus()
    qtbot.keyClick(dialog.form.editor("fahrradraum"), Qt.Key.Key_Space)
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.save_button.isEnabled()
    with ctx.db.sessions() as s:
        o = s.get(Objekt, portfolio.objekt["1010"])
        assert (o.bemerkung, o.fahrradraum, o.aufzug) == ("Dachsanierung 2027", False, True)
