"""Batch printing: one report for many tenancies, into one PDF or one file each.

Used by the Einheitenübersicht (worker thread with progress and Cancel, see
``omclient.ui.berichte.batch``) and by ``omclient report kontoauszug`` for a whole
Objekt. No Qt here: progress and cancellation are plain callables.

A :class:`BatchReport` knows which tenancies of the chosen Einheiten it covers
(Kontoauszug: every tenancy running in the period; Übergabeprotokoll: the
current one) and turns them into report sections. :func:`run_batch` loads the
data in chunks, renders, writes, and reports progress per statement.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.errors import OmError, ValidationError
from omclient.reports import kontoauszug, uebergabeprotokoll
from omclient.reports.layout import ReportSection, render, write
from omclient.services import kontoauszug as konto_service
from omclient.services import uebergabe as uebergabe_service

CHUNK = 200

SectionsFn = Callable[[Session, Sequence[int], Clock], list[tuple[str, ReportSection]]]
TenanciesFn = Callable[[Session, Sequence[int], Clock], tuple[list[int], list[str]]]


class BatchMode(enum.StrEnum):
    ONE_PDF = "eine PDF-Datei"
    FILE_PER_TENANCY = "eine Datei je Mietverhältnis"


class BatchCancelled(Exception):
    """Raised inside the rendering when the user pressed Cancel."""


@dataclass(frozen=True)
class BatchReport:
    """A report that can be printed for many tenancies at once."""

    key: str
    name: str
    tenancies: TenanciesFn
    sections: SectionsFn


@dataclass
class BatchResult:
    name: str = "Bericht"
    files: list[Path] = field(default_factory=list)
    count: int = 0
    cancelled: bool = False
    skipped: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """A German one-liner for the status bar / CLI."""
        what = f"{self.count} {'Bericht' if self.count == 1 else 'Berichte'} ({self.name})"
        if self.cancelled:
            text = f"Abgebrochen: {what} erstellt"
            if self.files:
                text += f", {len(self.files)} Datei(en) in {self.files[0].parent} geschrieben."
            else:
                text += ", keine Datei geschrieben."
        elif len(self.files) == 1:
            text = f"{what} in {self.files[0]} gespeichert."
        elif self.files:
            text = f"{what} als {len(self.files)} Dateien in {self.files[0].parent} gespeichert."
        else:
            text = f"{what} erstellt."
        if self.skipped:
            text += f" {len(self.skipped)} Einheit(en) ohne passendes Mietverhältnis übersprungen."
        return text


def safe_file_part(text: str) -> str:
    """``1010/0001/1`` → ``1010-0001-1``: safe in file names on every system."""
    return re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-")


def kontoauszug_report(von: dt.date | None = None, bis: dt.date | None = None) -> BatchReport:
    """Kontoauszüge for [von, bis] (default: the current year of the clock)."""

    def period(clock: Clock) -> tuple[dt.date, dt.date]:
        default_von, default_bis = konto_service.default_period(clock)
        return von or default_von, bis or default_bis

    def tenancies(
        session: Session, einheit_ids: Sequence[int], clock: Clock
    ) -> tuple[list[int], list[str]]:
        start, end = period(clock)
        bv_ids = konto_service.bv_ids_fuer_einheiten(session, einheit_ids, start, end)
        return bv_ids, []

    def sections(
        session: Session, bv_ids: Sequence[int], clock: Clock
    ) -> list[tuple[str, ReportSection]]:
        start, end = period(clock)
        return [
            (f"Kontoauszug_{safe_file_part(a.kennung)}", kontoauszug.section(a))
            for a in konto_service.kontoauszuege(session, bv_ids, start, end, clock)
        ]

    return BatchReport("kontoauszug", "Kontoauszug", tenancies, sections)


def uebergabe_report(auszug: bool) -> BatchReport:
    art = uebergabe_service.UebergabeArt.AUSZUG if auszug else uebergabe_service.UebergabeArt.EINZUG

    def tenancies(
        session: Session, einheit_ids: Sequence[int], clock: Clock
    ) -> tuple[list[int], list[str]]:
        bv_ids: list[int] = []
        skipped: list[str] = []
        for einheit_id in einheit_ids:
            try:
                bv_ids.append(uebergabe_service.bv_fuer_uebergabe(session, einheit_id, art, clock))
            except OmError as err:
                skipped.append(err.message)
        return bv_ids, skipped

    def sections(
        session: Session, bv_ids: Sequence[int], clock: Clock
    ) -> list[tuple[str, ReportSection]]:
        result = []
        for bv_id in bv_ids:
            dto = uebergabe_service.uebergabe(session, bv_id, art)
            stem = f"Uebergabeprotokoll_{art.value}_{safe_file_part(dto.bv_kennung)}"
            result.append((stem, uebergabeprotokoll.section(dto)))
        return result

    return BatchReport(
        f"uebergabeprotokoll_{art.value.lower()}",
        f"Wohnungsübergabeprotokoll {art.value}",
        tenancies,
        sections,
    )


def batch_reports() -> list[BatchReport]:
    """The reports the Einheitenübersicht offers for batch printing."""
    return [kontoauszug_report(), uebergabe_report(False), uebergabe_report(True)]


def run_batch(
    sessions: sessionmaker[Session],
    report: BatchReport,
    einheit_ids: Sequence[int],
    target: Path,
    mode: BatchMode,
    *,
    clock: Clock = SYSTEM_CLOCK,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> BatchResult:
    """Print ``report`` for the tenancies of ``einheit_ids``.

    ONE_PDF writes ``target`` (a file); FILE_PER_TENANCY writes one PDF per
    tenancy into the folder ``target``. ``progress(done, total)`` is called per
    statement; when ``is_cancelled()`` turns true the batch stops: nothing is
    written in ONE_PDF mode, the files already written stay in the other mode.
    ValidationError when no Einheit has a suitable tenancy.
    """
    cancelled = is_cancelled or (lambda: False)
    result = BatchResult(name=report.name)
    with sessions() as session:
        bv_ids, result.skipped = report.tenancies(session, einheit_ids, clock)
    total = len(bv_ids)
    if not total:
        reasons = "; ".join(dict.fromkeys(result.skipped)) if result.skipped else ""
        raise ValidationError(
            f"Für die gewählten Einheiten gibt es kein Mietverhältnis für „{report.name}“."
            + (f" {reasons}" if reasons else ""),
            result.skipped or None,
        )

    def tick(done: int) -> None:
        if progress is not None:
            progress(done, total)

    tick(0)
    collected: list[ReportSection] = []
    for start in range(0, total, CHUNK):
        if cancelled():
            result.cancelled = True
            return result
        with sessions() as session:
            pairs = report.sections(session, bv_ids[start : start + CHUNK], clock)
        if mode is BatchMode.ONE_PDF:
            collected.extend(section for _, section in pairs)
            continue
        for stem, section in pairs:
            if cancelled():
                result.cancelled = True
                return result
            result.files.append(
                write(render([section], created=clock.today()), target / f"{stem}.pdf")
            )
            result.count += 1
            tick(result.count)
    if mode is BatchMode.FILE_PER_TENANCY:
        return result

    def on_section(index: int) -> None:
        if cancelled():
            raise BatchCancelled
        tick(index)

    try:
        data = render(collected, created=clock.today(), title=report.name, on_section=on_section)
    except BatchCancelled:
        result.cancelled = True
        return result
    result.files.append(write(data, target))
    result.count = total
    tick(total)
    return result
