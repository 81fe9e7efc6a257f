"""Register Allgemein of the Einheit dialog: RW fields greyed and italic, Kennzeichen and
Indiv Daten shown where configured, Vergaberecht (sqlite and postgresql)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QPushButton,
)
from sqlalchemy import select

from omclient.domain import Einheit, GlobaleVariable, is_rw_owned, rw_owned_fields
from tests.ui.einheit.helpers import editor_named, label_named, open_dialog


def test_rw_fields_disabled_and_italic_om_fields_editable(qtbot, ctx, portfolio) -> None:
    dialog = open_dialog(qtbot, ctx, portfolio)
    with ctx.db.sessions() as s:
        einheit = s.get(Einheit, portfolio.einheit["1010/0001"])
        rw = {
            n
            for n in dialog.allgemein.form.fields
            if n in rw_owned_fields(Einheit) and is_rw_owned(einheit, n)
        }
        om = set(dialog.allgemein.form.fields) - {
            n for n in dialog.allgemein.form.fields if is_rw_owned(einheit, n)
        }
    assert {"top_nr", "wohnungscode", "strasse", "bemerkung_fibu", "heizkostenfirma"} <= rw
    for name in rw:
        assert label_named(dialog, name).font().italic(), name
        assert not editor_named(dialog, name).isEnabled(), name
    assert {"lage", "kategorie", "stiegenhaus_id", "vergabestelle_id", "mietzins_kategorie"} <= om
    for name in om:
        assert not label_named(dialog, name).font().italic(), name
        assert editor_named(dialog, name).isEnabled(), name
    # Stockwerk was converted for Top 1 …
    assert label_named(dialog, "stockwerk").font().italic()
    # … the Verkettung Register (from RW) shows its status in italics
    assert dialog.findChild(QLabel, "verkettungStatus").font().italic()


def test_stockwerk_editable_when_not_converted(qtbot, ctx, portfolio) -> None:
    dialog = open_dialog(qtbot, ctx, portfolio, "1010/0007")
    combo = editor_named(dialog, "stockwerk")
    assert isinstance(combo, QComboBox) and combo.isEnabled()
    assert not label_named(dialog, "stockwerk").font().italic()
    assert [combo.itemText(i) for i in range(combo.count())][1:] == [
        "UG",
        "EG",
        "1. OG",
        "2. OG",
        "3. OG",
        "4. OG",
        "DG",
    ]


def test_daten_shows_rw_values_and_stiegenhaus_hint(qtbot, ctx, portfolio) -> None:
    dialog = open_dialog(qtbot, ctx, portfolio)
    assert editor_named(dialog, "einheit_nr").text() == "0001"
    assert editor_named(dialog, "heizkostenordnungsbegriff").text() == "HKO-1010-01"
    stiege = editor_named(dialog, "stiegenhaus_id")
    assert isinstance(stiege, QComboBox)
    assert stiege.toolTip() == "1 – Stiege 1 – Donaufelder Straße 101"
    kategorie = editor_named(dialog, "kategorie")
    assert [kategorie.itemText(i) for i in range(1, kategorie.count())] == ["A", "B", "C", "D"]
    vergabe = editor_named(dialog, "vergabestelle_id")
    texts = [vergabe.itemText(i) for i in range(vergabe.count())]
    assert "Land NÖ (nicht berechtigt)" not in texts and vergabe.currentText().startswith(
        "Stadt Wien"
    )


def test_unterbestandsart_only_when_1306_defines_some(qtbot, ctx, portfolio) -> None:
    miete = open_dialog(qtbot, ctx, portfolio, "1010/0001")
    combo = editor_named(miete, "unterbestandsart")
    assert combo.isVisible() and label_named(miete, "unterbestandsart").isVisible()
    assert [combo.itemText(i) for i in range(1, combo.count())] == [
        "Dienstwohnung",
        "Untermiete gestattet",
    ]
    eigentum = open_dialog(qtbot, ctx, portfolio, "1010/0003")
    assert not editor_named(eigentum, "unterbestandsart").isVisible()
    assert not label_named(eigentum, "unterbestandsart").isVisible()


def test_indiv_daten_labels_and_hiding(qtbot, ctx, portfolio) -> None:
    dialog = open_dialog(qtbot, ctx, portfolio)
    bereich = dialog.findChild(QGroupBox, "bereich_indiv_daten")
    assert bereich.isVisible()
    assert label_named(dialog, "indiv_daten_1").text() == "Fernwärme-Kunden-Nr.:"
    assert label_named(dialog, "indiv_daten_4").text() == "Hausverwaltung:"
    assert not editor_named(dialog, "indiv_daten_3").isVisible()  # variable 3 is empty
    with ctx.db.sessions.begin() as s:
        for v in s.scalars(select(GlobaleVariable)):
            v.wert = ""
    qtbot.mouseClick(dialog.findChild(QPushButton, "aktualisieren"), Qt.MouseButton.LeftButton)
    assert not bereich.isVisible()


def test_vergaberecht_of_non_berechtigte_stelle_is_named(qtbot, ctx, portfolio) -> None:
    with ctx.db.sessions.begin() as s:
        s.get(Einheit, portfolio.einheit["1010/0002"]).vergabestelle_id = portfolio.vergabestelle[
            "land"
        ]
    dialog = open_dialog(qtbot, ctx, portfolio, "1010/0002")
    combo = editor_named(dialog, "vergabestelle_id")
    assert combo.currentText() == "Land NÖ (nicht berechtigt) (nicht zuweisungsberechtigt)"
    assert not editor_named(dialog, "erstbezug").placeholderText()
    assert editor_named(dialog, "datum_erstvermietung").placeholderText() == "TT.MM.JJJJ"
