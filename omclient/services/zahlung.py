"""Register Zahlung of a Bestandsverhältnis: how the tenant pays.

SEPA-Lastschrift needs the debtor's account (IBAN and BIC, checked) and the
mandate (reference in SEPA characters, signature date not in the future);
Zahlschein and Dauerauftrag carry no mandate, an account is optional.
The Kontoauszug reads the payment data through :func:`load_zahlung`.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from omclient.domain import Bestandsverhaeltnis, Zahlungsdaten
from omclient.domain.enums import Zahlungsart
from omclient.errors import ValidationError
from omclient.services.bankdaten import (
    check_account,
    format_iban,
    mask_iban,
    normalize_bic,
    normalize_iban,
)
from omclient.services.bv_common import bv_unit_of_work
from omclient.services.dto import Dto

# Characters SEPA allows in a mandate reference (EPC "Latin character set",
# without the leading "/" and "//" that the rulebook forbids).
_MANDATSREFERENZ_RE = re.compile(r"^[A-Za-z0-9+?/\-:().,' ]{1,35}$")


class ZahlungDto(Dto):
    bv_id: int
    zahlungsart: Zahlungsart | None = None
    kontoinhaber: str | None = None
    iban: str | None = None
    bic: str | None = None
    bank: str | None = None
    mandatsreferenz: str | None = None
    mandatsdatum: dt.date | None = None
    faelligkeitstag: int | None = None

    @property
    def iban_formatiert(self) -> str:
        return format_iban(self.iban)

    @property
    def iban_maskiert(self) -> str:
        """``AT** **** **** **** 5864`` for printouts."""
        return mask_iban(self.iban)

    @property
    def beschreibung(self) -> str:
        """One line for reports: method, masked account, mandate reference."""
        if self.zahlungsart is None:
            return "keine Zahlungsdaten hinterlegt"
        parts = [self.zahlungsart.value]
        if self.iban:
            parts.append(f"IBAN {self.iban_maskiert}")
        if self.zahlungsart is Zahlungsart.SEPA_LASTSCHRIFT and self.mandatsreferenz:
            parts.append(f"Mandatsreferenz {self.mandatsreferenz}")
        return ", ".join(parts)


class ZahlungInput(Dto):
    """The Register's values. ``zahlungsart=None`` removes the payment data."""

    zahlungsart: Zahlungsart | None = None
    kontoinhaber: str | None = None
    iban: str | None = None
    bic: str | None = None
    bank: str | None = None
    mandatsreferenz: str | None = None
    mandatsdatum: dt.date | None = None
    faelligkeitstag: int | None = None


def _row(session: Session, bv_id: int) -> Zahlungsdaten | None:
    return session.scalar(
        select(Zahlungsdaten).where(Zahlungsdaten.bestandsverhaeltnis_id == bv_id)
    )


def load_zahlung(session: Session, bv_id: int) -> ZahlungDto:
    row = _row(session, bv_id)
    if row is None:
        return ZahlungDto(bv_id=bv_id)
    return ZahlungDto(
        bv_id=bv_id,
        zahlungsart=row.zahlungsart,
        kontoinhaber=row.kontoinhaber,
        iban=row.iban,
        bic=row.bic,
        bank=row.bank,
        mandatsreferenz=row.mandatsreferenz,
        mandatsdatum=row.mandatsdatum,
        faelligkeitstag=row.faelligkeitstag,
    )


def _clean(text: str | None) -> str | None:
    cleaned = (text or "").strip()
    return cleaned or None


def validate_zahlung(data: ZahlungInput, today: dt.date) -> list[str]:
    """German problems with ``data``; empty when it can be saved."""
    if data.zahlungsart is None:
        return []
    problems = check_account(data.iban, data.bic, "Zahlung")
    if data.faelligkeitstag is not None and not 1 <= data.faelligkeitstag <= 28:
        problems.append("Zahlung: Der Fälligkeitstag muss zwischen 1 und 28 liegen.")
    if data.zahlungsart is Zahlungsart.SEPA_LASTSCHRIFT:
        if not normalize_iban(data.iban):
            problems.append("SEPA-Lastschrift: Bitte geben Sie die IBAN des Kontos an.")
        if not _clean(data.kontoinhaber):
            problems.append("SEPA-Lastschrift: Bitte geben Sie den Kontoinhaber an.")
        reference = _clean(data.mandatsreferenz)
        if not reference:
            problems.append("SEPA-Lastschrift: Bitte geben Sie die Mandatsreferenz an.")
        elif (
            not _MANDATSREFERENZ_RE.match(reference)
            or reference.startswith("/")
            or ("//" in reference)
        ):
            problems.append(
                "SEPA-Lastschrift: Die Mandatsreferenz darf höchstens 35 Zeichen haben und "
                "nur Buchstaben ohne Umlaute, Ziffern und + ? / - : ( ) . , ' enthalten "
                "(nicht mit „/“ beginnend, kein „//“)."
            )
        if data.mandatsdatum is None:
            problems.append("SEPA-Lastschrift: Bitte geben Sie das Datum des Mandats an.")
        elif data.mandatsdatum > today:
            problems.append("SEPA-Lastschrift: Das Mandatsdatum liegt in der Zukunft.")
    return problems


def apply_zahlung(session: Session, bv: Bestandsverhaeltnis, data: ZahlungInput) -> None:
    """Write validated ``data`` inside the caller's transaction."""
    row = _row(session, bv.id)
    if data.zahlungsart is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = Zahlungsdaten(bestandsverhaeltnis_id=bv.id, zahlungsart=data.zahlungsart)
        session.add(row)
    sepa = data.zahlungsart is Zahlungsart.SEPA_LASTSCHRIFT
    row.zahlungsart = data.zahlungsart
    row.kontoinhaber = _clean(data.kontoinhaber)
    row.iban = normalize_iban(data.iban)
    row.bic = normalize_bic(data.bic)
    row.bank = _clean(data.bank)
    # A mandate only exists for the direct debit; other methods must not keep a stale one.
    row.mandatsreferenz = _clean(data.mandatsreferenz) if sepa else None
    row.mandatsdatum = data.mandatsdatum if sepa else None
    row.faelligkeitstag = data.faelligkeitstag


def save_zahlung(
    sessions: sessionmaker[Session],
    bv_id: int,
    expected_version: int | None,
    data: ZahlungInput,
    today: dt.date,
) -> ZahlungDto:
    """Validate and save the payment data (one transaction, version checked)."""
    problems = validate_zahlung(data, today)
    if problems:
        raise ValidationError(
            problems[0] if len(problems) == 1 else "Die Zahlungsdaten enthalten Fehler.", problems
        )
    with bv_unit_of_work(sessions, bv_id, expected_version) as (session, bv):
        apply_zahlung(session, bv, data)
    with sessions() as session:
        return load_zahlung(session, bv_id)
