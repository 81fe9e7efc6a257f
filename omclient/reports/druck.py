"""Rendering a dialog printout (:class:`~omclient.services.druck.DruckDokument`).

Each Register becomes a heading, each Bereich a sub-heading with its fields in
two label/value columns (labels of d+ RW fields in italics, as in the dialog)
or a table that breaks across pages with a repeated header.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from omclient.reports.layout import (
    CONTENT_WIDTH,
    Letterhead,
    ReportSection,
    data_table,
    escape,
    field_grid,
    heading,
    render,
    styles,
)
from omclient.services.druck import DruckDokument, FeldBlock, TabellenBlock, TextBlock

_MAX_WEIGHT = 38
_MIN_WEIGHT = 5


def _widths(block: TabellenBlock) -> list[float]:
    """Column widths proportional to the longest text, capped so no column hogs the page."""
    weights = []
    for index, title in enumerate(block.spalten):
        longest = max([len(title), *(len(row[index]) for row in block.zeilen)])
        weights.append(max(_MIN_WEIGHT, min(_MAX_WEIGHT, longest)))
    total = sum(weights)
    return [CONTENT_WIDTH * w / total for w in weights]


def _subheading(text: str) -> Paragraph:
    para = Paragraph(escape(text), styles().subheading)
    para.keepWithNext = True
    return para


def story(dokument: DruckDokument) -> list[Flowable]:
    st = styles()
    parts: list[Flowable] = [
        Paragraph(
            "Feldbezeichnungen in <i>Kursivschrift</i> werden aus d+ RW übernommen.", st.small
        ),
    ]
    for register in dokument.registerkarten:
        parts += heading(f"Register {register.name}")
        for block in register.bloecke:
            if isinstance(block, FeldBlock):
                parts.append(_subheading(block.titel))
                parts.append(
                    field_grid(
                        [(f.label, f.wert) for f in block.felder],
                        italic_labels={f.label for f in block.felder if f.rw},
                    )
                )
            elif isinstance(block, TabellenBlock):
                parts.append(_subheading(block.titel))
                parts.append(
                    data_table(
                        block.spalten,
                        block.zeilen,
                        _widths(block),
                        right=block.rechts,
                        wrap=tuple(range(len(block.spalten))),
                        empty=block.leer,
                    )
                )
            elif isinstance(block, TextBlock):
                title = f"<i>{escape(block.titel)}</i>" if block.rw else escape(block.titel)
                para = Paragraph(title, st.subheading)
                para.keepWithNext = True
                parts.append(para)
                parts.append(Paragraph(escape(block.text) if block.text else "–", st.cell))
            parts.append(Spacer(0, 1.5 * mm))
    return parts


def render_dokument(dokument: DruckDokument, created: dt.date) -> bytes:
    """The printout as PDF bytes; ``created`` is the date printed as "Stand"."""
    section = ReportSection(
        title=dokument.titel,
        subtitle=dokument.untertitel,
        story=story(dokument),
        letterhead=Letterhead.from_mandant(dokument.mandant),
        running_title=dokument.titel,
    )
    return render([section], created=created, title=dokument.titel)
