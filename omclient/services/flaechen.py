"""Register Flächen / Aufteilung: a unit's areas and shares per VEH, by Sachbereich (read-only)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from omclient.domain import Einheit, Flaechenaufteilung, Sachbereich, Verrechnungseinheit
from omclient.services.common import get_or_404
from omclient.services.dto import Dto


class AufteilungZeile(Dto):
    verrechnungseinheit_id: int
    veh_nummer: str
    veh_bezeichnung: str
    flaeche: Decimal
    anteil: Decimal
    gueltig_ab: dt.date | None = None


class SachbereichGruppe(Dto):
    """The unit's VEHs of one Sachbereich (BK, HK, IK …) with the summed area."""

    code: str
    bezeichnung: str
    zeilen: list[AufteilungZeile]
    summe_flaeche: Decimal


class FlaechenDto(Dto):
    nettonutzflaeche: Decimal | None
    gruppen: list[SachbereichGruppe]


def flaechen(session: Session, einheit_id: int) -> FlaechenDto:
    """The unit's Nettonutzfläche and its Aufteilung grouped by Sachbereich code."""
    einheit = get_or_404(session, Einheit, einheit_id, "Einheit")
    rows = session.execute(
        select(Flaechenaufteilung, Verrechnungseinheit, Sachbereich)
        .join(
            Verrechnungseinheit, Flaechenaufteilung.verrechnungseinheit_id == Verrechnungseinheit.id
        )
        .join(Sachbereich, Verrechnungseinheit.sachbereich_id == Sachbereich.id)
        .where(Flaechenaufteilung.einheit_id == einheit_id)
        .order_by(Sachbereich.code, Verrechnungseinheit.nummer)
    ).all()
    gruppen: dict[str, tuple[Sachbereich, list[AufteilungZeile]]] = {}
    for aufteilung, veh, sb in rows:
        gruppen.setdefault(sb.code, (sb, []))[1].append(
            AufteilungZeile(
                verrechnungseinheit_id=veh.id,
                veh_nummer=veh.nummer,
                veh_bezeichnung=veh.bezeichnung,
                flaeche=aufteilung.flaeche,
                anteil=aufteilung.anteil,
                gueltig_ab=aufteilung.gueltig_ab,
            )
        )
    return FlaechenDto(
        nettonutzflaeche=einheit.nettonutzflaeche,
        gruppen=[
            SachbereichGruppe(
                code=sb.code,
                bezeichnung=sb.bezeichnung,
                zeilen=zeilen,
                summe_flaeche=sum((z.flaeche for z in zeilen), Decimal(0)),
            )
            for sb, zeilen in gruppen.values()
        ],
    )
