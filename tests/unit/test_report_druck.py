"""Aktionen → Drucken: the Einheit and Bestandsverhältnis dialogs' data, Register by Register."""

from __future__ import annotations

import io

import pypdf
import pytest

from omclient.clock import Clock
from omclient.errors import NotFoundError
from omclient.reports import bv_druck, einheit_druck
from tests.support.portfolio import TODAY

CLOCK = Clock.fixed(TODAY)


def read(pdf: bytes) -> tuple[str, set[str]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    return text, fonts


def test_einheit_printout_has_every_register_and_its_data(db, portfolio):
    with db.sessions() as session:
        text, fonts = read(einheit_druck.build(session, portfolio.einheit["1010/0001"], CLOCK))
    registers = [
        "Allgemein",
        "Vermarktung",
        "Personen",
        "Ausstattung",
        "Flächen / Aufteilung",
        "Indiv Felder",
        "Verkettung",
    ]
    positions = [text.index(f"Register {name}") for name in registers]
    assert positions == sorted(positions)  # in the dialog's order
    for expected in (
        "Einheit 1010/0001",
        "Wohnanlage Donaufeld",
        "68,40 m²",
        "Stiege 1",
        "Stadt Wien – Wohnservice",  # Vergaberecht
        "Fernwärme-Kunden-Nr.",
        "Hausverwaltung",  # Indiv Daten labels from global variables
        "Wartungsvertrag Therme",
        "Wasserschaden Bad gemeldet",  # Infogrid
        "Anna Huber",
        "01.04.2015",
        "Hausbesorger",
        "Peter Gruber",
        "Bruder der Mieterin",
        "Parkett Eiche",
        "18,50 m²",
        "Gastherme (alt)",
        "Kellerabteil Nr. 12",
        "BK Wohnungen",
        "Schornsteinfeger",
        "Garage zur Wohnung",
        "Seite 1 von",
    ):
        assert expected in text, expected
    assert "DejaVuSansCondensed-Oblique" in fonts  # RW labels in italics


def test_bv_printout_has_securities_payment_and_infogrid(db, portfolio):
    with db.sessions() as session:
        text, _ = read(bv_druck.build(session, portfolio.bv["1010/0001/1"], CLOCK))
    registers = ["Allgemein", "WBF-Prüfung", "Zahlung", "Funktionen", "Verkettung", "Indiv Felder"]
    positions = [text.index(f"Register {name}") for name in registers]
    assert positions == sorted(positions)
    for expected in (
        "Bestandsverhältnis 1010/0001/1",
        "Anna Huber",
        "P1001",
        "Hauptmiete",
        "01.04.2015",
        "Ratenvereinbarung",
        "Wohnungsschlüssel",
        "S-1010-1",
        "€ 3.000,00",
        "15.03.2019",
        "Erste Bank",  # Kaution
        "SEPA-Lastschrift",
        "WBD-1010-0001-1",
        "20.03.2015",  # Zahlung
        "Wohnbeihilfe",  # indiv field of the BV
    ):
        assert expected in text, expected


def test_bv_without_bezugsdatum_shows_the_objekt_date(db, portfolio):
    with db.sessions() as session:
        text, _ = read(bv_druck.build(session, portfolio.bv["1010/0007/1"], CLOCK))
    assert "01.03.1998 (aus dem Objekt)" in text
    assert "Josef Mayer" in text


def test_printing_a_deleted_record_says_so(db, portfolio):
    with db.sessions() as session:
        with pytest.raises(NotFoundError, match="Einheit"):
            einheit_druck.build(session, 987654, CLOCK)
        with pytest.raises(NotFoundError, match="Bestandsverhältnis"):
            bv_druck.build(session, 987654, CLOCK)


def test_printouts_use_the_dialogs_labels(db, portfolio):
    from omclient.services import druck, felder

    with db.sessions() as session:
        einheit = druck.einheit_druck(session, portfolio.einheit["1010/0001"])
        bv = druck.bv_druck(session, portfolio.bv["1010/0001/1"])

    def labels(dokument, titel):
        return [
            f.label
            for register in dokument.registerkarten
            for block in register.bloecke
            if isinstance(block, druck.FeldBlock) and block.titel == titel
            for f in block.felder
        ]

    assert labels(einheit, "Daten") == [f.label for f in felder.EINHEIT.im_bereich("Daten")]
    assert labels(einheit, "Adresse")[:2] == ["Straße", "Hausnummer"]
    assert "Wohnungsnummer" in labels(einheit, "Daten")
    assert "Einheit-Nr." not in labels(einheit, "Daten")
    assert "Befristung bis" in labels(bv, "Daten")
    assert labels(bv, "Zahlungsdaten") == [f.label for f in felder.ZAHLUNG.felder]
    assert labels(bv, "Sicherheitsleistungen: Kaution")[1:] == [
        f.label for f in felder.KAUTION.felder
    ]
    with db.sessions() as session:
        text, _ = read(einheit_druck.build(session, portfolio.einheit["1010/0001"], CLOCK))
    assert "Wohnungsnummer" in text
