"""Kontoauszug: the account statement of a Bestandsverhältnis as a letter.

The tenant's address sits in the envelope window, the Mandant is the sender,
Objekt/Einheit/Top/Zeitraum stand in the reference block. The posting table
(Datum, Beleg, Buchungstext, Soll, Haben, Saldo) starts with the Saldovortrag;
when it breaks across pages, each page ends with "Übertrag" (cumulative Soll
and Haben of the period and the balance so far) and the next page starts with
the same figures, so Saldovortrag + ΣSoll − ΣHaben = Saldo can be checked on
every page. The table closes with the period totals and the Endsaldo, worded
"offener Betrag" or "Guthaben"; the payment data of the Register Zahlung (IBAN
masked) follow.

``build`` (registry), :func:`build_pdf` (one statement) and :func:`build_batch`
(several statements in one PDF, each with its own page count).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from omclient import formatting as fmt
from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.domain.enums import Zahlungsart
from omclient.reports.layout import (
    ACCENT,
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    HEADER_FILL,
    PAGE_HEIGHT,
    RULE,
    ZEBRA_FILL,
    Letterhead,
    ReportSection,
    TextLines,
    render,
)
from omclient.reports.registry import ReportKontext, ReportRequest, ReportSpec
from omclient.services import kontoauszug as service
from omclient.services.kontoauszug import KontoauszugDto

TITLE = "Kontoauszug"
WIDTHS = [19 * mm, 21 * mm, 61 * mm, 23 * mm, 23 * mm, 23 * mm]
HEADER = ("Datum", "Beleg", "Buchungstext", "Soll €", "Haben €", "Saldo €")
TEXT_COLUMN = 2
FONT_SIZE = 8.5
LEADING = 10
PAD_TOP = 1.5
PAD_BOTTOM = 1.5
ROW_HEIGHT = LEADING + PAD_TOP + PAD_BOTTOM
CELL_PAD = 3
KEEP_WITH_TAIL = 3
FIRST_AMOUNT_COLUMN = 3


# Statements repeat the same few amounts and dates; babel formatting is the
# dominant cost of a batch otherwise.
_amount = functools.lru_cache(maxsize=8192)(fmt.amount)
_date = functools.lru_cache(maxsize=8192)(fmt.date)


@dataclass(frozen=True)
class _Row:
    datum: str
    beleg: str
    text: str  # wrapped to the column width with "\n"
    soll: Decimal
    haben: Decimal
    saldo: Decimal

    @property
    def height(self) -> float:
        return (self.text.count("\n") + 1) * LEADING + PAD_TOP + PAD_BOTTOM


@dataclass(frozen=True)
class _Carry:
    soll: Decimal
    haben: Decimal
    saldo: Decimal


@dataclass(frozen=True)
class _Line:
    """One printed line of the posting table."""

    cells: tuple[str, str, str, str, str, str]
    bold: bool = False
    fill: Color | None = None
    rule_above: float = 0
    rule_below: float = 0
    rule_color: Color = ACCENT

    @property
    def height(self) -> float:
        return (self.cells[TEXT_COLUMN].count("\n") + 1) * LEADING + PAD_TOP + PAD_BOTTOM


class _Block(Flowable):
    """Lines of the posting table drawn directly with one text object.

    A statement batch prints tens of thousands of cells; drawing them straight
    onto the canvas is several times faster than a platypus Table, and every
    line height is known up front, so page breaks are exact.
    """

    def __init__(self, lines: Sequence[_Line]) -> None:
        super().__init__()
        self.lines = list(lines)
        self.width = sum(WIDTHS)
        self.height = sum(line.height for line in self.lines)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        edges = [0.0]
        for width in WIDTHS:
            edges.append(edges[-1] + width)
        top = self.height
        for line in self.lines:
            if line.fill is not None:
                canvas.setFillColor(line.fill)
                canvas.rect(0, top - line.height, self.width, line.height, stroke=0, fill=1)
            top -= line.height
        canvas.setFillColor(colors.black)
        text = canvas.beginText()
        top = self.height
        current_font = ""
        for line in self.lines:
            font = FONT_BOLD if line.bold else FONT
            if font != current_font:
                text.setFont(font, FONT_SIZE, LEADING)
                current_font = font
            baseline = top - PAD_TOP - FONT_SIZE + 0.5
            if line is self.lines[0] or line is self.lines[1]:
                text.setFillColor(ACCENT if line is self.lines[0] else colors.black)
            for index, cell in enumerate(line.cells):
                if not cell:
                    continue
                if index >= FIRST_AMOUNT_COLUMN:
                    x = edges[index + 1] - CELL_PAD - stringWidth(cell, font, FONT_SIZE)
                    text.setTextOrigin(x, baseline)
                    text.textOut(cell)
                else:
                    for number, part in enumerate(cell.split("\n")):
                        text.setTextOrigin(edges[index] + CELL_PAD, baseline - number * LEADING)
                        text.textOut(part)
            top -= line.height
        canvas.drawText(text)
        top = self.height
        for line in self.lines:
            if line.rule_above:
                canvas.setStrokeColor(line.rule_color)
                canvas.setLineWidth(line.rule_above)
                canvas.line(0, top, self.width, top)
            top -= line.height
            if line.rule_below:
                canvas.setStrokeColor(line.rule_color)
                canvas.setLineWidth(line.rule_below)
                canvas.line(0, top, self.width, top)


class PostingTable(Flowable):
    """The posting table that carries its balance across page breaks.

    ``rows`` are the postings with their running balance; ``carry_in`` is the
    state at the top of this part (None on the first page, where the
    Saldovortrag row stands instead). Every page part starts with the column
    header and the opening (or carried) balance and ends with the carried
    balance, the last one with the period totals and the Endsaldo.

    ``tail_height`` is the space the closing words after the table need: the
    last part keeps room for them, or leaves a few postings for the next page,
    so the closing words never stand alone on a page.
    """

    def __init__(
        self,
        auszug: KontoauszugDto,
        rows: Sequence[_Row],
        carry_in: _Carry | None = None,
        tail_height: float = 0,
    ) -> None:
        super().__init__()
        self.auszug = auszug
        self.rows = list(rows)
        self.carry_in = carry_in
        self.tail_height = tail_height
        self._block: _Block | None = None

    def _carry_after(self, count: int) -> _Carry:
        base = self.carry_in or _Carry(Decimal(0), Decimal(0), self.auszug.saldovortrag)
        part = self.rows[:count]
        return _Carry(
            base.soll + sum((r.soll for r in part), Decimal(0)),
            base.haben + sum((r.haben for r in part), Decimal(0)),
            part[-1].saldo if part else base.saldo,
        )

    def _make(self, count: int, final: bool) -> _Block:
        auszug = self.auszug
        lines = [_Line(HEADER, bold=True, fill=HEADER_FILL, rule_below=0.6)]
        if self.carry_in is None:
            opening = (_date(auszug.von), "", "Saldovortrag", "", "", _amount(auszug.saldovortrag))
        else:
            c = self.carry_in
            opening = ("", "", "Übertrag", _amount(c.soll), _amount(c.haben), _amount(c.saldo))
        lines.append(_Line(opening, bold=True, rule_below=0.4, rule_color=RULE))
        for i, row in enumerate(self.rows[:count]):
            lines.append(
                _Line(
                    (
                        row.datum,
                        row.beleg,
                        row.text,
                        _amount(row.soll) if row.soll else "",
                        _amount(row.haben) if row.haben else "",
                        _amount(row.saldo),
                    ),
                    fill=ZEBRA_FILL if i % 2 else None,
                )
            )
        if final:
            total = self._carry_after(count)
            lines.append(
                _Line(
                    ("", "", "Summe Zeitraum", _amount(total.soll), _amount(total.haben), ""),
                    bold=True,
                    rule_above=0.6,
                )
            )
            lines.append(
                _Line(
                    (_date(auszug.bis), "", "Endsaldo", "", "", _amount(auszug.endsaldo)),
                    bold=True,
                    rule_below=1.2,
                )
            )
        else:
            c = self._carry_after(count)
            lines.append(
                _Line(
                    (
                        "",
                        "",
                        "Übertrag auf die nächste Seite",
                        _amount(c.soll),
                        _amount(c.haben),
                        _amount(c.saldo),
                    ),
                    bold=True,
                    rule_above=0.6,
                )
            )
        return _Block(lines)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        height = 4 * ROW_HEIGHT + sum(row.height for row in self.rows)
        if height + self.tail_height > avail_height:
            return sum(WIDTHS), height + self.tail_height  # platypus will split
        self._block = self._make(len(self.rows), final=True)
        return sum(WIDTHS), height

    def draw(self) -> None:
        if self._block is None:
            self._block = self._make(len(self.rows), final=True)
        self._block.drawOn(self.canv, 0, 0)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        # Header, opening row and closing row are one line each; a posting row is
        # as high as its wrapped Buchungstext.
        used = 3 * ROW_HEIGHT
        count = 0
        for row in self.rows:
            if used + row.height > avail_height:
                break
            used += row.height
            count += 1
        if count == len(self.rows) and used + ROW_HEIGHT + self.tail_height <= avail_height:
            return [self]  # the totals and the closing words fit too
        if count == len(self.rows):
            count -= min(KEEP_WITH_TAIL, count)  # a few postings go along with the totals
        if count <= 0:
            return []
        rest = PostingTable(
            self.auszug, self.rows[count:], self._carry_after(count), self.tail_height
        )
        return [self._make(count, final=False), rest]


def _rows(auszug: KontoauszugDto) -> list[_Row]:
    width = WIDTHS[TEXT_COLUMN] - 6
    return [
        _Row(
            _date(p.datum),
            p.beleg_nr,
            "\n".join(simpleSplit(p.text, FONT, FONT_SIZE, width)) or "",
            p.soll,
            p.haben,
            p.saldo,
        )
        for p in auszug.posten
    ]


def _zahlung_reference(auszug: KontoauszugDto) -> tuple[tuple[str, str], ...]:
    """Payment data of the Register Zahlung for the reference block (IBAN masked)."""
    zahlung = auszug.zahlung
    if zahlung is None:
        return (("Zahlungsart", "nicht hinterlegt"),)
    lines = [("Zahlungsart", zahlung.zahlungsart.value)]
    if zahlung.iban_maskiert:
        lines.append(("IBAN", zahlung.iban_maskiert))
    if zahlung.zahlungsart is Zahlungsart.SEPA_LASTSCHRIFT and zahlung.mandatsreferenz:
        lines.append(("Mandatsreferenz", zahlung.mandatsreferenz))
        if zahlung.mandatsdatum:
            lines.append(("Mandat vom", fmt.date(zahlung.mandatsdatum)))
    return tuple(lines)


def _closing_text(auszug: KontoauszugDto) -> str:
    """The sentence after the table (plain text, the amount is in the Endsaldo bar)."""
    saldo = auszug.endsaldo
    if saldo > 0:
        if auszug.zahlung and auszug.zahlung.zahlungsart is Zahlungsart.SEPA_LASTSCHRIFT:
            return (
                f"Zum {fmt.date(auszug.bis)} besteht ein offener Betrag von "
                f"{fmt.money(saldo)}. Wir ersuchen Sie, für ausreichende Deckung Ihres "
                "Kontos zu sorgen, damit der Betrag mit der nächsten Lastschrift eingezogen "
                "werden kann."
            )
        return (
            f"Zum {fmt.date(auszug.bis)} besteht ein offener Betrag von "
            f"{fmt.money(saldo)}. Wir ersuchen Sie, diesen Betrag binnen 14 Tagen zu "
            "überweisen. Sollte sich Ihre Zahlung mit diesem Schreiben überschnitten haben, "
            "betrachten Sie es bitte als gegenstandslos."
        )
    if saldo < 0:
        return (
            f"Zum {fmt.date(auszug.bis)} besteht ein Guthaben von {fmt.money(-saldo)} "
            "zu Ihren Gunsten. Es wird mit der nächsten Vorschreibung verrechnet."
        )
    return f"Ihr Konto ist zum {fmt.date(auszug.bis)} ausgeglichen."


def section(auszug: KontoauszugDto) -> ReportSection:
    """The statement as one letter section."""
    period = f"{fmt.date(auszug.von)} – {fmt.date(auszug.bis)}"
    top = f" · Top {auszug.top_nr}" if auszug.top_nr else ""
    story: list[Flowable] = [
        TextLines(
            [
                auszug.anrede_zeile,
                "",
                "anbei erhalten Sie den Kontoauszug Ihres Bestandsverhältnisses für den "
                f"Zeitraum {period}.",
            ]
        ),
        Spacer(0, 4 * mm),
    ]
    word = auszug.saldo_wort
    amount = fmt.money(abs(auszug.endsaldo))
    summary = Table(
        [[f"Endsaldo per {fmt.date(auszug.bis)}: {word}", amount]],
        colWidths=[147 * mm, 23 * mm],
        hAlign="LEFT",
    )
    summary.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT_BOLD, 10, 13),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("BACKGROUND", (0, 0), (-1, -1), HEADER_FILL),
                ("TEXTCOLOR", (0, 0), (-1, -1), ACCENT),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    tail: list[Flowable] = [
        Spacer(0, 4 * mm),
        summary,
        Spacer(0, 4 * mm),
        TextLines([_closing_text(auszug), "", "Mit freundlichen Grüßen", "", auszug.mandant.name]),
    ]
    tail_height = sum(part.wrap(CONTENT_WIDTH, PAGE_HEIGHT)[1] for part in tail)
    story += [PostingTable(auszug, _rows(auszug), tail_height=tail_height), KeepTogether(tail)]
    reference = (
        ("Objekt", f"{auszug.objekt_nr} {auszug.objekt_bezeichnung}"),
        ("Einheit", f"{auszug.einheit_nr}{top}"),
        ("Bestandsverhältnis", auszug.kennung),
        *((("Person-Nr.", auszug.person_nr),) if auszug.person_nr else ()),
        ("Zeitraum", period),
        *_zahlung_reference(auszug),
    )
    return ReportSection(
        title=TITLE,
        subtitle="",
        story=story,
        letterhead=Letterhead.from_mandant(auszug.mandant),
        recipient=auszug.anschrift,
        reference=reference,
        running_title=f"Kontoauszug {auszug.kennung} · {auszug.bestandnehmer}",
    )


def build_pdf(
    session: Session,
    bv_id: int,
    von: dt.date | None = None,
    bis: dt.date | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> bytes:
    """One statement of Bestandsverhältnis ``bv_id`` as PDF bytes."""
    auszug = service.kontoauszug(session, bv_id, von, bis, clock)
    return render_auszuege([auszug], clock)


def render_auszuege(auszuege: Sequence[KontoauszugDto], clock: Clock = SYSTEM_CLOCK) -> bytes:
    """Statements already computed, in one PDF (one section each)."""
    title = TITLE if len(auszuege) != 1 else f"{TITLE} {auszuege[0].kennung}"
    return render([section(a) for a in auszuege], created=clock.today(), title=title)


def build_batch(
    session: Session,
    bv_ids: Sequence[int],
    von: dt.date | None = None,
    bis: dt.date | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> bytes:
    """Several statements in one PDF, each starting on a new page with its own count."""
    return render_auszuege(service.kontoauszuege(session, bv_ids, von, bis, clock), clock)


def _build(session: Session, request: ReportRequest) -> bytes:
    von, bis = service.default_period(request.clock)
    bv_id = request.bv_id
    if bv_id is None:
        if request.einheit_id is None:
            raise ValueError("Kontoauszug braucht ein Bestandsverhältnis oder eine Einheit.")
        bv_id = service.bv_fuer_einheit(session, request.einheit_id, von, bis, request.clock)
    return build_pdf(session, bv_id, von, bis, request.clock)


REPORT = ReportSpec(
    key="kontoauszug",
    name=TITLE,
    kontexte=frozenset({ReportKontext.EINHEIT, ReportKontext.BESTANDSVERHAELTNIS}),
    needs_bv=True,
    build=_build,
    description="Saldovortrag, Buchungen und Saldo des laufenden Jahres",
)
