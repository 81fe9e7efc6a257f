"""OM-owned demo data, made beside the RW export and stored after the import (both databases)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from omclient import domain as d
from omclient.clock import Clock
from omclient.db import Database, open_database
from omclient.demo import fill_database

CLOCK = Clock.fixed(dt.date(2026, 11, 23))


def test_om_data_hangs_on_the_right_records(db: Database) -> None:
    fill_database(db, units=400, seed=3, clock=CLOCK, workers=2)

    with db.sessions() as session:
        einheiten = session.scalars(select(d.Einheit)).all()
        assert len(einheiten) == 400
        # The Stiegenhaus OM assigns is the one of the Einheit's own Objekt with its Stiege.
        assigned = [e for e in einheiten if e.stiege]
        assert assigned
        for einheit in assigned:
            stiege = session.get(d.Stiegenhaus, einheit.stiegenhaus_id)
            assert stiege is not None
            assert (stiege.objekt_id, stiege.nummer) == (einheit.objekt_id, einheit.stiege)

        # Flächen: each VEH belongs to the Einheit's Objekt and its shares add up to 1.
        shares: dict[int, Decimal] = defaultdict(Decimal)
        for fl in session.scalars(select(d.Flaechenaufteilung)):
            veh = session.get(d.Verrechnungseinheit, fl.verrechnungseinheit_id)
            einheit = session.get(d.Einheit, fl.einheit_id)
            assert veh is not None and einheit is not None
            assert veh.objekt_id == einheit.objekt_id
            assert fl.flaeche == einheit.nettonutzflaeche
            shares[veh.id] += fl.anteil
        assert shares
        assert all(abs(total - 1) < Decimal("0.0001") for total in shares.values())

        # Kautionen only for current tenancies, which show them as active.
        kautionen = session.scalars(select(d.Kaution)).all()
        assert kautionen
        for kaution in kautionen:
            bv = session.get(d.Bestandsverhaeltnis, kaution.bestandsverhaeltnis_id)
            assert bv is not None
            assert bv.auszugsdatum is None and bv.kaution_aktiv
            assert kaution.betrag > 0 and kaution.iban and kaution.iban.startswith("AT")
        assert session.scalar(
            select(func.count())
            .select_from(d.Bestandsverhaeltnis)
            .where(d.Bestandsverhaeltnis.kaution_aktiv.is_(True))
        ) == len(kautionen)

        # Leerstand reasons on the last, ended tenancy of a vacant unit.
        leer = session.scalars(
            select(d.Bestandsverhaeltnis).where(d.Bestandsverhaeltnis.leerstand_grund.is_not(None))
        ).all()
        assert leer
        for bv in leer:
            assert bv.auszugsdatum is not None
            later = session.scalar(
                select(func.count())
                .select_from(d.Bestandsverhaeltnis)
                .where(
                    d.Bestandsverhaeltnis.einheit_id == bv.einheit_id,
                    d.Bestandsverhaeltnis.bezugsdatum > bv.auszugsdatum,
                )
            )
            assert later == 0

        referenzen = session.scalars(
            select(d.Zahlungsdaten.mandatsreferenz).where(
                d.Zahlungsdaten.mandatsreferenz.is_not(None)
            )
        ).all()
        assert referenzen and len(set(referenzen)) == len(referenzen)


def _om_rows(database: Database) -> list[tuple[object, ...]]:
    """The OM-owned demo data by natural keys (ids may differ between databases)."""
    rows: list[tuple[object, ...]] = []
    with database.sessions() as session:
        for e in session.scalars(select(d.Einheit).order_by(d.Einheit.id)):
            rows.append(
                (e.einheit_nr, e.lage, e.kategorie, e.finanzierung, e.status_kz, e.indiv_daten_1)
            )
        for k in session.scalars(select(d.Kaution).order_by(d.Kaution.id)):
            rows.append((k.betrag, k.einzahlungsdatum, k.iban))
        for z in session.scalars(select(d.Zahlungsdaten).order_by(d.Zahlungsdaten.id)):
            rows.append((z.zahlungsart, z.iban, z.mandatsreferenz))
        for a in session.scalars(select(d.Ausstattung).order_by(d.Ausstattung.id)):
            rows.append((a.bezeichnung, a.menge, a.zustand))
    return rows


def test_om_data_is_the_same_for_any_number_of_processes(tmp_path: Path) -> None:
    databases = [open_database(f"sqlite:///{tmp_path / f'{n}.db'}") for n in (1, 2)]
    try:
        for workers, database in zip((1, 2), databases, strict=True):
            fill_database(database, units=300, seed=5, clock=CLOCK, workers=workers)
        one, two = (_om_rows(database) for database in databases)
    finally:
        for database in databases:
            database.dispose()
    assert len(one) > 600
    assert one == two
