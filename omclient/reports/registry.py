"""Which reports the dialogs' **Berichte** buttons offer, per context.

Each report module exposes ``REPORT`` (a :class:`ReportSpec`), or ``REPORTS``
(a tuple) when it offers several variants. :func:`all_reports` lists them once,
with ordinary imports, so the UI, the CLI, the tests and a frozen bundle see the
same reports in the same order.

A spec's ``build(session, request)`` returns the PDF bytes. From the Einheit
dialog, a report with ``needs_bv`` needs a Mietverhältnis chosen first
(:func:`bv_choices` lists them); there are no parameter dialogs — periods and
Stichtage default from the clock.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.domain import Bestandsverhaeltnis
from omclient.formatting import date as fmt_date
from omclient.reports.layout import write
from omclient.services.dto import Dto


class ReportKontext(enum.StrEnum):
    """Where a report is started from."""

    EINHEIT = "Einheit"
    BESTANDSVERHAELTNIS = "Bestandsverhältnis"


@dataclass(frozen=True)
class ReportRequest:
    """What a report is built for. ``bv_id`` is required when the spec ``needs_bv``."""

    einheit_id: int | None = None
    bv_id: int | None = None
    clock: Clock = field(default=SYSTEM_CLOCK)


BuildFn = Callable[[Session, ReportRequest], bytes]


@dataclass(frozen=True)
class ReportSpec:
    """A report as the Berichte list shows it."""

    key: str
    name: str
    kontexte: frozenset[ReportKontext]
    needs_bv: bool
    build: BuildFn
    description: str = ""

    def file_name(self, suffix: str = "") -> str:
        """A suggested file name, e.g. ``Kontoauszug_1010-0001.pdf``."""
        base = self.name.replace(" ", "_")
        return f"{base}_{suffix}.pdf" if suffix else f"{base}.pdf"

    def write(self, session: Session, request: ReportRequest, path: str | Path) -> Path:
        """Build the report and write it to ``path``."""
        return write(self.build(session, request), path)


def all_reports() -> list[ReportSpec]:
    """Every available report, in the declared order."""
    # Imported here: each report module imports ReportSpec from this one.
    from omclient.reports import kautionsabrechnung, kontoauszug, uebergabeprotokoll

    return [kontoauszug.REPORT, *uebergabeprotokoll.REPORTS, kautionsabrechnung.REPORT]


def reports_for(kontext: ReportKontext) -> list[ReportSpec]:
    """The reports a dialog of ``kontext`` lists under Berichte."""
    return [spec for spec in all_reports() if kontext in spec.kontexte]


def report(key: str) -> ReportSpec:
    """The report with ``key``; ``KeyError`` when there is none."""
    for spec in all_reports():
        if spec.key == key:
            return spec
    raise KeyError(key)


class BvChoice(Dto):
    """A Mietverhältnis of an Einheit offered before a report opens."""

    id: int
    bv_nr: str
    bestandnehmer: str
    bezugsdatum: str
    auszugsdatum: str
    aktuell: bool

    @property
    def label(self) -> str:
        period = f"{self.bezugsdatum or 'ohne Bezugsdatum'} – {self.auszugsdatum or 'laufend'}"
        return f"{self.bv_nr}  {self.bestandnehmer or '(ohne Bestandnehmer)'}  ({period})"


def bv_choices(session: Session, einheit_id: int, clock: Clock = SYSTEM_CLOCK) -> list[BvChoice]:
    """The Bestandsverhältnisse of an Einheit, current first, then newest first."""
    today = clock.today()
    bvs = session.scalars(
        select(Bestandsverhaeltnis).where(Bestandsverhaeltnis.einheit_id == einheit_id)
    ).all()
    choices = [
        BvChoice(
            id=bv.id,
            bv_nr=bv.bv_nr,
            bestandnehmer=bv.person.anzeigename if bv.person else "",
            bezugsdatum=fmt_date(bv.bezugsdatum),
            auszugsdatum=fmt_date(bv.auszugsdatum),
            aktuell=bv.ist_aktiv_am(today),
        )
        for bv in bvs
    ]
    start = {bv.id: (bv.bezugsdatum or bv.auszugsdatum or dt.date.min).toordinal() for bv in bvs}
    choices.sort(key=lambda c: (not c.aktuell, -start[c.id]))
    return choices
