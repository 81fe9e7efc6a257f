"""Sicherheitsleistungen of a Bestandsverhältnis: Kaution (with Kautionskonto),
Finanzierungsbeitrag with Forderungsabtretung, Bankgarantien, Sparbuch and
Sonstiges (Bürgschaft, Vergebührung).

Each kind has an activation switch on the Bestandsverhältnis (``kaution_aktiv``
…); its data can only be changed while the switch is on — switching it off
keeps the data, it just freezes it. Everything is validated first and then
written in one transaction with the BV's version counter.

The Sparbuch's Losungswort is a secret: it lives only in the OS keyring
(never in the database, a DTO or a log line); the row only records that one
is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from decimal import Decimal
from typing import Any

import keyring
import keyring.errors
from keyring.backends import fail
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from omclient.domain import (
    Bankgarantie,
    Bestandsverhaeltnis,
    Finanzierungsbeitrag,
    Kaution,
    Sparbuch,
)
from omclient.errors import IntegrationError, ValidationError
from omclient.services.bankdaten import check_account, normalize_bic, normalize_iban
from omclient.services.bv_common import bv_unit_of_work, load_bv
from omclient.services.dto import Dto

log = logging.getLogger(__name__)

KEYRING_SERVICE = "omclient-sparbuch"

NO_KEYRING_MESSAGE = (
    "Auf diesem Rechner ist kein Schlüsselbund (Keyring) des Betriebssystems verfügbar. "
    "Das Losungswort kann daher nicht sicher gespeichert werden."
)

ZERO = Decimal("0")


class KautionDto(Dto):
    betrag: Decimal | None = None
    einzahlungsdatum: dt.date | None = None
    kontoinhaber: str | None = None
    bank: str | None = None
    iban: str | None = None
    bic: str | None = None
    auszahlungsdatum: dt.date | None = None
    auszahlungsbetrag: Decimal | None = None


class FinanzierungsbeitragDto(Dto):
    betrag: Decimal | None = None
    datum: dt.date | None = None
    verwohnung_prozent_jahr: Decimal | None = None
    rueckzahlung_betrag: Decimal | None = None
    rueckzahlung_datum: dt.date | None = None
    abtretung_an: str | None = None
    abtretung_datum: dt.date | None = None
    abtretung_betrag: Decimal | None = None


class BankgarantieDto(Dto):
    id: int | None = None
    bank: str
    nummer: str | None = None
    betrag: Decimal
    gueltig_bis: dt.date | None = None


class SparbuchDto(Dto):
    id: int | None = None
    bank: str | None = None
    nummer: str | None = None
    betrag: Decimal | None = None
    losungswort_hinterlegt: bool = False


class SonstigesDto(Dto):
    buergschaft_buerge: str | None = None
    buergschaft_betrag: Decimal | None = None
    vergebuehrung_datum: dt.date | None = None
    vergebuehrung_betrag: Decimal | None = None


class SicherheitenDto(Dto):
    """Everything the Sicherheitsleistungen area shows."""

    bv_id: int
    version: int
    kaution_aktiv: bool
    finanzierungsbeitrag_aktiv: bool
    bankgarantie_aktiv: bool
    sparbuch_aktiv: bool
    sonstiges_aktiv: bool
    kaution: KautionDto
    finanzierungsbeitrag: FinanzierungsbeitragDto
    bankgarantien: tuple[BankgarantieDto, ...]
    sparbuch: SparbuchDto
    sonstiges: SonstigesDto
    keyring_verfuegbar: bool


class SparbuchInput(Dto):
    """Sparbuch data to save. ``losungswort``: None keeps the stored one;
    ``losungswort_entfernen`` deletes it from the keyring."""

    bank: str | None = None
    nummer: str | None = None
    betrag: Decimal | None = None
    losungswort: SecretStr | None = None
    losungswort_entfernen: bool = False


class SicherheitenInput(Dto):
    """What the dialog sends. A kind given as None is left untouched."""

    kaution_aktiv: bool
    finanzierungsbeitrag_aktiv: bool
    bankgarantie_aktiv: bool
    sparbuch_aktiv: bool
    sonstiges_aktiv: bool
    kaution: KautionDto | None = None
    finanzierungsbeitrag: FinanzierungsbeitragDto | None = None
    bankgarantien: tuple[BankgarantieDto, ...] | None = None
    sparbuch: SparbuchInput | None = None
    sonstiges: SonstigesDto | None = None


def keyring_available() -> bool:
    """False when the OS offers no keyring backend (the Losungswort cannot be kept)."""
    return not isinstance(keyring.get_keyring(), fail.Keyring)


def load_sicherheiten(session: Session, bv_id: int) -> SicherheitenDto:
    bv = load_bv(session, bv_id)
    kaution = _kaution(session, bv_id)
    fb = _fb(session, bv_id)
    sparbuch = _sparbuch(session, bv_id)
    garantien = session.scalars(
        select(Bankgarantie)
        .where(Bankgarantie.bestandsverhaeltnis_id == bv_id)
        .order_by(Bankgarantie.id)
    ).all()
    return SicherheitenDto(
        bv_id=bv.id,
        version=bv.version,
        kaution_aktiv=bv.kaution_aktiv,
        finanzierungsbeitrag_aktiv=bv.finanzierungsbeitrag_aktiv,
        bankgarantie_aktiv=bv.bankgarantie_aktiv,
        sparbuch_aktiv=bv.sparbuch_aktiv,
        sonstiges_aktiv=bv.sonstiges_aktiv,
        kaution=KautionDto.model_validate(kaution) if kaution else KautionDto(),
        finanzierungsbeitrag=FinanzierungsbeitragDto.model_validate(fb)
        if fb
        else FinanzierungsbeitragDto(),
        bankgarantien=tuple(BankgarantieDto.model_validate(g) for g in garantien),
        sparbuch=SparbuchDto.model_validate(sparbuch) if sparbuch else SparbuchDto(),
        sonstiges=SonstigesDto.model_validate(bv),
        keyring_verfuegbar=keyring_available(),
    )


def _kaution(session: Session, bv_id: int) -> Kaution | None:
    return session.scalar(select(Kaution).where(Kaution.bestandsverhaeltnis_id == bv_id))


def _fb(session: Session, bv_id: int) -> Finanzierungsbeitrag | None:
    return session.scalar(
        select(Finanzierungsbeitrag).where(Finanzierungsbeitrag.bestandsverhaeltnis_id == bv_id)
    )


def _sparbuch(session: Session, bv_id: int) -> Sparbuch | None:
    return session.scalar(
        select(Sparbuch).where(Sparbuch.bestandsverhaeltnis_id == bv_id).order_by(Sparbuch.id)
    )


def _keyring_user(session: Session, sparbuch_id: int) -> str:
    # Several databases (demo, test, production) may share one keyring: the
    # entry names the database by a hash of its URL (password hidden).
    url = session.get_bind().engine.url.render_as_string(hide_password=True)
    tag = hashlib.sha256(url.encode()).hexdigest()[:12]
    return f"{tag}/sparbuch/{sparbuch_id}"


def sparbuch_losungswort(session: Session, bv_id: int) -> str | None:
    """The stored Losungswort of the BV's Sparbuch, read from the OS keyring.

    Raises IntegrationError when no keyring is available.
    """
    sparbuch = _sparbuch(session, bv_id)
    if sparbuch is None or not sparbuch.losungswort_hinterlegt:
        return None
    if not keyring_available():
        raise IntegrationError(NO_KEYRING_MESSAGE)
    try:
        return keyring.get_password(KEYRING_SERVICE, _keyring_user(session, sparbuch.id))
    except keyring.errors.KeyringError as exc:
        raise IntegrationError(f"{NO_KEYRING_MESSAGE} ({type(exc).__name__})") from None


def _negative(value: Decimal | None) -> bool:
    return value is not None and value < ZERO


def _blank(text: str | None) -> str | None:
    cleaned = (text or "").strip()
    return cleaned or None


def _dump(model: Dto | None) -> dict[str, Any]:
    return model.model_dump() if model is not None else {}


def _frozen_problem(kind: str) -> str:
    return (
        f"{kind}: Die Daten können nur geändert werden, solange die Sicherheitsleistung "
        "aktiviert ist. Bitte aktivieren Sie sie zuerst."
    )


def validate_sicherheiten(
    session: Session, bv: Bestandsverhaeltnis, data: SicherheitenInput
) -> list[str]:
    """German problems with ``data``; empty when it can be saved."""
    stored = load_sicherheiten(session, bv.id)
    problems: list[str] = []

    def changed(given: Dto | None, current: Dto) -> bool:
        return given is not None and _dump(given) != _dump(current)

    if data.kaution is not None:
        k = data.kaution
        if not data.kaution_aktiv and changed(_clean_kaution(k), stored.kaution):
            problems.append(_frozen_problem("Kaution"))
        if _negative(k.betrag):
            problems.append("Kaution: Der Betrag darf nicht negativ sein.")
        if _negative(k.auszahlungsbetrag):
            problems.append("Kaution: Der Auszahlungsbetrag darf nicht negativ sein.")
        if k.betrag and not k.einzahlungsdatum:
            problems.append("Kaution: Bitte geben Sie das Einzahlungsdatum an.")
        if k.einzahlungsdatum and k.auszahlungsdatum and k.auszahlungsdatum < k.einzahlungsdatum:
            problems.append("Kaution: Das Auszahlungsdatum liegt vor dem Einzahlungsdatum.")
        problems += check_account(k.iban, k.bic, "Kautionskonto")

    if data.finanzierungsbeitrag is not None:
        f = data.finanzierungsbeitrag
        if not data.finanzierungsbeitrag_aktiv and changed(f, stored.finanzierungsbeitrag):
            problems.append(_frozen_problem("Finanzierungsbeitrag"))
        for label, value in (
            ("Betrag", f.betrag),
            ("Rückzahlungsbetrag", f.rueckzahlung_betrag),
            ("Abtretungsbetrag", f.abtretung_betrag),
        ):
            if _negative(value):
                problems.append(f"Finanzierungsbeitrag: Der {label} darf nicht negativ sein.")
        if f.verwohnung_prozent_jahr is not None and not (
            ZERO <= f.verwohnung_prozent_jahr <= Decimal("100")
        ):
            problems.append(
                "Finanzierungsbeitrag: Die Verwohnung muss zwischen 0 und 100 % liegen."
            )
        if f.betrag is not None:
            for label, value in (
                ("Rückzahlungsbetrag", f.rueckzahlung_betrag),
                ("Abtretungsbetrag", f.abtretung_betrag),
            ):
                if value is not None and value > f.betrag:
                    problems.append(
                        f"Finanzierungsbeitrag: Der {label} ist höher als der Finanzierungsbeitrag."
                    )
        if (f.abtretung_datum or f.abtretung_betrag) and not _blank(f.abtretung_an):
            problems.append(
                "Forderungsabtretung: Bitte geben Sie an, an wen die Forderung abgetreten wurde."
            )

    if data.bankgarantien is not None:
        if not data.bankgarantie_aktiv and [_dump(g) for g in data.bankgarantien] != [
            _dump(g) for g in stored.bankgarantien
        ]:
            problems.append(_frozen_problem("Bankgarantien"))
        known = {g.id for g in stored.bankgarantien}
        for n, g in enumerate(data.bankgarantien, start=1):
            if g.id is not None and g.id not in known:
                problems.append(f"Bankgarantie {n}: gehört nicht zu diesem Bestandsverhältnis.")
            if not _blank(g.bank):
                problems.append(f"Bankgarantie {n}: Bitte geben Sie die Bank an.")
            if g.betrag <= ZERO:
                problems.append(f"Bankgarantie {n}: Der Betrag muss größer als 0 sein.")

    if data.sparbuch is not None:
        s = data.sparbuch
        wants_secret = s.losungswort is not None or s.losungswort_entfernen
        current = SparbuchDto(
            id=stored.sparbuch.id,
            bank=_blank(s.bank),
            nummer=_blank(s.nummer),
            betrag=s.betrag,
            losungswort_hinterlegt=stored.sparbuch.losungswort_hinterlegt,
        )
        if not data.sparbuch_aktiv and (wants_secret or changed(current, stored.sparbuch)):
            problems.append(_frozen_problem("Sparbuch"))
        has_data = any((_blank(s.bank), _blank(s.nummer), s.betrag is not None))
        if has_data and not _blank(s.bank):
            problems.append("Sparbuch: Bitte geben Sie die Bank an.")
        if has_data and s.betrag is None:
            problems.append("Sparbuch: Bitte geben Sie den Betrag an.")
        if _negative(s.betrag):
            problems.append("Sparbuch: Der Betrag darf nicht negativ sein.")
        if s.losungswort is not None and not s.losungswort.get_secret_value():
            problems.append(
                "Sparbuch: Das Losungswort ist leer. Zum Entfernen wählen Sie "
                "„Losungswort entfernen“."
            )
        if s.losungswort is not None and not has_data and stored.sparbuch.id is None:
            problems.append("Sparbuch: Ein Losungswort braucht ein erfasstes Sparbuch.")
        if wants_secret and not keyring_available():
            problems.append(f"Sparbuch: {NO_KEYRING_MESSAGE}")

    if data.sonstiges is not None:
        o = data.sonstiges
        if not data.sonstiges_aktiv and changed(_clean_sonstiges(o), stored.sonstiges):
            problems.append(_frozen_problem("Sonstiges"))
        if _negative(o.buergschaft_betrag):
            problems.append("Bürgschaft: Der Betrag darf nicht negativ sein.")
        if o.buergschaft_betrag and not _blank(o.buergschaft_buerge):
            problems.append("Bürgschaft: Bitte geben Sie den Bürgen an.")
        if _negative(o.vergebuehrung_betrag):
            problems.append("Vergebührung: Der Betrag darf nicht negativ sein.")
        if o.vergebuehrung_betrag and not o.vergebuehrung_datum:
            problems.append("Vergebührung: Bitte geben Sie das Datum an.")
    return problems


def _clean_kaution(k: KautionDto) -> KautionDto:
    return k.model_copy(
        update={
            "kontoinhaber": _blank(k.kontoinhaber),
            "bank": _blank(k.bank),
            "iban": normalize_iban(k.iban),
            "bic": normalize_bic(k.bic),
        }
    )


def _clean_sonstiges(o: SonstigesDto) -> SonstigesDto:
    return o.model_copy(update={"buergschaft_buerge": _blank(o.buergschaft_buerge)})


def apply_sicherheiten(session: Session, bv: Bestandsverhaeltnis, data: SicherheitenInput) -> None:
    """Write validated ``data`` inside the caller's transaction (see validate_sicherheiten)."""
    bv.kaution_aktiv = data.kaution_aktiv
    bv.finanzierungsbeitrag_aktiv = data.finanzierungsbeitrag_aktiv
    bv.bankgarantie_aktiv = data.bankgarantie_aktiv
    bv.sparbuch_aktiv = data.sparbuch_aktiv
    bv.sonstiges_aktiv = data.sonstiges_aktiv

    if data.kaution is not None:
        values = _clean_kaution(data.kaution).model_dump()
        kaution = _kaution(session, bv.id)
        if kaution is None and any(v is not None for v in values.values()):
            kaution = Kaution(bestandsverhaeltnis_id=bv.id)
            session.add(kaution)
        if kaution is not None:
            for name, value in values.items():
                setattr(kaution, name, value)

    if data.finanzierungsbeitrag is not None:
        values = data.finanzierungsbeitrag.model_dump()
        values["abtretung_an"] = _blank(values["abtretung_an"])
        fb = _fb(session, bv.id)
        if fb is None and any(v is not None for v in values.values()):
            fb = Finanzierungsbeitrag(bestandsverhaeltnis_id=bv.id)
            session.add(fb)
        if fb is not None:
            for name, value in values.items():
                setattr(fb, name, value)

    if data.bankgarantien is not None:
        existing = {
            g.id: g
            for g in session.scalars(
                select(Bankgarantie).where(Bankgarantie.bestandsverhaeltnis_id == bv.id)
            )
        }
        kept = set()
        for g in data.bankgarantien:
            row = existing.get(g.id) if g.id is not None else None
            if row is None:
                row = Bankgarantie(bestandsverhaeltnis_id=bv.id)
                session.add(row)
            else:
                kept.add(row.id)
            row.bank = (g.bank or "").strip()
            row.nummer = _blank(g.nummer)
            row.betrag = g.betrag
            row.gueltig_bis = g.gueltig_bis
        for ident, row in existing.items():
            if ident not in kept:
                session.delete(row)

    if data.sparbuch is not None:
        _apply_sparbuch(session, bv, data.sparbuch)

    if data.sonstiges is not None:
        for name, value in _clean_sonstiges(data.sonstiges).model_dump().items():
            setattr(bv, name, value)


