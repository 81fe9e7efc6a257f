"""Counts of the main entities (``omclient db stats``)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from omclient import domain as d

STAT_ENTITIES: list[tuple[str, type[d.Base]]] = [
    ("mandanten", d.Mandant),
    ("objekte", d.Objekt),
    ("stiegenhaeuser", d.Stiegenhaus),
    ("sachbereiche", d.Sachbereich),
    ("verrechnungseinheiten", d.Verrechnungseinheit),
    ("einheiten", d.Einheit),
    ("personen", d.Person),
    ("bestandsverhaeltnisse", d.Bestandsverhaeltnis),
    ("funktionen", d.Funktion),
    ("verkettungen", d.Verkettung),
    ("flaechenaufteilungen", d.Flaechenaufteilung),
    ("kautionen", d.Kaution),
    ("zahlungsdaten", d.Zahlungsdaten),
    ("vorschreibungen", d.Vorschreibung),
    ("buchungen", d.Buchung),
    ("richtsaetze", d.Richtsatz),
    ("ausstattungen", d.Ausstattung),
    ("vergabestellen", d.Vergabestelle),
    ("status_aller_art", d.StatusAllerArt),
    ("konfiguration", d.Konfiguration),
    ("benutzer", d.Benutzer),
]


def entity_counts(session: Session) -> dict[str, int]:
    """``{name: count}`` for every main entity, in a stable order."""
    return {
        name: session.scalar(select(func.count()).select_from(model)) or 0
        for name, model in STAT_ENTITIES
    }
