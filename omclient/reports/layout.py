"""The page layout every report shares (reportlab platypus, no Qt).

A report is one or more :class:`ReportSection` s rendered by :func:`render` into
one PDF. Every section starts on a new page and has its own page count
("Seite x von y" restarts), so a batch of statements can live in one file.

Every page carries the Mandant's letterhead (name, address, contact, logo), the
report title and the creation date; the footer repeats the sender and gives the
page number. A section with a ``recipient`` is laid out as a letter: the address
sits in the window of a DIN-lang/C5 window envelope (DIN 5008 form B: 20 mm
from the left, 45 mm from the top), a reference block (date, Objekt, …) stands
to its right and folding marks are printed at the left edge.

Fonts: DejaVu Sans Condensed, shipped in ``omclient.resources`` (``resources/fonts``)
and embedded (as a subset) into every PDF, so umlauts and "€" print the same on every machine.
Amounts and dates are formatted by :mod:`omclient.formatting` (babel, de_AT).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from omclient import formatting as fmt
from omclient.resources_access import resources

# reportlab opens fonts and images by file name: omclient is installed as a folder.
RESOURCES = Path(str(resources()))
FONT_DIR = RESOURCES / "fonts"
LOGO = RESOURCES / "reports" / "logo.png"

FONT = "OmSans"
FONT_BOLD = "OmSans-Bold"
FONT_ITALIC = "OmSans-Oblique"
FONT_BOLD_ITALIC = "OmSans-BoldOblique"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 22 * mm
MARGIN_RIGHT = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FOOTER_TOP = 20 * mm

ACCENT = colors.HexColor("#1f5f7a")
RULE = colors.HexColor("#9aa9b1")
HEADER_FILL = colors.HexColor("#e4edf1")
ZEBRA_FILL = colors.HexColor("#f5f8f9")
MUTED = colors.HexColor("#55636b")

# DIN 5008 form B window position (from the top-left corner of the sheet).
WINDOW_LEFT = 20 * mm
WINDOW_TOP = 45 * mm
WINDOW_WIDTH = 85 * mm
WINDOW_HEIGHT = 45 * mm


@functools.cache
def register_fonts() -> None:
    """Register the shipped TTF fonts with reportlab (once per process)."""
    files = {
        FONT: "DejaVuSansCondensed.ttf",
        FONT_BOLD: "DejaVuSansCondensed-Bold.ttf",
        FONT_ITALIC: "DejaVuSansCondensed-Oblique.ttf",
        FONT_BOLD_ITALIC: "DejaVuSansCondensed-BoldOblique.ttf",
    }
    for name, filename in files.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )


@dataclass(frozen=True)
class Styles:
    """Paragraph styles of all reports."""

    body: ParagraphStyle
    small: ParagraphStyle
    title: ParagraphStyle
    letter_title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    label: ParagraphStyle


@functools.cache
def styles() -> Styles:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5)
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=MUTED),
        title=ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=15, leading=18, textColor=ACCENT
        ),
        letter_title=ParagraphStyle(
            "letter_title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=15,
            textColor=ACCENT,
        ),
        subtitle=ParagraphStyle("subtitle", parent=body, fontSize=10, leading=13),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=9,
            spaceAfter=4,
            textColor=ACCENT,
        ),
        subheading=ParagraphStyle(
            "subheading", parent=body, fontName=FONT_BOLD, fontSize=9.5, spaceBefore=5, spaceAfter=2
        ),
        cell=ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5),
        cell_bold=ParagraphStyle(
            "cell_bold", parent=body, fontName=FONT_BOLD, fontSize=8.5, leading=10.5
        ),
        cell_right=ParagraphStyle(
            "cell_right", parent=body, fontSize=8.5, leading=10.5, alignment=TA_RIGHT
        ),
        label=ParagraphStyle("label", parent=body, fontSize=8.5, leading=10.5, textColor=MUTED),
    )


def escape(text: object) -> str:
    """Text for a Paragraph: ``&``, ``<`` and ``>`` escaped, line breaks kept."""
    raw = "" if text is None else str(text)
    raw = raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return raw.replace("\n", "<br/>")


class MandantLike(Protocol):
    """What a letterhead needs of a Mandant (the ORM row or a DTO)."""

    @property
    def name(self) -> str: ...
    @property
    def strasse(self) -> str | None: ...
    @property
    def plz(self) -> str | None: ...
    @property
    def ort(self) -> str | None: ...
    @property
    def telefon(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...
    @property
    def uid_nr(self) -> str | None: ...


@dataclass(frozen=True)
class Letterhead:
    """The sender printed at the top and bottom of every page (the Mandant)."""

    name: str
    address: tuple[str, ...] = ()
    contact: tuple[str, ...] = ()

    @classmethod
    def from_mandant(cls, mandant: MandantLike) -> Letterhead:
        """From a Mandant (the ORM row or a DTO with the same fields)."""
        address = tuple(
            line
            for line in (mandant.strasse, " ".join(p for p in (mandant.plz, mandant.ort) if p))
            if line
        )
        contact = tuple(
            line
            for line in (
                f"Tel. {mandant.telefon}" if mandant.telefon else "",
                mandant.email or "",
                f"UID {mandant.uid_nr}" if mandant.uid_nr else "",
            )
            if line
        )
        return cls(name=mandant.name, address=address, contact=contact)

    @property
    def return_address(self) -> str:
        """One line for the top of the envelope window ("Rücksendeangabe")."""
        return " · ".join((self.name, *self.address))


@dataclass
class ReportSection:
    """One document inside a PDF: its own first page, letterhead and page count.

    ``story`` holds the flowables below the title. ``recipient`` (address lines)
    switches to the letter layout; ``reference`` are label/value pairs printed
    next to the address window (letters) or below the title (other reports).
    ``running_title`` heads the follow-up pages (defaults to ``title``).
    """

    title: str
    story: list[Flowable]
    letterhead: Letterhead
    subtitle: str = ""
    recipient: tuple[str, ...] = ()
    reference: tuple[tuple[str, str], ...] = ()
    running_title: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def is_letter(self) -> bool:
        return bool(self.recipient)


class _SectionMarker(Flowable):
    """Zero-size flowable that tells the canvas which section the page belongs to."""

    def __init__(self, index: int, on_draw: Callable[[int], None] | None = None) -> None:
        super().__init__()
        self.index = index
        self.on_draw = on_draw

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.om_section = self.index
        if self.on_draw is not None:
            self.on_draw(self.index)


class _NumberedCanvas(Canvas):
    """Defers every page until the end so "Seite x von y" knows y per section."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.om_section = 0
        self._pages: list[tuple[dict[str, Any], int]] = []

    def showPage(self) -> None:
        self._pages.append((dict(self.__dict__), self.om_section))
        self._startPage()

    def save(self) -> None:
        totals = Counter(section for _, section in self._pages)
        numbers: defaultdict[int, int] = defaultdict(int)
        for state, section in self._pages:
            self.__dict__.update(state)
            numbers[section] += 1
            self.setFont(FONT, 7.5)
            self.setFillColor(MUTED)
            self.drawRightString(
                PAGE_WIDTH - MARGIN_RIGHT,
                FOOTER_TOP - 6 * mm,
                f"Seite {numbers[section]} von {totals[section]}",
            )
            super().showPage()
        super().save()


