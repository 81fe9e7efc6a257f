"""Objekte: search as you type and the rows of the main window's Objekt list."""

from __future__ import annotations

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from omclient.domain import Einheit, Mandant, Objekt
from omclient.services.dto import Dto


class ObjektZeile(Dto):
    """One row of the main window's Objekt list."""

    id: int
    objekt_nr: str
    bezeichnung: str
    adresse: str
    plz: str | None
    ort: str | None
    mandant_nr: str
    mandant: str
    einheiten: int
    aktiv: bool


def _adresse(strasse: str | None, hausnummer: str | None) -> str:
    return " ".join(p for p in (strasse, hausnummer) if p)


def search_objekte(session: Session, text: str = "", *, limit: int = 200) -> list[ObjektZeile]:
    """Objekte whose number starts with ``text`` or whose name/place contains it.

    Number prefix matches come first, then by number. At most ``limit`` rows.
    """
    text = text.strip()
    query = (
        select(
            Objekt.id,
            Objekt.objekt_nr,
            Objekt.bezeichnung,
            Objekt.strasse,
            Objekt.hausnummer,
            Objekt.plz,
            Objekt.ort,
            Mandant.mandant_nr,
            Mandant.name,
            Objekt.aktiv,
        )
        .join(Mandant, Mandant.id == Objekt.mandant_id)
    )
    if text:
        pattern = f"%{text.lower()}%"
        prefix = Objekt.objekt_nr.like(f"{text}%")
        query = query.where(
            or_(
                prefix,
                func.lower(Objekt.bezeichnung).like(pattern),
                func.lower(Objekt.ort).like(pattern),
            )
        ).order_by(case((prefix, 0), else_=1), Objekt.objekt_nr)
    else:
        query = query.order_by(Objekt.objekt_nr)
    rows = session.execute(query.limit(limit)).all()
    ids = [r.id for r in rows]
    counts: dict[int, int] = {}
    if ids:
        counts = dict(
            session.execute(
                select(Einheit.objekt_id, func.count())
                .where(and_(Einheit.objekt_id.in_(ids), Einheit.aktiv.is_(True)))
                .group_by(Einheit.objekt_id)
            ).all()
        )
    return [
        ObjektZeile(
            id=r.id,
            objekt_nr=r.objekt_nr,
            bezeichnung=r.bezeichnung,
            adresse=_adresse(r.strasse, r.hausnummer),
            plz=r.plz,
            ort=r.ort,
            mandant_nr=r.mandant_nr,
            mandant=r.name,
            einheiten=counts.get(r.id, 0),
            aktiv=r.aktiv,
        )
        for r in rows
    ]
