"""Register Verkettung: the d+ RW chains of a Bestandsverhältnis or of all of a unit's.

Read-only (RW owns Verkettung). For each chain the row says which of the
context's Bestandsverhältnisse is involved, whether it is Haupt- or
Sub-Bestandnehmer, and names the chained partner.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from omclient.domain import Bestandsverhaeltnis, Einheit, Verkettung
from omclient.domain.enums import InfoKontext, VerkettungsRolle
from omclient.services.common import get_or_404
from omclient.services.dto import Dto


class VerkettungZeile(Dto):
    verkettung_id: int
    eigenes_bv_id: int
    eigenes_bv: str
    rolle: VerkettungsRolle
    partner_bv_id: int
    partner_einheit_id: int
    partner_einheit: str
    partner_bv_nr: str
    partner_person: str
    partner_beginn: dt.date | None
    partner_ende: dt.date | None
    art: str | None
    aktiv: bool


class VerkettungDto(Dto):
    """The chains and a one-line summary (``status``) for the header of the Register."""

    status: str
    zeilen: list[VerkettungZeile]


def _bv_text(bv: Bestandsverhaeltnis) -> str:
    e = bv.einheit
    name = bv.person.anzeigename if bv.person else "(leer)"
    return f"{e.objekt.objekt_nr}/{e.einheit_nr}/{bv.bv_nr} {name}"


def verkettungen(session: Session, kontext: InfoKontext, datensatz_id: int) -> VerkettungDto:
    """Chains of the Bestandsverhältnis (or of every Bestandsverhältnis of the Einheit)."""
    if kontext is InfoKontext.EINHEIT:
        get_or_404(session, Einheit, datensatz_id, "Einheit")
        bv_ids = list(
            session.scalars(
                select(Bestandsverhaeltnis.id).where(Bestandsverhaeltnis.einheit_id == datensatz_id)
            )
        )
    else:
        get_or_404(session, Bestandsverhaeltnis, datensatz_id, "Bestandsverhältnis")
        bv_ids = [datensatz_id]
    rows: list[VerkettungZeile] = []
    if bv_ids:
        chains = session.scalars(
            select(Verkettung)
            .where(or_(Verkettung.haupt_bv_id.in_(bv_ids), Verkettung.sub_bv_id.in_(bv_ids)))
            .order_by(Verkettung.id)
        )
        for v in chains:
            for own_id in (v.haupt_bv_id, v.sub_bv_id):
                if own_id not in bv_ids:
                    continue
                own = v.haupt if own_id == v.haupt_bv_id else v.sub
                partner = v.sub if own_id == v.haupt_bv_id else v.haupt
                pe = partner.einheit
                rows.append(
                    VerkettungZeile(
                        verkettung_id=v.id,
                        eigenes_bv_id=own.id,
                        eigenes_bv=_bv_text(own),
                        rolle=Verkettung.rolle_von(v, own_id),
                        partner_bv_id=partner.id,
                        partner_einheit_id=pe.id,
                        partner_einheit=f"{pe.objekt.objekt_nr}/{pe.einheit_nr}"
                        + (f" Top {pe.top_nr}" if pe.top_nr else ""),
                        partner_bv_nr=partner.bv_nr,
                        partner_person=partner.person.anzeigename if partner.person else "(leer)",
                        partner_beginn=partner.bezugsdatum,
                        partner_ende=partner.auszugsdatum,
                        art=v.art,
                        aktiv=v.aktiv,
                    )
                )
    rollen = {r.rolle for r in rows}
    anzahl = "1 Verkettung" if len(rows) == 1 else f"{len(rows)} Verkettungen"
    if not rows:
        status = "Nicht verkettet."
    elif rollen == {VerkettungsRolle.HAUPT}:
        status = f"Verkettet als {VerkettungsRolle.HAUPT.value} ({anzahl})."
    elif rollen == {VerkettungsRolle.SUB}:
        status = f"Verkettet als {VerkettungsRolle.SUB.value} ({anzahl})."
    else:
        status = f"Verkettet als Haupt- und Sub-Bestandnehmer ({anzahl})."
    return VerkettungDto(status=status, zeilen=rows)
