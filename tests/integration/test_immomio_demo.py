"""The demo portfolio's Leerstände as Immomio gets them: right to the cent, valid OpenImmo."""

from __future__ import annotations

import datetime as dt
import os
from decimal import ROUND_HALF_UP, Decimal

from omclient.clock import Clock
from omclient.db import Database
from omclient.demo import fill_database
from omclient.domain.enums import Einheitsart, Vorschreibungsart
from omclient.immomio import openimmo
from omclient.immomio.einstellungen import ImmomioEinstellungen
from omclient.immomio.leerstaende import finde_leerstaende
from omclient.immomio.openimmo import Aktion
from omclient.immomio.preise import NUTZUNG, STANDARD_UST, Nutzung

CLOCK = Clock.fixed(dt.date(2026, 11, 23))


def test_demo_leerstaende_gross_is_the_sum_of_rounded_positions(db: Database) -> None:
    fill_database(db, units=1000, seed=5, clock=CLOCK, workers=1)
    with db.sessions() as session:
        leerstaende = finde_leerstaende(session, ImmomioEinstellungen(), CLOCK.today())
    assert len(leerstaende) > 10
    arten = {ls.einheitsart for ls in leerstaende}
    assert Einheitsart.WOHNUNG in arten
    for ls in leerstaende:
        assert ls.kosten, ls.externe_id
        for p in ls.kosten:
            # Each position's USt is its own, rounded half-up to the cent.
            assert p.ust == (p.netto * p.ust_prozent / 100).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
            assert p.ust_prozent == STANDARD_UST[(NUTZUNG[ls.einheitsart], p.art)]
        assert ls.gesamtmiete_brutto == sum(p.netto + p.ust for p in ls.kosten)
        # The demo's own Vorschreibungen carry the rates the law sets.
        assert ls.ust_abweichungen == (), ls.externe_id
        assert ls.grundmiete is not None
        if NUTZUNG[ls.einheitsart] is Nutzung.PARKEN:
            assert {p.art for p in ls.kosten} >= {Vorschreibungsart.STELLPLATZ}
        assert not ls.stockwerk_unbekannt, ls.stockwerk
        if ls.beschreibung:
            assert " m²" in ls.beschreibung and "." not in ls.beschreibung.split(" m²")[0][-3:]

    if os.environ.get("OPENIMMO_XSD"):
        xml = openimmo.xml_bytes(
            openimmo.dokument(
                [openimmo.Objekt(ls, Aktion.NEU) for ls in leerstaende],
                ImmomioEinstellungen(),
                dt.datetime(2026, 11, 23, 9, 0),
            )
        )
        assert openimmo.validieren(xml, os.environ["OPENIMMO_XSD"]) == []
