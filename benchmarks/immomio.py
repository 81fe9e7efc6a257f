"""Benchmark of the Immomio push (issue 9).

Creates a fresh SQLite database with 2,000 vacant rental units (each with a
target rent, address, equipment and Energieausweis), starts a local HTTP
server on 127.0.0.1 that accepts OpenImmo uploads like the Immomio API, and
measures:

* build_s – finding the 2,000 Leerstände and building the OpenImmo 1.2.7b ZIP
            (what ``omclient immomio export --voll`` does, without the file write);
* push_s – the first push: plan, 10 batches of 200, upload, sync state;
* unchanged_push_s – a second push with nothing changed: it must send nothing.

Last line: ``immomio leerstaende=2000 build_s=… push_s=… unchanged_push_s=…``
(target: build_s ≤ 2; the CPU time of the build is printed before, since on a
shared, loaded machine the wall clock also measures the neighbours).
Usage: ``python benchmarks/immomio.py [--units N]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from omclient.clock import Clock  # noqa: E402
from omclient.db import Database, open_database  # noqa: E402
from omclient.domain import (  # noqa: E402
    Benutzer,
    Einheit,
    Mandant,
    Objekt,
    Vorschreibung,
)
from omclient.domain.enums import (  # noqa: E402
    Einheitsart,
    Heizungsart,
    Rolle,
    Typus,
    Vorschreibungsart,
)
from omclient.immomio import openimmo, push  # noqa: E402
from omclient.immomio.einstellungen import ImmomioEinstellungen  # noqa: E402
from omclient.immomio.leerstaende import finde_leerstaende  # noqa: E402
from omclient.immomio.transport import HttpsTransport  # noqa: E402

TODAY = dt.date(2026, 11, 23)
CLOCK = Clock.fixed(dt.datetime(2026, 11, 23, 9, 0))


class UploadHandler(BaseHTTPRequestHandler):
    uploads = 0
    bytes_received = 0

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        type(self).uploads += 1
        type(self).bytes_received += length
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"OK")

    def log_message(self, *args: object) -> None:
        """Quiet."""


def populate(db: Database, units: int) -> None:
    with db.sessions.begin() as session:
        session.add(Benutzer(login="bench", name="Benchmark", rolle=Rolle.ADMINISTRATOR))
        mandant = Mandant(mandant_nr="01", name="Wohnbau Benchmark GmbH", email="office@bench.at")
        session.add(mandant)
        per_objekt = 50
        for o in range(units // per_objekt):
            objekt = Objekt(
                mandant=mandant,
                objekt_nr=f"{1000 + o}",
                bezeichnung=f"Wohnanlage {o}",
                strasse="Teststraße",
                hausnummer=str(o + 1),
                plz="1210",
                ort="Wien",
                baujahr=1960 + o % 60,
                aufzug=o % 2 == 0,
                fahrradraum=True,
            )
            session.add(objekt)
            for n in range(per_objekt):
                einheit = Einheit(
                    objekt=objekt,
                    einheit_nr=f"{n + 1:04d}",
                    top_nr=str(n + 1),
                    typus=Typus.MIETE,
                    einheitsart=Einheitsart.WOHNUNG if n % 10 else Einheitsart.GARAGE,
                    raeume=1 + n % 5,
                    nettonutzflaeche=Decimal(35 + n),
                    stockwerk=["EG", "1. OG", "2. OG", "3. OG", "DG"][n % 5],
                    strasse=objekt.strasse,
                    hausnummer=objekt.hausnummer,
                    plz=objekt.plz,
                    ort=objekt.ort,
                    heizungsart=Heizungsart.ZENTRAL,
                    hwb_wert=Decimal("55.10"),
                    hwb_klasse="C",
                    keller=n % 3 == 0,
                    einbaukueche=n % 2 == 0,
                    gegensprechanlage=True,
                )
                session.add(einheit)
                for art, betrag in (
                    (Vorschreibungsart.GRUNDMIETE, Decimal(300 + n * 5)),
                    (Vorschreibungsart.BETRIEBSKOSTEN, Decimal(90 + n)),
                    (Vorschreibungsart.HEIZKOSTEN, Decimal(40 + n % 20)),
                ):
                    session.add(
                        Vorschreibung(
                            einheit=einheit,
                            art=art,
                            betrag_netto=betrag,
                            ust_prozent=Decimal("10"),
                            gueltig_ab=dt.date(2024, 1, 1),
                        )
                    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="omclient-bench-immomio-"))
    db = open_database(f"sqlite:///{workdir / 'om.db'}")
    t0 = time.perf_counter()
    populate(db, args.units)
    print(f"Datenbank mit {args.units} Leerständen angelegt in {time.perf_counter() - t0:.1f} s")

    server = ThreadingHTTPServer(("127.0.0.1", 0), UploadHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings = ImmomioEinstellungen(
        transport="https",
        url=f"http://127.0.0.1:{server.server_address[1]}/api",
        benutzer="bench",
        mandanten=("01",),
        anbieter_firma="Wohnbau Benchmark GmbH",
        openimmo_anid="ANID-BENCH",
        batch_groesse=200,
    )

    t0 = time.perf_counter()
    cpu0 = time.process_time()
    with db.sessions() as session:
        leerstaende = finde_leerstaende(session, settings, TODAY)
        objekte = [openimmo.Objekt(ls, openimmo.Aktion.NEU) for ls in leerstaende]
        data = openimmo.zip_paket(
            openimmo.xml_bytes(openimmo.dokument(objekte, settings, CLOCK.now(), voll=True)),
            "bench",
        )
    build_s = time.perf_counter() - t0
    build_cpu_s = time.process_time() - cpu0
    print(
        f"OpenImmo: {len(leerstaende)} Immobilien, ZIP {len(data) / 1024:.0f} KiB, "
        f"CPU-Zeit {build_cpu_s:.2f} s (Wanduhr {build_s:.2f} s, Last {os.getloadavg()[0]:.1f})"
    )

    transport = HttpsTransport(settings, "bench-passwort")
    t0 = time.perf_counter()
    first = push.push(db.sessions, transport, "bench", CLOCK, settings=settings)
    push_s = time.perf_counter() - t0
    uploads_after_first = UploadHandler.uploads
    print(
        f"Erstes Senden: {first.ergebnis}, neu {first.neu}, {uploads_after_first} Pakete, "
        f"{UploadHandler.bytes_received / 1024:.0f} KiB"
    )

    t0 = time.perf_counter()
    second = push.push(db.sessions, transport, "bench", CLOCK, settings=settings)
    unchanged_push_s = time.perf_counter() - t0
    transport.close()
    server.shutdown()
    sent_again = UploadHandler.uploads - uploads_after_first
    print(f"Zweites Senden ohne Änderung: {second.ergebnis}, {sent_again} Pakete gesendet")
    if sent_again or first.neu != len(leerstaende):
        print("FEHLER: unverändertes Senden hat etwas übertragen", file=sys.stderr)
        return 1
    print(
        f"immomio leerstaende={len(leerstaende)} build_s={build_s:.2f} push_s={push_s:.2f} "
        f"unchanged_push_s={unchanged_push_s:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
