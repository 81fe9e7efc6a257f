"""Benchmark of the Kontoauszug (issue 8).

Creates a fresh SQLite database with one Objekt of N (default 1,000) rented
units, each tenancy with payment data and the monthly charge and payment of
the current year (plus last year's December as Saldovortrag); one tenancy also
has 10 years of monthly charges and payments. Measures:

* kontoauszug_ms – one statement over those 10 years (240 postings, several
                   pages with carried-forward balances), median of 5 runs,
                   service + PDF;
* batch_1000_s – the batch from the Einheitenübersicht: statements of the
                 current year for all N units into one PDF.

Last line: ``reports kontoauszug_ms=… batch_1000_s=…`` (targets: ≤ 300 ms, ≤ 60 s).
Usage: ``python benchmarks/reports.py [--units N]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from omclient.clock import Clock  # noqa: E402
from omclient.db import Database, open_database  # noqa: E402
from omclient.domain import (  # noqa: E402
    Bestandsverhaeltnis,
    Buchung,
    Einheit,
    Mandant,
    Objekt,
    Person,
    Zahlungsdaten,
)
from omclient.domain.enums import BvArt, Zahlungsart  # noqa: E402
from omclient.reports import kontoauszug  # noqa: E402
from omclient.reports.batch import BatchMode, kontoauszug_report, run_batch  # noqa: E402

TODAY = dt.date(2026, 11, 23)
CHARGE = Decimal("742.18")


def populate(db: Database, units: int) -> tuple[int, list[int]]:
    """Insert the portfolio; returns the 10-year tenancy's id and all Einheit ids."""
    with db.sessions.begin() as session:
        mandant = Mandant(
            mandant_nr="01",
            name="Gemeinnützige Wohnbau Donau GmbH",
            strasse="Praterstraße 1",
            plz="1020",
            ort="Wien",
            telefon="+43 1 2345678",
            email="office@wohnbau-donau.at",
        )
        objekt = Objekt(
            mandant=mandant,
            objekt_nr="5000",
            bezeichnung="Wohnpark Benchmark",
            strasse="Wagramer Straße",
            hausnummer="50",
            plz="1220",
            ort="Wien",
        )
        session.add_all([mandant, objekt])
        bvs = []
        for i in range(1, units + 1):
            einheit = Einheit(
                objekt=objekt,
                einheit_nr=f"{i:04d}",
                top_nr=str(i),
                strasse="Wagramer Straße",
                hausnummer="50",
                tuer=str(i),
                plz="1220",
                ort="Wien",
                nettonutzflaeche=Decimal("64.30"),
            )
            person = Person(
                mandant=mandant,
                person_nr=f"P{i:05d}",
                anrede="Frau",
                vorname="Maria",
                nachname=f"Musterfrau {i}",
                strasse="Wagramer Straße",
                hausnummer=f"50/{i}",
                plz="1220",
                ort="Wien",
            )
            bv = Bestandsverhaeltnis(
                einheit=einheit,
                person=person,
                bv_nr="1",
                art=BvArt.MIETE,
                bezugsdatum=dt.date(2015, 1, 1),
            )
            session.add_all([einheit, person, bv])
            bvs.append(bv)
        session.flush()
        session.execute(
            insert(Zahlungsdaten),
            [
                {
                    "bestandsverhaeltnis_id": bv.id,
                    "zahlungsart": Zahlungsart.SEPA_LASTSCHRIFT,
                    "kontoinhaber": "Maria Musterfrau",
                    "iban": "AT483200000012345864",
                    "bic": "RLNWATWWXXX",
                    "mandatsreferenz": f"WBD-5000-{n:04d}",
                }
                for n, bv in enumerate(bvs, start=1)
            ],
        )
        rows = []
        number = 0

        def post(bv_id: int, day: dt.date, text: str, soll: Decimal, haben: Decimal) -> None:
            nonlocal number
            number += 1
            rows.append(
                {
                    "bestandsverhaeltnis_id": bv_id,
                    "buchungs_nr": f"B{number:08d}",
                    "datum": day,
                    "beleg_nr": f"{'VS' if soll else 'ZE'}{number:06d}",
                    "text": text,
                    "soll": soll,
                    "haben": haben,
                }
            )

        long_bv = bvs[0].id
        for year in range(TODAY.year - 9, TODAY.year + 1):
            for month in range(1, 13):
                post(
                    long_bv,
                    dt.date(year, month, 1),
                    f"Vorschreibung {month:02d}/{year}",
                    CHARGE,
                    Decimal(0),
                )
                post(
                    long_bv, dt.date(year, month, 5), "Zahlung SEPA-Lastschrift", Decimal(0), CHARGE
                )
        for bv in bvs[1:]:
            post(
                bv.id,
                dt.date(TODAY.year - 1, 12, 1),
                "Vorschreibung 12/Vorjahr",
                CHARGE,
                Decimal(0),
            )
            for month in range(1, TODAY.month + 1):
                post(
                    bv.id,
                    dt.date(TODAY.year, month, 1),
                    f"Vorschreibung {month:02d}/{TODAY.year}",
                    CHARGE,
                    Decimal(0),
                )
                if month < TODAY.month:
                    post(
                        bv.id,
                        dt.date(TODAY.year, month, 5),
                        "Zahlung SEPA-Lastschrift",
                        Decimal(0),
                        CHARGE,
                    )
        session.execute(insert(Buchung), rows)
        return long_bv, [bv.einheit_id for bv in bvs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    args = parser.parse_args()
    clock = Clock.fixed(TODAY)
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'bench.db'}")
        long_bv, einheit_ids = populate(db, args.units)
        von, bis = dt.date(TODAY.year - 9, 1, 1), dt.date(TODAY.year, 12, 31)
        runs = []
        cpu_runs = []
        with db.sessions() as session:
            kontoauszug.build_pdf(session, long_bv, von, bis, clock)  # warm-up: fonts, caches
        for _ in range(5):
            start, cpu = time.perf_counter(), time.process_time()
            with db.sessions() as session:
                pdf = kontoauszug.build_pdf(session, long_bv, von, bis, clock)
            runs.append((time.perf_counter() - start) * 1000)
            cpu_runs.append((time.process_time() - cpu) * 1000)
        start, cpu = time.perf_counter(), time.process_time()
        result = run_batch(
            db.sessions,
            kontoauszug_report(),
            einheit_ids,
            Path(folder) / "batch.pdf",
            BatchMode.ONE_PDF,
            clock=clock,
        )
        batch_s = time.perf_counter() - start
        batch_cpu_s = time.process_time() - cpu
        size_mb = result.files[0].stat().st_size / 1e6
        # CPU times show what the code costs when other work keeps the machine busy.
        print(
            f"Kontoauszug 10 Jahre: {len(pdf) / 1e3:.0f} kB, CPU "
            f"{statistics.median(cpu_runs):.0f} ms; Stapel: {result.count} Kontoauszüge, "
            f"{size_mb:.1f} MB, CPU {batch_cpu_s:.1f} s"
        )
        db.dispose()
    print(
        f"reports kontoauszug_ms={statistics.median(runs):.0f} batch_{args.units}_s={batch_s:.1f}"
    )


if __name__ == "__main__":
    main()
