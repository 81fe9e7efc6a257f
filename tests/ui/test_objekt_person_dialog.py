"""Objekt dialog (zum Objekt) and Person dialog (Zur Person): RW fields, lists, saving."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from omclient.domain import Objekt, Person
from omclient.ui.objekt_dialog import ObjektDialog
from omclient.ui.person_dialog import PersonDialog


@pytest.fixture
def opened(ctx, monkeypatch):
    calls = []
    for name in ("open_einheit", "open_bestandsverhaeltnis"):
        monkeypatch.setattr(
            ctx.navigator, name, lambda ident, parent=None, _n=name: calls.append((_n, ident))
        )
    monkeypatch.setattr(
        ctx.navigator,
        "open_uebersicht",
        lambda ident, register="einheiten", parent=None: calls.append((register, ident)),
    )
    return calls


def texts(view, column):
    model = view.dto_model()
    return [model.text(r, column) for r in range(model.rowCount())]


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
    assert texts(dialog.stiegen_view, 0) == ["1", "2"]
    assert texts(dialog.veh_view, 0) == [
        "BK – Betriebskosten",
        "BK – Betriebskosten",
        "HK – Heizkosten",
        "IK – Instandhaltung",
    ]
    assert texts(dialog.veh_view, 3) == ["5", "1", "1", "1"]
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
    assert not dialog.speichern_button.isEnabled()
    qtbot.keyClicks(dialog.form.editor("bemerkung"), "Dachsanierung 2027")
    dialog.form.editor("fahrradraum").setFocus()
    qtbot.keyClick(dialog.form.editor("fahrradraum"), Qt.Key.Key_Space)
    assert dialog.speichern_button.isEnabled()
    qtbot.mouseClick(dialog.speichern_button, Qt.MouseButton.LeftButton)
    assert not dialog.speichern_button.isEnabled()
    with ctx.db.sessions() as s:
        o = s.get(Objekt, portfolio.objekt["1010"])
        assert (o.bemerkung, o.fahrradraum, o.aufzug) == ("Dachsanierung 2027", False, True)


def test_person_dialog_lists_all_bestandsverhaeltnisse(ctx, portfolio, qtbot, opened):
    dialog = PersonDialog(ctx, portfolio.person["Huber"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Person P1001 Huber Anna"
    form = dialog.form
    assert form.editor("email").text() == "anna.huber@example.at"
    assert form.editor("geburtsdatum").text() == "17.05.1980"
    for name in ("nachname", "vorname", "strasse", "email", "telefon", "geburtsdatum"):
        assert form.label(name).font().italic(), name
        assert not form.editor(name).isEnabled(), name
    assert form.editor("mobil").isEnabled() and not form.label("mobil").font().italic()
    view = dialog.bv_view
    assert texts(view, 1) == ["0001", "0006"]
    assert texts(view, 4) == ["Hauptmiete", "Garage"]
    assert texts(view, 8) == ["aktiv", "aktiv"]
    assert not dialog.zur_zuordnung_button.isEnabled()
    view.select_row(1)
    assert dialog.zur_zuordnung_button.isEnabled() and dialog.zur_einheit_button.isEnabled()
    qtbot.mouseClick(dialog.zur_zuordnung_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.zur_einheit_button, Qt.MouseButton.LeftButton)
    view.setFocus()
    view.select_row(0)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened == [
        ("open_bestandsverhaeltnis", portfolio.bv["1010/0006/1"]),
        ("open_einheit", portfolio.einheit["1010/0006"]),
        ("open_bestandsverhaeltnis", portfolio.bv["1010/0001/1"]),
    ]


def test_person_dialog_saves_mobil(ctx, portfolio, qtbot):
    dialog = PersonDialog(ctx, portfolio.person["Berger"])
    qtbot.addWidget(dialog)
    assert texts(dialog.bv_view, 8) == ["ausgezogen", "ausgezogen"]
    qtbot.keyClicks(dialog.form.editor("mobil"), "+43 699 123")
    qtbot.mouseClick(dialog.speichern_button, Qt.MouseButton.LeftButton)
    with ctx.db.sessions() as s:
        assert s.get(Person, portfolio.person["Berger"]).mobil == "+43 699 123"
