"""Finding an Objekt or Einheit by the numbers a clerk types (command line, batch reports).

Objektnummern are unique per Mandant only: when several Mandanten use a
number, the Mandant has to be named.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from omclient.domain import Einheit, Mandant, Objekt
from omclient.errors import NotFoundError, ValidationError


def find_objekt(session: Session, objekt_nr: str, mandant_nr: str | None = None) -> Objekt:
    """The Objekt with ``objekt_nr`` (of Mandant ``mandant_nr`` when given).

    NotFoundError when there is none, ValidationError when several Mandanten use
    the number and none was given.
    """
    query = select(Objekt).where(Objekt.objekt_nr == objekt_nr)
    if mandant_nr is not None:
        query = query.join(Mandant, Mandant.id == Objekt.mandant_id).where(
            Mandant.mandant_nr == mandant_nr
        )
    objekte = session.scalars(query).all()
    if not objekte:
        raise NotFoundError(f"Das Objekt {objekt_nr} wurde nicht gefunden.")
    if len(objekte) > 1:
        raise ValidationError(
            f"Das Objekt {objekt_nr} gibt es bei mehreren Mandanten; bitte geben Sie den "
            "Mandanten an (--mandant)."
        )
    return objekte[0]


def find_einheit(
    session: Session, objekt_nr: str, einheit_nr: str, mandant_nr: str | None = None
) -> Einheit:
    """The Einheit ``objekt_nr``/``einheit_nr`` (of Mandant ``mandant_nr`` when given).

    NotFoundError / ValidationError as :func:`find_objekt`, or NotFoundError when
    the Objekt has no such Einheit.
    """
    objekt = find_objekt(session, objekt_nr, mandant_nr)
    einheit = session.scalars(
        select(Einheit).where(Einheit.objekt_id == objekt.id, Einheit.einheit_nr == einheit_nr)
    ).first()
    if einheit is None:
        raise NotFoundError(f"Die Einheit {objekt_nr}/{einheit_nr} wurde nicht gefunden.")
    return einheit
