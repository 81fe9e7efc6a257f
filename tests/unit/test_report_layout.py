"""The shared report layout: letterhead, page numbers per section, tables, fonts."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pypdf
import pytest

from omclient import formatting as fmt
from omclient.reports.layout import (
    CONTENT_WIDTH,
    Letterhead,
    ReportSection,
    data_table,
    field_grid,
    heading,
    render,
    signature_blocks,
)

HEAD = Letterhead(
    "Gemeinnützige Wohnbau Donau GmbH",
    ("Praterstraße 1", "1020 Wien"),
    ("Tel. +43 1 2345678", "office@wohnbau-donau.at"),
)


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def long_table(n: int):
    rows = [
        [fmt.date(dt.date(2024, 1, 1) + dt.timedelta(days=i)), f"Zeile {i}", fmt.amount(Decimal(i))]
        for i in range(n)
    ]
    return data_table(["Datum", "Text", "Betrag €"], rows, [80, 200, 80], right=(2,))


def test_each_section_counts_its_own_pages_and_repeats_the_table_header():
    first = ReportSection("Übersicht Größe", [long_table(150)], HEAD, running_title="Übersicht")
    second = ReportSection("Zweiter Bericht", [long_table(3)], HEAD)
    texts = pages(render([first, second], created=dt.date(2026, 11, 23)))

    first_pages = [t for t in texts if "Übersicht" in t]
    total = len(first_pages)
    assert total >= 3
    for number, text in enumerate(first_pages, start=1):
        assert f"Seite {number} von {total}" in text
        assert "Gemeinnützige Wohnbau Donau GmbH" in text
        assert "Datum" in text and "Betrag €" in text  # header repeated on every page
    assert "Seite 1 von 1" in texts[-1]
    assert "Zweiter Bericht" in texts[-1]
    assert len(texts) == total + 1
    # every row printed exactly once, in order, across the pages
    joined = "\n".join(first_pages)
    assert all(f"Zeile {i}\n" in joined or f"Zeile {i} " in joined for i in range(150))
    assert "149,00" in first_pages[-1]


def test_first_page_has_letterhead_title_and_date_with_umlauts():
    section = ReportSection(
        "Prüfbericht",
        [*heading("Register Daten"), field_grid([("Fläche", "73,50 m²")])],
        HEAD,
        subtitle="Objekt 1010 · Top 1",
    )
    text = pages(render([section], created=dt.date(2026, 11, 23)))[0]
    for expected in (
        "Gemeinnützige Wohnbau Donau GmbH",
        "Praterstraße 1",
        "1020 Wien",
        "Prüfbericht",
        "Objekt 1010 · Top 1",
        "Stand: 23.11.2026",
        "Fläche",
        "73,50 m²",
        "Seite 1 von 1",
    ):
        assert expected in text


def test_letter_layout_prints_recipient_and_reference():
    section = ReportSection(
        "Kontoauszug",
        [signature_blocks(["Vermieter", "Mieter"])],
        HEAD,
        recipient=("Frau", "Anna Huber", "Donaufelder Straße 101/1/1", "1210 Wien"),
        reference=(("Objekt", "1010 Wohnanlage Donaufeld"),),
    )
    text = pages(render([section], created=dt.date(2026, 1, 5)))[0]
    assert "Anna Huber" in text and "1210 Wien" in text
    assert "Datum" in text and "05.01.2026" in text
    assert "1010 Wohnanlage Donaufeld" in text
    assert "Vermieter" in text and "Mieter" in text


def test_fonts_are_embedded():
    pdf = render([ReportSection("Äußerst", [], HEAD)], created=dt.date(2026, 1, 1))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    embedded = []
    for ref in fonts.values():
        font = ref.get_object()
        descendants = font.get("/DescendantFonts")
        target = descendants[0].get_object() if descendants else font
        descriptor = target.get("/FontDescriptor")
        embedded.append(descriptor is not None and "/FontFile2" in descriptor.get_object())
    assert embedded and all(embedded)


def test_empty_table_says_so_and_no_sections_is_refused():
    text = pages(
        render(
            [ReportSection("Leer", [data_table(["A"], [], [CONTENT_WIDTH])], HEAD)],
            created=dt.date(2026, 1, 1),
        )
    )[0]
    assert "keine Einträge" in text
    with pytest.raises(ValueError):
        render([], created=dt.date(2026, 1, 1))
