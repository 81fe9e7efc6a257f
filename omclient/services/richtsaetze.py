"""The Richtsätze table (Grundeinstellungen): interest rates for the Kaution.

Everyone may read the table; only administrators add, change or delete
entries. A date may carry one rate only. Every change is written to the audit
table ``RichtsatzAenderung`` (who, when, what, old and new rate) in the same
transaction as the change itself.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.domain import Richtsatz, RichtsatzAenderung
from omclient.errors import NotFoundError, ValidationError
from omclient.formatting import date as fmt_date
from omclient.services.benutzer import require_admin
from omclient.services.dto import BenutzerDto, Dto

MAX_ZINSSATZ = Decimal("100")
ZINSSATZ_STELLEN = 3
BEMERKUNG_LAENGE = 200

MODELL = Richtsatz
"""The mapped class whose columns (types, RW marks) a Richtsatz form edits."""

AKTION_ANGELEGT = "angelegt"
AKTION_GEAENDERT = "geändert"
AKTION_GELOESCHT = "gelöscht"


class RichtsatzDto(Dto):
    id: int
    gueltig_ab: dt.date
    zinssatz: Decimal
    bemerkung: str | None = None


class RichtsatzAenderungDto(Dto):
    id: int
    zeitpunkt: dt.datetime
    benutzer: str
    aktion: str
    gueltig_ab: dt.date
    zinssatz_alt: Decimal | None
    zinssatz_neu: Decimal | None
    bemerkung: str | None


def list_richtsaetze(session: Session) -> list[RichtsatzDto]:
    """All Richtsätze, oldest "gültig ab" first."""
    rows = session.scalars(select(Richtsatz).order_by(Richtsatz.gueltig_ab)).all()
    return [RichtsatzDto.model_validate(r) for r in rows]


def list_aenderungen(session: Session) -> list[RichtsatzAenderungDto]:
    """The audit trail, newest change first."""
    rows = session.scalars(
        select(RichtsatzAenderung).order_by(
            RichtsatzAenderung.zeitpunkt.desc(), RichtsatzAenderung.id.desc()
        )
    ).all()
    return [RichtsatzAenderungDto.model_validate(r) for r in rows]


def _clean(
    session: Session,
    gueltig_ab: dt.date | None,
    zinssatz: Decimal | None,
    bemerkung: str | None,
    exclude_id: int | None = None,
) -> tuple[dt.date, Decimal, str | None]:
    problems: list[str] = []
    if gueltig_ab is None:
        problems.append("Bitte geben Sie an, ab wann der Richtsatz gilt.")
    if zinssatz is None:
        problems.append("Bitte geben Sie den Zinssatz in % p.a. ein.")
    elif not zinssatz.is_finite() or zinssatz < 0:
        problems.append("Der Zinssatz darf nicht negativ sein.")
    elif zinssatz > MAX_ZINSSATZ:
        problems.append(f"Ein Zinssatz über {MAX_ZINSSATZ} % p.a. ist nicht möglich.")
    elif zinssatz != zinssatz.quantize(Decimal(1).scaleb(-ZINSSATZ_STELLEN)):
        problems.append(f"Der Zinssatz darf höchstens {ZINSSATZ_STELLEN} Nachkommastellen haben.")
    text = (bemerkung or "").strip() or None
    if text and len(text) > BEMERKUNG_LAENGE:
        problems.append(f"Die Bemerkung darf höchstens {BEMERKUNG_LAENGE} Zeichen lang sein.")
    if gueltig_ab is not None:
        other = session.scalar(select(Richtsatz).where(Richtsatz.gueltig_ab == gueltig_ab))
        if other is not None and other.id != exclude_id:
            problems.append(
                f"Für den {fmt_date(gueltig_ab)} gibt es bereits einen Richtsatz "
                f"({other.zinssatz.normalize():f} %). Bitte ändern Sie diesen Eintrag."
            )
    if problems:
        raise ValidationError(
            problems[0] if len(problems) == 1 else "Der Richtsatz ist unvollständig.",
            problems,
        )
    assert gueltig_ab is not None and zinssatz is not None
    return gueltig_ab, zinssatz, text


def _audit(
    session: Session,
    user: BenutzerDto,
    clock: Clock,
    aktion: str,
    gueltig_ab: dt.date,
    alt: Decimal | None,
    neu: Decimal | None,
    bemerkung: str | None,
) -> None:
    session.add(
        RichtsatzAenderung(
            zeitpunkt=clock.now(),
            benutzer=user.login,
            aktion=aktion,
            gueltig_ab=gueltig_ab,
            zinssatz_alt=alt,
            zinssatz_neu=neu,
            bemerkung=bemerkung,
        )
    )


def add_richtsatz(
    sessions: sessionmaker[Session],
    user: BenutzerDto,
    gueltig_ab: dt.date | None,
    zinssatz: Decimal | None,
    bemerkung: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> RichtsatzDto:
    """Add a Richtsatz (administrators only; one per date)."""
    require_admin(user, "Das Erfassen von Richtsätzen")
    with sessions.begin() as session:
        datum, satz, text = _clean(session, gueltig_ab, zinssatz, bemerkung)
        row = Richtsatz(gueltig_ab=datum, zinssatz=satz, bemerkung=text)
        session.add(row)
        _audit(session, user, clock, AKTION_ANGELEGT, datum, None, satz, text)
        session.flush()
        return RichtsatzDto.model_validate(row)


def update_richtsatz(
    sessions: sessionmaker[Session],
    user: BenutzerDto,
    richtsatz_id: int,
    gueltig_ab: dt.date | None,
    zinssatz: Decimal | None,
    bemerkung: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> RichtsatzDto:
    """Change a Richtsatz (administrators only). An unchanged entry writes no audit row."""
    require_admin(user, "Das Ändern von Richtsätzen")
    with sessions.begin() as session:
        row = session.get(Richtsatz, richtsatz_id)
        if row is None:
            raise NotFoundError("Der Richtsatz wurde inzwischen gelöscht.")
        datum, satz, text = _clean(session, gueltig_ab, zinssatz, bemerkung, row.id)
        if (row.gueltig_ab, row.zinssatz, row.bemerkung) != (datum, satz, text):
            alt = row.zinssatz
            row.gueltig_ab, row.zinssatz, row.bemerkung = datum, satz, text
            _audit(session, user, clock, AKTION_GEAENDERT, datum, alt, satz, text)
        session.flush()
        return RichtsatzDto.model_validate(row)


def delete_richtsatz(
    sessions: sessionmaker[Session],
    user: BenutzerDto,
    richtsatz_id: int,
    clock: Clock = SYSTEM_CLOCK,
) -> None:
    """Delete a Richtsatz (administrators only)."""
    require_admin(user, "Das Löschen von Richtsätzen")
    with sessions.begin() as session:
        row = session.get(Richtsatz, richtsatz_id)
        if row is None:
            raise NotFoundError("Der Richtsatz wurde inzwischen gelöscht.")
        _audit(
            session,
            user,
            clock,
            AKTION_GELOESCHT,
            row.gueltig_ab,
            row.zinssatz,
            None,
            row.bemerkung,
        )
        session.delete(row)
