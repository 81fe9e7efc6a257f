"""Kautionsabrechnung: the payout of a tenancy's Kaution with the full Aufstellung.

A letter to the Bestandnehmer (address in the envelope window) with Objekt,
Einheit and Bestandsverhältnis in the reference block, the Kaution and its
Einzahlungsdatum, the Stichtag, every rate period of the Aufstellung, the totals
(gross interest, KESt, net interest) and the Auszahlungsbetrag, followed by
how the interest was computed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from omclient import formatting as fmt
from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.domain import Mandant, Person
from omclient.reports.layout import (
    ACCENT,
    FONT,
    FONT_BOLD,
    RULE,
    Letterhead,
    ReportSection,
    data_table,
    escape,
    field_grid,
    heading,
    render,
    styles,
)
from omclient.reports.registry import ReportKontext, ReportRequest, ReportSpec
from omclient.services import kaution
from omclient.services.kaution import (
    SPALTEN,
    KautionsAufstellung,
    KautionsKontext,
    Zinsmethode,
    prozent_text,
)
from omclient.services.kontoauszug import anrede_zeile

TITLE = "Kautionsabrechnung"

# Column widths in mm, in the order of kaution.SPALTEN (sum ≤ 170 mm content width).
_WIDTHS_MM = (18.5, 18.5, 10, 16, 22, 21, 17, 21, 24)


def default_stichtag(session: Session, bv_id: int, clock: Clock = SYSTEM_CLOCK) -> dt.date:
    """The Kaution's recorded Auszahlungsdatum, otherwise today."""
    ctx = kaution.kontext(session, bv_id)
    return ctx.auszahlungsdatum or clock.today()


def _recipient(session: Session, ctx: KautionsKontext) -> tuple[str, ...]:
    person = session.get(Person, ctx.person_id) if ctx.person_id else None
    lines: list[str] = []
    if person is not None and person.anrede and not person.firma:
        lines.append(person.anrede)
    lines.append(ctx.mieter or "Bestandnehmer")
    if person is not None and (person.strasse or person.ort):
        street = " ".join(p for p in (person.strasse, person.hausnummer) if p)
        town = " ".join(p for p in (person.plz, person.ort) if p)
    else:
        street, town = ctx.einheit_strasse, ctx.einheit_ort
    if street:
        lines.append(street)
    if town:
        lines.append(town)
    return tuple(lines)


def _salutation(session: Session, ctx: KautionsKontext) -> str:
    return anrede_zeile(session.get(Person, ctx.person_id) if ctx.person_id else None)


def _aufstellung_table(result: KautionsAufstellung) -> Flowable:
    rows = [[s.text(z) for s in SPALTEN] for z in result.zeilen]
    footer = [
        "Summe",
        "",
        "",
        "",
        "",
        fmt.amount(result.zinsen_brutto),
        fmt.amount(result.kest),
        fmt.amount(result.zinsen_netto),
        fmt.amount(result.auszahlungsbetrag),
    ]
    return data_table(
        [s.titel for s in SPALTEN],
        rows,
        [w * mm for w in _WIDTHS_MM],
        right=[i for i, s in enumerate(SPALTEN) if s.rechts],
        footer=footer,
        empty="Zwischen Einzahlung und Stichtag liegt kein Zinstag; es fallen keine Zinsen an.",
    )


