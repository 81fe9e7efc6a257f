"""Register WBF-Prüfung: checks of a tenancy's housing-subsidy eligibility.

A Bestandsverhältnis keeps a history of checks (date, result, household size,
income against the limit, next check due). The dialog edits the whole list
and saves it with Speichern; rows without an id are new, stored rows missing
from the list are deleted.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from omclient.domain import Bestandsverhaeltnis, WbfPruefung
from omclient.errors import ValidationError
from omclient.formatting import date as fmt_date
from omclient.services.bv_common import bv_unit_of_work
from omclient.services.dto import Dto

ERGEBNISSE = (
    "förderungswürdig",
    "nicht förderungswürdig",
    "Unterlagen ausständig",
    "in Prüfung",
)


class WbfPruefungDto(Dto):
    id: int | None = None
    datum: dt.date
    ergebnis: str | None = None
    haushaltsgroesse: int | None = None
    haushaltseinkommen: Decimal | None = None
    einkommensgrenze: Decimal | None = None
    naechste_pruefung: dt.date | None = None
    bemerkung: str | None = None

    @property
    def ueber_grenze(self) -> bool | None:
        """True when the household income exceeds the limit; None when unknown."""
        if self.haushaltseinkommen is None or self.einkommensgrenze is None:
            return None
        return self.haushaltseinkommen > self.einkommensgrenze


def load_wbf(session: Session, bv_id: int) -> tuple[WbfPruefungDto, ...]:
    """The checks, newest first."""
    rows = session.scalars(
        select(WbfPruefung)
        .where(WbfPruefung.bestandsverhaeltnis_id == bv_id)
        .order_by(WbfPruefung.datum.desc(), WbfPruefung.id.desc())
    )
    return tuple(WbfPruefungDto.model_validate(r) for r in rows)


def naechste_faellige(pruefungen: tuple[WbfPruefungDto, ...]) -> dt.date | None:
    """The next check due according to the newest check."""
    return pruefungen[0].naechste_pruefung if pruefungen else None


def validate_wbf(
    pruefungen: tuple[WbfPruefungDto, ...], known_ids: set[int] | None = None
) -> list[str]:
    problems = []
    for p in pruefungen:
        label = f"WBF-Prüfung vom {fmt_date(p.datum)}"
        if known_ids is not None and p.id is not None and p.id not in known_ids:
            problems.append(f"{label}: gehört nicht zu diesem Bestandsverhältnis.")
        if p.naechste_pruefung is not None and p.naechste_pruefung <= p.datum:
            problems.append(f"{label}: Die nächste Prüfung muss nach dem Prüfdatum liegen.")
        if p.haushaltsgroesse is not None and p.haushaltsgroesse < 1:
            problems.append(f"{label}: Die Haushaltsgröße muss mindestens 1 sein.")
        for what, value in (
            ("Das Haushaltseinkommen", p.haushaltseinkommen),
            ("Die Einkommensgrenze", p.einkommensgrenze),
        ):
            if value is not None and value < 0:
                problems.append(f"{label}: {what} darf nicht negativ sein.")
    return problems


def apply_wbf(
    session: Session, bv: Bestandsverhaeltnis, pruefungen: tuple[WbfPruefungDto, ...]
) -> None:
    existing = {
        r.id: r
        for r in session.scalars(
            select(WbfPruefung).where(WbfPruefung.bestandsverhaeltnis_id == bv.id)
        )
    }
    kept = set()
    for p in pruefungen:
        row = existing.get(p.id) if p.id is not None else None
        if row is None:
            row = WbfPruefung(bestandsverhaeltnis_id=bv.id)
            session.add(row)
        else:
            kept.add(row.id)
        for name, value in p.model_dump(exclude={"id"}).items():
            setattr(row, name, value.strip() or None if isinstance(value, str) else value)
    for ident, row in existing.items():
        if ident not in kept:
            session.delete(row)


def known_wbf_ids(session: Session, bv_id: int) -> set[int]:
    return set(
        session.scalars(select(WbfPruefung.id).where(WbfPruefung.bestandsverhaeltnis_id == bv_id))
    )


def save_wbf(
    sessions: sessionmaker[Session],
    bv_id: int,
    expected_version: int | None,
    pruefungen: tuple[WbfPruefungDto, ...],
) -> tuple[WbfPruefungDto, ...]:
    """Replace the BV's checks by ``pruefungen`` (one transaction, version checked)."""
    with bv_unit_of_work(sessions, bv_id, expected_version) as (session, bv):
        problems = validate_wbf(pruefungen, known_wbf_ids(session, bv_id))
        if problems:
            raise ValidationError(problems[0], problems)
        apply_wbf(session, bv, pruefungen)
    with sessions() as session:
        return load_wbf(session, bv_id)
