"""Wohnungsübergabeprotokoll: read the PDF back; rooms, Ausstattung, keys, parties."""

from __future__ import annotations

import io

import pypdf
import pytest

from omclient.clock import Clock
from omclient.errors import ValidationError
from omclient.reports import uebergabeprotokoll as report
from omclient.reports.registry import ReportKontext, ReportRequest, reports_for
from omclient.services.uebergabe import UebergabeArt, bv_fuer_uebergabe, uebergabe
from tests.support.portfolio import TODAY

CLOCK = Clock.fixed(TODAY)


def text_of(pdf: bytes) -> str:
    """All pages' text with whitespace collapsed (table headers may wrap)."""
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def test_einzug_protocol_lists_unit_parties_rooms_keys(db, portfolio):
    with db.sessions() as session:
        pdf = report.build_pdf(session, portfolio.bv["1010/0001/1"], clock=CLOCK)
    text = text_of(pdf)
    for expected in (
        "Wohnungsübergabeprotokoll – Einzug",
        "Gemeinnützige Wohnbau Donau GmbH",  # Vermieter
        "Anna Huber",  # Mieter
        "Donaufelder Straße 101/1/1",
        "0001 · Top 1",
        "Übergabe am",
        "01.04.2015",  # Bezugsdatum = Einzug
        # rooms of a Wohnung, with the Ausstattung assigned to them
        "Vorraum",
        "Küche",
        "Bad",
        "WC",
        "Zimmer 1",
        "Kellerabteil",
        "Badewanne",
        "Parkett Eiche",
        "Einbauküche",
        "Kellerabteil Nr. 12",
        # meters
        "Strom",
        "Gas",
        "Wasser kalt",
        "Wasser warm",
        "Heizung",
        # keys from the Schlüssel Infogrid
        "Wohnungsschlüssel",
        "S-1010-1",
        "Postkastenschlüssel",
        "P-17",
        "Bemerkungen und Vereinbarungen",
        "Ort, Datum:",
        "Vermieter: Gemeinnützige Wohnbau Donau GmbH",
        "Mieter: Anna Huber",
        "Anzahl übergeben",
    ):
        assert expected in text, expected
    assert "Gastherme (alt)" not in text  # inactive equipment is not handed over
    assert "Seite 1 von" in text


def test_auszug_protocol_asks_for_returned_keys_and_new_address(db, portfolio):
    with db.sessions() as session:
        pdf = report.build_pdf(session, portfolio.bv["1010/0004/1"], auszug=True, clock=CLOCK)
    text = text_of(pdf)
    assert "Wohnungsübergabeprotokoll – Auszug" in text
    assert "Karl Berger" in text
    assert "30.09.2020" in text  # Auszugsdatum is the handover date
    assert "Anzahl zurückgegeben" in text
    assert "Neue Zustelladresse" in text
    assert "Im Schlüssel-Infogrid sind keine Schlüssel erfasst." in text


def test_rooms_follow_the_number_of_rooms_and_the_ausstattung(db, portfolio):
    with db.sessions() as session:
        dto = uebergabe(session, portfolio.bv["1010/0001/1"])
        names = [r.name for r in dto.raeume]
        einheit_zimmer = dto.zimmer or 1
    assert names[:4] == ["Vorraum", "Küche", "Bad", "WC"]
    assert [n for n in names if n.startswith("Zimmer ")] == [
        f"Zimmer {i}" for i in range(1, einheit_zimmer + 1)
    ]
    assert names[-1] == "Kellerabteil"  # from the Ausstattung "Keller"
    bad = next(r for r in dto.raeume if r.name == "Bad")
    assert bad.ausstattung == ("Badewanne",)


def test_cli_choice_of_tenancy(db, portfolio):
    with db.sessions() as session:
        e2 = portfolio.einheit["1010/0002"]
        assert (
            bv_fuer_uebergabe(session, e2, UebergabeArt.EINZUG, CLOCK)
            == portfolio.bv["1010/0002/2"]
        )
        e4 = portfolio.einheit["1010/0004"]
        assert (
            bv_fuer_uebergabe(session, e4, UebergabeArt.AUSZUG, CLOCK)
            == portfolio.bv["1010/0004/1"]
        )
        with pytest.raises(ValidationError, match="derzeit kein Mietverhältnis"):
            bv_fuer_uebergabe(session, e4, UebergabeArt.EINZUG, CLOCK)


def test_einheit_without_tenancy_refuses_the_protocol(db, portfolio):
    with db.sessions() as session, pytest.raises(ValidationError) as info:
        bv_fuer_uebergabe(session, portfolio.einheit["1010/0008"], UebergabeArt.EINZUG, CLOCK)
    assert "1010/0008" in info.value.message and "kein Mietverhältnis" in info.value.message


def test_berichte_list_offers_einzug_and_auszug_after_choosing_the_tenancy():
    names = {s.key: s for s in reports_for(ReportKontext.EINHEIT)}
    for key in ("uebergabeprotokoll_einzug", "uebergabeprotokoll_auszug", "kontoauszug"):
        assert names[key].needs_bv
    with pytest.raises(ValueError):
        names["uebergabeprotokoll_einzug"].build(None, ReportRequest(einheit_id=1))  # type: ignore[arg-type]


def test_garage_protocol_fits_two_pages_with_only_an_electricity_meter(db, portfolio):
    with db.sessions() as session:
        pdf = report.build_pdf(session, portfolio.bv["1010/0006/1"], clock=CLOCK)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = text_of(pdf)
    assert "Übergabeprotokoll – Einzug" in text
    assert "Wohnungsübergabeprotokoll" not in text  # a garage is no Wohnung
    assert "Strom" in text and "Wasser kalt" not in text and "Gas " not in text
    assert len(reader.pages) <= 2
    # the confirmation and the signatures stay together
    last = " ".join(reader.pages[-1].extract_text().split())
    assert "im oben beschriebenen Zustand übernommen" in last and "Mieter: Anna Huber" in last