def _summary(result: KautionsAufstellung) -> Flowable:
    st = styles()
    rows = [
        ("Kaution", fmt.money(result.betrag)),
        ("+ Zinsen brutto", fmt.money(result.zinsen_brutto)),
        (f"− KESt ({prozent_text(result.kest_prozent)})", fmt.money(result.kest)),
        ("= Zinsen netto", fmt.money(result.zinsen_netto)),
        ("Auszahlungsbetrag", fmt.money(result.auszahlungsbetrag)),
    ]
    table = Table(
        [[Paragraph(escape(label), st.cell), value] for label, value in rows],
        colWidths=[55 * mm, 35 * mm],
        hAlign="RIGHT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 9, 12),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT),
                ("LINEBELOW", (0, -1), (-1, -1), 0.8, ACCENT),
                ("FONT", (0, -1), (-1, -1), FONT_BOLD, 10.5, 13),
                ("TEXTCOLOR", (0, -1), (-1, -1), ACCENT),
                ("LINEABOVE", (0, 3), (-1, 3), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    table.keepWithNext = False
    return table


def _method_text(result: KautionsAufstellung) -> str:
    tage = (
        "30E/360 (Monat zu 30, Jahr zu 360 Tagen)"
        if result.zinsmethode is Zinsmethode.DREISSIG_360
        else "act/365 (tatsächliche Tage, Jahr zu 365 Tagen)"
    )
    return (
        "Verzinsung gemäß § 16b MRG vom Tag nach der Einzahlung bis zum Tag vor dem Stichtag "
        f"mit den Richtsätzen, Zinstage {tage}. Kapitalisierung zu jedem 31.12. und bei "
        f"Auszahlung, Zinsen auf Cent gerundet, abzüglich {prozent_text(result.kest_prozent)} "
        "Kapitalertragsteuer (KESt)."
    )


def build_section(
    session: Session,
    bv_id: int,
    stichtag: dt.date | None = None,
    clock: Clock = SYSTEM_CLOCK,
    *,
    betrag: Decimal | None = None,
    einzahlungsdatum: dt.date | None = None,
) -> ReportSection:
    """The Kautionsabrechnung of Bestandsverhältnis ``bv_id`` at ``stichtag``
    (default: :func:`default_stichtag`) as one report section.

    ``betrag`` / ``einzahlungsdatum`` replace the stored Kaution values."""
    day = stichtag or default_stichtag(session, bv_id, clock)
    ctx, result = kaution.aufstellung_fuer_bv(
        session, bv_id, day, betrag=betrag, einzahlungsdatum=einzahlungsdatum
    )
    mandant = session.get(Mandant, ctx.mandant_id)
    assert mandant is not None
    st = styles()
    story: list[Flowable] = [
        Paragraph(
            escape(
                f"{_salutation(session, ctx)}\n\nfür die Kaution zu Ihrem Bestandsverhältnis "
                f"{ctx.einheit_text} ({ctx.einheit_adresse}) ergibt sich zum "
                f"{fmt.date(result.stichtag)} folgender Auszahlungsbetrag:"
            ),
            st.body,
        ),
        Spacer(0, 3 * mm),
        field_grid(
            [
                ("Bestandnehmer", ctx.mieter),
                ("Kaution", fmt.money(result.betrag)),
                ("Objekt", f"{ctx.objekt_nr} {ctx.objekt_bezeichnung}"),
                ("Einzahlungsdatum", fmt.date(result.einzahlungsdatum)),
                ("Einheit", ctx.einheit_text),
                ("Auszahlungsstichtag", fmt.date(result.stichtag)),
            ],
            columns=2,
        ),
        *heading("Aufstellung"),
        _aufstellung_table(result),
        Spacer(0, 4 * mm),
        KeepTogether(
            [_summary(result), Spacer(0, 4 * mm), Paragraph(escape(_method_text(result)), st.small)]
        ),
    ]
    return ReportSection(
        title=TITLE,
        subtitle=f"{ctx.objekt_nr} {ctx.objekt_bezeichnung} · Einheit {ctx.einheit_text}",
        story=story,
        letterhead=Letterhead.from_mandant(mandant),
        recipient=_recipient(session, ctx),
        reference=(
            ("Objekt", ctx.objekt_nr),
            ("Einheit", ctx.einheit_text.split("/", 1)[1]),
            ("Bestandsverh.", ctx.bv_nr),
            ("Stichtag", fmt.date(result.stichtag)),
        ),
        running_title=f"{TITLE} {ctx.einheit_text}",
        metadata={"auszahlungsbetrag": result.auszahlungsbetrag},
    )


def build_pdf(
    session: Session,
    bv_id: int,
    stichtag: dt.date | None = None,
    clock: Clock = SYSTEM_CLOCK,
    *,
    betrag: Decimal | None = None,
    einzahlungsdatum: dt.date | None = None,
) -> bytes:
    """The Kautionsabrechnung of ``bv_id`` as PDF bytes (dated with the clock's today).

    ``betrag`` / ``einzahlungsdatum`` replace the stored Kaution values."""
    section = build_section(
        session, bv_id, stichtag, clock, betrag=betrag, einzahlungsdatum=einzahlungsdatum
    )
    return render([section], created=clock.today(), title=f"{TITLE} {section.subtitle}")


def _build(session: Session, request: ReportRequest) -> bytes:
    if request.bv_id is None:
        raise ValueError("Die Kautionsabrechnung braucht ein Bestandsverhältnis.")
    return build_pdf(session, request.bv_id, clock=request.clock)


REPORT = ReportSpec(
    key="kautionsabrechnung",
    name=TITLE,
    kontexte=frozenset({ReportKontext.EINHEIT, ReportKontext.BESTANDSVERHAELTNIS}),
    needs_bv=True,
    build=_build,
    description="Auszahlungsbetrag der Kaution mit Zinsen und KESt zum Stichtag",
)
