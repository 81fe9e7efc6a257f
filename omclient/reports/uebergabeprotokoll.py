"""Wohnungsübergabeprotokoll (Einzug or Auszug) of a Mietverhältnis.

Unit data, the parties, a room-by-room condition table (rooms derived from the
unit and its Ausstattung), the Ausstattung list, meter readings to fill in,
the keys from the Schlüssel Infogrid, lines for remarks and the signature
blocks with place and date. The only input is the Mietverhältnis: the
Berichte list offers one entry for Einzug and one for Auszug, no parameter
dialog.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from omclient import formatting as fmt
from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.reports.layout import (
    ACCENT,
    CONTENT_WIDTH,
    FONT,
    HEADER_FILL,
    RULE,
    Letterhead,
    ReportSection,
    data_table,
    escape,
    field_grid,
    heading,
    render,
    signature_blocks,
    styles,
)
from omclient.reports.registry import ReportKontext, ReportRequest, ReportSpec
from omclient.services.uebergabe import UebergabeArt, UebergabeDto, uebergabe

BOX = "☐"
BLANK_LINE = "_" * 200


def _form_table(
    header: list[str],
    rows: list[list[Any]],
    widths_mm: list[float],
    min_height: float,
    header_span: tuple[int, int] | None = None,
) -> Table:
    """A grid to fill in by hand: ruled cells, rows at least ``min_height`` high."""
    st = styles()
    head = [Paragraph(f"<b>{escape(h)}</b>", st.cell) for h in header]
    body = [
        [Paragraph(escape(c), st.cell) if isinstance(c, str) and len(c) > 18 else c for c in row]
        for row in rows
    ]
    table = Table(
        [head, *body],
        colWidths=[w * mm for w in widths_mm],
        rowHeights=[None] + [min_height] * len(body),
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8.5, 10.5),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("TEXTCOLOR", (0, 0), (-1, 0), ACCENT),
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                *([("SPAN", (header_span[0], 0), (header_span[1], 0))] if header_span else []),
            ]
        )
    )
    return table


def _raeume(dto: UebergabeDto) -> list[Flowable]:
    rows = [
        [room.name, ", ".join(room.ausstattung), f"{BOX} in Ordnung", f"{BOX} Mängel", ""]
        for room in dto.raeume
    ]
    return [
        *heading("Zustand der Räume"),
        Paragraph(
            "Wände/Decken, Böden, Fenster/Türen, Sanitär- und Elektroinstallation je Raum "
            "prüfen; Mängel bitte genau beschreiben (Art, Ort, Umfang).",
            styles().small,
        ),
        Spacer(0, 1.5 * mm),
        _form_table(
            ["Raum", "Ausstattung lt. Kartei", "Zustand", "", "Mängel / Anmerkungen"],
            rows,
            [27, 42, 22, 19, 60],
            10 * mm,
            header_span=(2, 3),
        ),
    ]


def _ausstattung(dto: UebergabeDto) -> list[Flowable]:
    rows = [
        [a.gruppe, a.bezeichnung, a.raum, a.menge, a.zustand, f"{BOX} ja  {BOX} nein"]
        for a in dto.ausstattung
    ]
    return [
        *heading("Ausstattung der Einheit"),
        data_table(
            ["Gruppe", "Bezeichnung", "Raum", "Menge", "Zustand lt. Kartei", "vorhanden"],
            rows,
            [w * mm for w in (27, 45, 24, 18, 28, 28)],
            wrap=(0, 1, 2, 4),
            empty="Für diese Einheit ist keine Ausstattung erfasst.",
        ),
    ]


def _zaehler(dto: UebergabeDto) -> list[Flowable]:
    rows = [[name, "", "", ""] for name in dto.zaehler]
    return [
        *heading("Zählerstände"),
        _form_table(
            ["Zähler", "Zählernummer", "Zählerstand", "Ablesedatum"],
            rows,
            [50, 45, 40, 35],
            8.5 * mm,
        ),
    ]


def _schluessel(dto: UebergabeDto) -> list[Flowable]:
    done = "übergeben" if dto.art is UebergabeArt.EINZUG else "zurückgegeben"
    rows: list[list[Any]] = [
        [k.art, k.nummer, str(k.anzahl), fmt.date(k.ausgabedatum), ""] for k in dto.schluessel
    ]
    rows.extend([["", "", "", "", ""] for _ in range(2)])
    parts: list[Flowable] = [
        *heading("Schlüssel"),
        _form_table(
            ["Art", "Nummer", "Anzahl lt. Kartei", "ausgegeben am", f"Anzahl {done}"],
            rows,
            [45, 35, 28, 30, 32],
            7.5 * mm,
        ),
    ]
    if not dto.schluessel:
        parts.append(
            Paragraph("Im Schlüssel-Infogrid sind keine Schlüssel erfasst.", styles().small)
        )
    return parts


class _RuledLines(Flowable):
    """Empty ruled lines to write on."""

    def __init__(self, count: int, spacing: float = 8 * mm) -> None:
        super().__init__()
        self.count = count
        self.spacing = spacing

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.count * self.spacing

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.4)
        for i in range(self.count):
            y = i * self.spacing
            self.canv.line(0, y, self.width, y)


def _parteien(dto: UebergabeDto) -> Flowable:
    st = styles()
    m = dto.mandant
    vermieter = [
        f"<b>{escape(m.name)}</b>",
        escape(m.strasse or ""),
        escape(" ".join(p for p in (m.plz, m.ort) if p)),
        escape(" · ".join(p for p in (m.telefon and f"Tel. {m.telefon}", m.email) if p)),
    ]
    mieter = [f"<b>{escape(dto.bestandnehmer or 'ohne Bestandnehmer')}</b>"]
    mieter += [
        escape(line) for line in dto.bestandnehmer_anschrift[1:] if line != dto.bestandnehmer
    ]
    contact = " · ".join(p for p in (dto.telefon and f"Tel. {dto.telefon}", dto.email) if p)
    if contact:
        mieter.append(escape(contact))
    if dto.person_nr:
        mieter.append(f"Person-Nr. {escape(dto.person_nr)}")
    table = Table(
        [
            [Paragraph("Vermieter", st.label), Paragraph("Mieter", st.label)],
            [
                Paragraph("<br/>".join(v for v in vermieter if v), st.cell),
                Paragraph("<br/>".join(mieter), st.cell),
            ],
        ],
        colWidths=[CONTENT_WIDTH / 2] * 2,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 1),
            ]
        )
    )
    return table


def section(dto: UebergabeDto) -> ReportSection:
    """The protocol as one report section."""
    st = styles()
    top = f" · Top {dto.top_nr}" if dto.top_nr else ""
    uebergabe_am = fmt.date(dto.uebergabedatum) or "____________"
    einheit = [
        ("Adresse", dto.adresse),
        ("Einheit", f"{dto.einheit_nr}{top}"),
        ("Einheitsart", dto.einheitsart.value),
        ("Stiege", dto.stiege or ""),
        ("Stockwerk", dto.stockwerk or ""),
        ("Lage", dto.lage or ""),
        ("Nutzfläche", fmt.area(dto.nutzflaeche)),
        ("Zimmer", str(dto.zimmer) if dto.zimmer else ""),
        ("Kategorie", dto.kategorie or ""),
        ("Heizung", dto.heizungsart or ""),
    ]
    if dto.heizkostenfirma:
        einheit.append(("Heizkostenabrechnung", dto.heizkostenfirma))
    vertrag = [
        ("Bestandsverhältnis", dto.bv_kennung),
        ("Bestandsart", dto.bestandsart or ""),
        ("Mietbeginn", fmt.date(dto.bezugsdatum)),
        ("befristet bis", fmt.date(dto.befristung_bis) or "unbefristet"),
    ]
    if dto.art is UebergabeArt.AUSZUG:
        vertrag.append(("Mietende", fmt.date(dto.auszugsdatum) or "____________"))
    action = "übernommen" if dto.art is UebergabeArt.EINZUG else "zurückgegeben"
    story: list[Flowable] = [
        *heading("Objekt und Einheit"),
        field_grid(einheit),
        *heading("Vertragsparteien"),
        _parteien(dto),
        Spacer(0, 2 * mm),
        field_grid(vertrag),
        *_raeume(dto),
        *_ausstattung(dto),
        *_zaehler(dto),
        *_schluessel(dto),
    ]
    if dto.art is UebergabeArt.AUSZUG:
        story += [
            *heading("Nach dem Auszug"),
            Paragraph("Neue Zustelladresse des Mieters:", st.body),
            Spacer(0, 1 * mm),
            _RuledLines(2),
            Paragraph(
                "Bankverbindung für die Rückzahlung der Kaution (IBAN, Kontoinhaber):", st.body
            ),
            Spacer(0, 1 * mm),
            _RuledLines(2),
        ]
    story += [
        *heading("Bemerkungen und Vereinbarungen"),
        Spacer(0, 2 * mm),
        _RuledLines(4, spacing=7 * mm),
        Spacer(0, 5 * mm),
        KeepTogether(
            [
                Paragraph(
                    escape(
                        f"Die Einheit wurde am {uebergabe_am} im oben beschriebenen Zustand "
                        f"{action}. Die Zählerstände und die Schlüssel wurden gemeinsam "
                        "festgestellt. Beide Parteien erhalten eine Ausfertigung dieses "
                        "Protokolls."
                    ),
                    st.body,
                ),
                Spacer(0, 4 * mm),
                signature_blocks(
                    [
                        f"Vermieter: {dto.mandant.name}",
                        f"Mieter: {dto.bestandnehmer or ''}",
                    ]
                ),
            ]
        ),
    ]
    reference = (
        ("Übergabe am", uebergabe_am),
        ("Art der Übergabe", dto.art.value),
    )
    return ReportSection(
        title=dto.titel,
        subtitle=f"Objekt {dto.objekt_nr} {dto.objekt_bezeichnung} · Einheit {dto.einheit_nr}{top}",
        story=story,
        letterhead=Letterhead.from_mandant(dto.mandant),
        reference=reference,
        running_title=f"{dto.titel} · {dto.bv_kennung}",
    )


def build_pdf(
    session: Session, bv_id: int, *, auszug: bool = False, clock: Clock = SYSTEM_CLOCK
) -> bytes:
    """The protocol for Mietverhältnis ``bv_id`` (Einzug, or Auszug with ``auszug``)."""
    art = UebergabeArt.AUSZUG if auszug else UebergabeArt.EINZUG
    return render_dto(uebergabe(session, bv_id, art), clock)


def render_dto(dto: UebergabeDto, clock: Clock = SYSTEM_CLOCK) -> bytes:
    """The protocol of an already loaded :class:`UebergabeDto` as PDF bytes."""
    return render([section(dto)], created=clock.today(), title=f"{dto.titel} {dto.bv_kennung}")


def _builder(auszug: bool) -> Any:
    def build(session: Session, request: ReportRequest) -> bytes:
        if request.bv_id is None:
            raise ValueError("Das Übergabeprotokoll braucht ein Mietverhältnis.")
        return build_pdf(session, request.bv_id, auszug=auszug, clock=request.clock)

    return build


_KONTEXTE = frozenset({ReportKontext.EINHEIT, ReportKontext.BESTANDSVERHAELTNIS})

REPORTS = (
    ReportSpec(
        key="uebergabeprotokoll_einzug",
        name="Wohnungsübergabeprotokoll Einzug",
        kontexte=_KONTEXTE,
        needs_bv=True,
        build=_builder(False),
        description="Protokoll der Übergabe an den Mieter: Räume, Ausstattung, Zähler, Schlüssel",
    ),
    ReportSpec(
        key="uebergabeprotokoll_auszug",
        name="Wohnungsübergabeprotokoll Auszug",
        kontexte=_KONTEXTE,
        needs_bv=True,
        build=_builder(True),
        description="Protokoll der Rückgabe durch den Mieter: Räume, Ausstattung, Zähler, "
        "Schlüssel",
    ),
)