def _apply_sparbuch(session: Session, bv: Bestandsverhaeltnis, s: SparbuchInput) -> None:
    sparbuch = _sparbuch(session, bv.id)
    bank, nummer = _blank(s.bank), _blank(s.nummer)
    if sparbuch is None:
        if bank is None:
            return
        sparbuch = Sparbuch(bestandsverhaeltnis_id=bv.id, bank=bank, betrag=s.betrag or ZERO)
        session.add(sparbuch)
    if bank is None:
        # All fields cleared: the Sparbuch is removed, its Losungswort too.
        _forget_losungswort(session, sparbuch)
        session.delete(sparbuch)
        return
    sparbuch.bank = bank
    sparbuch.nummer = nummer
    sparbuch.betrag = s.betrag if s.betrag is not None else ZERO
    session.flush()  # the keyring entry is named by the row id
    if s.losungswort_entfernen:
        _forget_losungswort(session, sparbuch)
    elif s.losungswort is not None:
        try:
            keyring.set_password(
                KEYRING_SERVICE,
                _keyring_user(session, sparbuch.id),
                s.losungswort.get_secret_value(),
            )
        except keyring.errors.KeyringError as exc:
            raise IntegrationError(f"{NO_KEYRING_MESSAGE} ({type(exc).__name__})") from None
        sparbuch.losungswort_hinterlegt = True
        log.info("Losungswort für Sparbuch %s im Schlüsselbund hinterlegt", sparbuch.id)


