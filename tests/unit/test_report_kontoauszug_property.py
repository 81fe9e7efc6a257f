"""Property: the Kontoauszug reconciles to the cent for any postings and period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from omclient.domain import Bestandsverhaeltnis, Buchung, Einheit, Mandant, Objekt
from omclient.services.kontoauszug import kontoauszug

START = dt.date(2020, 1, 1)
CENT = Decimal("0.01")

postings = st.lists(
    st.tuples(
        st.integers(0, 1500),  # day offset
        st.integers(0, 250_000),  # Soll in cents
        st.integers(0, 250_000),  # Haben in cents
    ),
    max_size=40,
)


def _bv(db) -> int:
    """The one tenancy of the test database (created by the first example)."""
    with db.sessions.begin() as session:
        existing = session.scalar(select(Bestandsverhaeltnis.id))
        if existing is not None:
            return existing
        mandant = Mandant(mandant_nr="P", name="Prop GmbH")
        objekt = Objekt(mandant=mandant, objekt_nr="9", bezeichnung="Prop")
        einheit = Einheit(objekt=objekt, einheit_nr="1")
        bv = Bestandsverhaeltnis(einheit=einheit, bv_nr="1")
        session.add_all([mandant, objekt, einheit, bv])
        session.flush()
        return bv.id


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=postings, von_offset=st.integers(0, 1500), length=st.integers(0, 800))
def test_balances_reconcile_to_the_cent(sqlite_db, rows, von_offset, length):
    db = sqlite_db
    bv_id = _bv(db)
    with db.sessions.begin() as session:
        session.execute(delete(Buchung))
        for n, (offset, soll, haben) in enumerate(rows):
            session.add(
                Buchung(
                    bestandsverhaeltnis_id=bv_id,
                    buchungs_nr=f"P{n:04d}",
                    datum=START + dt.timedelta(days=offset),
                    text="x",
                    soll=Decimal(soll) * CENT,
                    haben=Decimal(haben) * CENT,
                )
            )
    von = START + dt.timedelta(days=von_offset)
    bis = von + dt.timedelta(days=length)
    with db.sessions() as session:
        auszug = kontoauszug(session, bv_id, von, bis)

    def amount(row):
        return (Decimal(row[1]) - Decimal(row[2])) * CENT

    before = [r for r in rows if START + dt.timedelta(days=r[0]) < von]
    inside = [r for r in rows if von <= START + dt.timedelta(days=r[0]) <= bis]
    assert auszug.saldovortrag == sum((amount(r) for r in before), Decimal("0.00"))
    assert len(auszug.posten) == len(inside)
    assert [p.datum for p in auszug.posten] == sorted(p.datum for p in auszug.posten)
    saldo = auszug.saldovortrag
    for posten in auszug.posten:
        saldo += posten.soll - posten.haben
        assert posten.saldo == saldo
    assert auszug.summe_soll == sum((Decimal(r[1]) * CENT for r in inside), Decimal("0.00"))
    assert auszug.summe_haben == sum((Decimal(r[2]) * CENT for r in inside), Decimal("0.00"))
    assert auszug.endsaldo == auszug.saldovortrag + auszug.summe_soll - auszug.summe_haben
    assert auszug.endsaldo == sum((amount(r) for r in before + inside), Decimal("0.00"))