class _ReportDocument(BaseDocTemplate):
    def __init__(
        self, target: Any, sections: Sequence[ReportSection], created: dt.date, **kwargs: Any
    ) -> None:
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=20 * mm,
            bottomMargin=FOOTER_TOP + 2 * mm,
            initialFontName=FONT,
            initialFontSize=9.5,
            **kwargs,
        )
        self.sections = list(sections)
        self.created = created
        bottom = FOOTER_TOP + 2 * mm

        def frame(top: float) -> Frame:
            return Frame(
                MARGIN_LEFT,
                bottom,
                CONTENT_WIDTH,
                PAGE_HEIGHT - top - bottom,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )

        templates = {
            "erste": PageTemplate("erste", [frame(40 * mm)], onPageEnd=self._decorate_first),
            "brief": PageTemplate("brief", [frame(96 * mm)], onPageEnd=self._decorate_letter),
            "folge": PageTemplate("folge", [frame(24 * mm)], onPageEnd=self._decorate_follow),
        }
        first = "brief" if self.sections and self.sections[0].is_letter else "erste"
        self.addPageTemplates([templates[first]] + [t for k, t in templates.items() if k != first])

    def section_of(self, canvas: Canvas) -> ReportSection:
        return self.sections[getattr(canvas, "om_section", 0)]

    def _letterhead(self, canvas: Canvas, section: ReportSection) -> None:
        head = section.letterhead
        top = PAGE_HEIGHT - 12 * mm
        logo_size = 20 * mm
        canvas.drawImage(
            str(LOGO),
            PAGE_WIDTH - MARGIN_RIGHT - logo_size,
            top - logo_size,
            logo_size,
            logo_size,
            mask="auto",
        )
        canvas.setFillColor(ACCENT)
        canvas.setFont(FONT_BOLD, 12.5)
        canvas.drawString(MARGIN_LEFT, top - 4.5 * mm, head.name)
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT, 8.5)
        y = top - 9.5 * mm
        for line in (" · ".join(head.address), " · ".join(head.contact)):
            if line:
                canvas.drawString(MARGIN_LEFT, y, line)
                y -= 4 * mm
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(
            MARGIN_LEFT, PAGE_HEIGHT - 35 * mm, PAGE_WIDTH - MARGIN_RIGHT, PAGE_HEIGHT - 35 * mm
        )

    def _footer(self, canvas: Canvas, section: ReportSection) -> None:
        head = section.letterhead
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_LEFT, FOOTER_TOP, PAGE_WIDTH - MARGIN_RIGHT, FOOTER_TOP)
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN_LEFT, FOOTER_TOP - 4 * mm, " · ".join((head.name, *head.address)))
        contact = " · ".join(head.contact)
        canvas.drawString(
            MARGIN_LEFT,
            FOOTER_TOP - 8 * mm,
            f"{contact} · erstellt am {fmt.date(self.created)}"
            if contact
            else f"erstellt am {fmt.date(self.created)}",
        )

    def _decorate_first(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        section = self.section_of(canvas)
        canvas.saveState()
        self._letterhead(canvas, section)
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(
            PAGE_WIDTH - MARGIN_RIGHT, PAGE_HEIGHT - 39 * mm + 4, f"Stand: {fmt.date(self.created)}"
        )
        self._footer(canvas, section)
        canvas.restoreState()

    def _decorate_letter(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        section = self.section_of(canvas)
        canvas.saveState()
        self._letterhead(canvas, section)
        window_top = PAGE_HEIGHT - WINDOW_TOP
        canvas.setFont(FONT, 6.5)
        canvas.setFillColor(MUTED)
        sender = section.letterhead.return_address
        while pdfmetrics.stringWidth(sender, FONT, 6.5) > WINDOW_WIDTH - 4 * mm and " · " in sender:
            sender = sender.rsplit(" · ", 1)[0]
        canvas.drawString(WINDOW_LEFT + 2 * mm, window_top - 5 * mm, sender)
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.3)
        canvas.line(
            WINDOW_LEFT + 2 * mm,
            window_top - 5.8 * mm,
            WINDOW_LEFT + 2 * mm + pdfmetrics.stringWidth(sender, FONT, 6.5),
            window_top - 5.8 * mm,
        )
        canvas.setFillColor(colors.black)
        canvas.setFont(FONT, 10)
        y = window_top - 17.7 * mm - 10
        for line in section.recipient[:6]:
            canvas.drawString(WINDOW_LEFT + 2 * mm, y, line)
            y -= 12.5
        x_label = 122 * mm
        x_value = 150 * mm
        y = PAGE_HEIGHT - 50 * mm
        value_width = PAGE_WIDTH - MARGIN_RIGHT - x_value
        for label, value in (("Datum", fmt.date(self.created)), *section.reference):
            canvas.setFont(FONT, 8.5)
            canvas.setFillColor(MUTED)
            canvas.drawString(x_label, y, label)
            canvas.setFillColor(colors.black)
            # A long value (an Objekt's name) wraps inside the block instead of
            # running off the page.
            for line in simpleSplit(value, FONT, 8.5, value_width)[:3] or [""]:
                canvas.drawString(x_value, y, line)
                y -= 3.6 * mm
            y -= 0.6 * mm
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        for mark_top, length in ((105 * mm, 5 * mm), (148.5 * mm, 7 * mm), (210 * mm, 5 * mm)):
            canvas.line(3 * mm, PAGE_HEIGHT - mark_top, 3 * mm + length, PAGE_HEIGHT - mark_top)
        self._footer(canvas, section)
        canvas.restoreState()

    def _decorate_follow(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        section = self.section_of(canvas)
        canvas.saveState()
        top = PAGE_HEIGHT - 13 * mm
        canvas.setFont(FONT_BOLD, 8.5)
        canvas.setFillColor(ACCENT)
        canvas.drawString(MARGIN_LEFT, top, section.letterhead.name)
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(
            PAGE_WIDTH - MARGIN_RIGHT,
            top,
            f"{section.running_title or section.title} · Stand: {fmt.date(self.created)}",
        )
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_LEFT, top - 2.5 * mm, PAGE_WIDTH - MARGIN_RIGHT, top - 2.5 * mm)
        self._footer(canvas, section)
        canvas.restoreState()


def _title_block(section: ReportSection) -> list[Flowable]:
    st = styles()
    title_style = st.letter_title if section.is_letter else st.title
    parts: list[Flowable] = [Paragraph(escape(section.title), title_style)]
    if section.subtitle:
        parts.append(Paragraph(escape(section.subtitle), st.subtitle))
    if section.reference and not section.is_letter:
        parts.append(Spacer(0, 2 * mm))
        parts.append(field_grid(section.reference, columns=2))
    parts.append(Spacer(0, 3 * mm if section.is_letter else 5 * mm))
    return parts


def render(
    sections: Sequence[ReportSection],
    *,
    created: dt.date,
    title: str | None = None,
    author: str = "omclient",
    on_section: Callable[[int], None] | None = None,
) -> bytes:
    """Render ``sections`` into one PDF and return its bytes.

    ``created`` is the date printed as "Stand"/"Datum" (pass the clock's today).
    ``on_section(index)`` is called when a section starts being laid out (batch
    progress); an exception it raises aborts the rendering (Cancel).
    Raises ``ValueError`` when ``sections`` is empty.
    """
    if not sections:
        raise ValueError("Ein Bericht braucht mindestens einen Abschnitt.")
    register_fonts()
    buffer = io.BytesIO()
    doc = _ReportDocument(
        buffer,
        sections,
        created,
        title=title or sections[0].title,
        author=author,
        creator="omclient",
        subject=sections[0].subtitle or sections[0].title,
    )
    story: list[Flowable] = []
    for index, section in enumerate(sections):
        if index:
            story.append(NextPageTemplate("brief" if section.is_letter else "erste"))
            story.append(PageBreak())
        story.append(_SectionMarker(index, on_section))
        story.append(NextPageTemplate("folge"))
        story.extend(_title_block(section))
        story.extend(section.story)
    doc.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def write(data: bytes, path: str | Path) -> Path:
    """Write PDF ``data`` to ``path`` (parent folders are created) and return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def heading(text: str) -> list[Flowable]:
    """A Register/chapter heading; starts a new page when less than 3 cm are left,
    so a heading never stands alone at the bottom of a page."""
    return [CondPageBreak(30 * mm), Paragraph(escape(text), styles().heading)]


def field_grid(
    pairs: Sequence[tuple[str, str]],
    *,
    columns: int = 2,
    width: float = CONTENT_WIDTH,
    italic_labels: Collection[str] = (),
) -> Table:
    """Label/value pairs in ``columns`` column pairs; empty values print as "–".

    Labels in ``italic_labels`` are set in italics (fields owned by d+ RW).
    """
    st = styles()
    italic = ParagraphStyle("label_rw", parent=st.label, fontName=FONT_ITALIC)
    cells: list[list[Flowable | str]] = []
    row: list[Flowable | str] = []
    for label, value in pairs:
        row.append(Paragraph(escape(label), italic if label in italic_labels else st.label))
        row.append(Paragraph(escape(value) if value not in (None, "") else "–", st.cell))
        if len(row) == 2 * columns:
            cells.append(row)
            row = []
    if row:
        row.extend([""] * (2 * columns - len(row)))
        cells.append(row)
    pair_width = width / columns
    widths = [pair_width * 0.45, pair_width * 0.55] * columns
    table = Table(cells, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
            ]
        )
    )
    return table


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    right: Sequence[int] = (),
    wrap: Sequence[int] = (),
    footer: Sequence[object] | None = None,
    empty: str = "keine Einträge",
) -> Flowable:
    """A table that breaks across pages and repeats its header on every page.

    ``widths`` are absolute (points); ``right`` lists the column indexes aligned
    right (amounts), ``wrap`` the columns whose text may wrap (Paragraphs).
    ``footer`` is a bold closing row (totals). Without rows, ``empty`` is printed.
    """
    st = styles()
    if not rows:
        return Paragraph(escape(empty), st.small)
    head_style = ParagraphStyle("head", parent=st.cell_bold, textColor=ACCENT)
    head_right = ParagraphStyle("head_right", parent=head_style, alignment=TA_RIGHT)
    data: list[list[object]] = [
        [
            Paragraph(escape(text), head_right if i in right else head_style)
            for i, text in enumerate(header)
        ]
    ]
    for row in rows:
        data.append(
            [
                Paragraph(escape(cell), st.cell) if i in wrap and isinstance(cell, str) else cell
                for i, cell in enumerate(row)
            ]
        )
    if footer is not None:
        data.append(list(footer))
    table = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5, 10.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    commands.extend(("ALIGN", (i, 0), (i, -1), "RIGHT") for i in right)
    commands.extend(("BACKGROUND", (0, r), (-1, r), ZEBRA_FILL) for r in range(2, len(rows) + 1, 2))
    if footer is not None:
        commands.append(("FONT", (0, -1), (-1, -1), FONT_BOLD, 8.5, 10.5))
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.6, ACCENT))
    table.setStyle(TableStyle(commands))
    return table


def signature_blocks(labels: Sequence[str], *, place_date: bool = True) -> Flowable:
    """Signature lines side by side, each with "Ort, Datum" above when asked.

    Put it into a KeepTogether with the text it confirms (a nested
    KeepTogether would force a page break).
    """
    st = styles()
    width = CONTENT_WIDTH / len(labels)
    row_place = [Paragraph("Ort, Datum: ______________________________", st.cell) for _ in labels]
    row_space = ["" for _ in labels]
    row_line = [Paragraph("_" * 38, st.cell) for _ in labels]
    row_label = [Paragraph(escape(label), st.small) for label in labels]
    data = ([row_place] if place_date else []) + [row_space, row_line, row_label]
    table = Table(data, colWidths=[width] * len(labels), hAlign="LEFT", rowHeights=None)
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 1 if place_date else 0), (-1, 1 if place_date else 0), 14),
            ]
        )
    )
    return table


class TextLines(Flowable):
    """Plain text in the body font, wrapped to the frame width; no markup.

    A much cheaper stand-in for a Paragraph in letters printed by the
    thousand (batch statements). Empty strings give empty lines.
    """

    def __init__(
        self,
        lines: Sequence[str],
        *,
        font: str = FONT,
        size: float = 9.5,
        leading: float = 12.5,
    ) -> None:
        super().__init__()
        self.source = list(lines)
        self.font = font
        self.size = size
        self.leading = leading
        self._lines: list[str] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        register_fonts()
        self._lines = []
        for line in self.source:
            self._lines.extend(simpleSplit(line, self.font, self.size, avail_width) or [""])
        self.width = avail_width
        self.height = len(self._lines) * self.leading
        return avail_width, self.height

    def draw(self) -> None:
        text = self.canv.beginText()
        text.setFont(self.font, self.size, self.leading)
        text.setTextOrigin(0, self.height - self.size)
        for line in self._lines:
            text.textLine(line)
        self.canv.drawText(text)