def _forget_losungswort(session: Session, sparbuch: Sparbuch) -> None:
    if not sparbuch.losungswort_hinterlegt:
        return
    try:
        keyring.delete_password(KEYRING_SERVICE, _keyring_user(session, sparbuch.id))
    except keyring.errors.PasswordDeleteError:
        pass  # already gone: the goal is reached
    except keyring.errors.KeyringError as exc:
        raise IntegrationError(f"{NO_KEYRING_MESSAGE} ({type(exc).__name__})") from None
    sparbuch.losungswort_hinterlegt = False


def forget_all_losungswoerter(session: Session, bv_id: int) -> None:
    """Remove the keyring entries of the BV's Sparbücher (used when a BV is deleted)."""
    for sparbuch in session.scalars(
        select(Sparbuch).where(Sparbuch.bestandsverhaeltnis_id == bv_id)
    ):
        _forget_losungswort(session, sparbuch)


def save_sicherheiten(
    sessions: sessionmaker[Session],
    bv_id: int,
    expected_version: int | None,
    data: SicherheitenInput,
) -> SicherheitenDto:
    """Validate and save the Sicherheitsleistungen in one transaction.

    Raises ValidationError (every problem listed, nothing saved), ConflictError
    (someone else saved the BV since ``expected_version``), IntegrationError
    (keyring failed; nothing saved).
    """
    with bv_unit_of_work(sessions, bv_id, expected_version) as (session, bv):
        problems = validate_sicherheiten(session, bv, data)
        if problems:
            raise ValidationError(
                problems[0]
                if len(problems) == 1
                else "Die Sicherheitsleistungen enthalten Fehler.",
                problems,
            )
        apply_sicherheiten(session, bv, data)
    with sessions() as session:
        return load_sicherheiten(session, bv_id)
