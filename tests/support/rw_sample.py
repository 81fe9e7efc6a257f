"""A small, valid RW export for the RW import tests, as plain dicts.

``sample_records()`` returns ``{file name: [row dicts]}``; tests change single
values and write it with :func:`omclient.rw.exporter.write_export`.

Mandant 01, Objekt 1010 "Wohnanlage Donaufeld" with Stiege 1, VEHs BK/HK,
Einheiten 0001 (Wohnung, Huber, Mietzins-Kategorie code A), 0002 (Wohnung,
Berger moved out → Novak, chained Haupt/Sub with 0003), 0003 (Lokal, Café
Sonne GmbH), Funktion 31000 at 0001, Vorschreibungen and Buchungen for Huber.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

D = dt.date
EXPORTED_AT = dt.datetime(2026, 11, 22, 2, 0)

_SAMPLE: dict[str, list[dict[str, Any]]] = {
    "mandanten.csv": [
        {
            "mandant_nr": "01",
            "name": "Gemeinnützige Wohnbau Wien GmbH",
            "strasse": "Praterstraße 1",
            "plz": "1020",
            "ort": "Wien",
            "land": "AUT",
            "email": "office@gwb.example.at",
            "aktiv": True,
        }
    ],
    "sachbereiche.csv": [
        {"code": "BK", "bezeichnung": "Betriebskosten"},
        {"code": "HK", "bezeichnung": "Heizkosten"},
    ],
    "objekte.csv": [
        {
            "mandant_nr": "01",
            "objekt_nr": "1010",
            "bezeichnung": "Wohnanlage Donaufeld",
            "strasse": "Donaufelder Straße",
            "hausnummer": "12",
            "plz": "1210",
            "ort": "Wien",
            "land": "AUT",
            "baujahr": 1997,
            "bezugsdatum": D(1998, 3, 1),
            "aktiv": True,
        }
    ],
    "stiegenhaeuser.csv": [
        {
            "mandant_nr": "01",
            "objekt_nr": "1010",
            "nummer": "1",
            "bezeichnung": "Stiege 1",
            "aktiv": True,
        }
    ],
    "verrechnungseinheiten.csv": [
        {
            "mandant_nr": "01",
            "objekt_nr": "1010",
            "sachbereich": "BK",
            "nummer": "01",
            "bezeichnung": "BK Wohnungen",
            "aktiv": True,
        },
        {
            "mandant_nr": "01",
            "objekt_nr": "1010",
            "sachbereich": "HK",
            "nummer": "01",
            "bezeichnung": "Fernwärme",
            "aktiv": True,
        },
    ],
    "mietzinskategorien.csv": [
        {"code": "A", "bezeichnung": "Kategorie A"},
        {"code": "RW9", "bezeichnung": "Richtwertmietzins"},
    ],
    "einheiten.csv": [
        {
            "mandant_nr": "01",
            "objekt_nr": "1010",
            "einheit_nr": "0001",
            "top_nr": "1",
            "gebaeudeteil": "Haus A",
            "typus": "Miete",
            "einheitsart": "Wohnung",
            "raeume": 3,
            "wohnungscode": "W3",
            "nettonutzflaeche": Decimal("72.40"),
            "stockwerk": "EG",
            "erstbezug": D(1998, 3, 1),
            "status": "vermietet",
            "bestandsart": "Hauptmiete",
            "mietzins_kategorie": "A",
            "strasse": "Donaufelder Straße",
            "hausnummer": "12",
            "stiege": "1",
            "tuer": "1",
            "plz": "1210",
            "ort": "Wien",
            "land": "AUT",
            "heizkostenordnungsbegriff": "HKO-1010",
            "heizkostenfirma": "Wien Energie",
            "bemerkung_fibu": "Dauerauftrag seit 2015",
            "aktiv": True,
        },
        {
            "mandant_nr": "01",
            "objekt_nr": "1010",
            "einheit_nr": "0002",
            "top_nr": "2",
            "typus": "Miete",
            "einheitsart": "Wohnung",
            "raeume": 2,
            "nettonutzflaeche": Decimal("55.10"),
            "erstbezug": D(1998, 3, 1),
            "mietzins_kategorie": "RW9",
            "strasse": "Donaufelder Straße",
            "hausnummer": "12",
            "stiege": "1",
            "tuer": "2",
            "plz": "1210",
            "ort": "Wien",
            "land": "AUT",
            "aktiv": True,
        },
        {
            "mandant_nr": "01",
            "objekt_nr": "1010",
            "einheit_nr": "0003",
            "top_nr": "L1",
            "typus": "Miete",
            "einheitsart": "Lokal",
            "nettonutzflaeche": Decimal("120.00"),
            "erstbezug": D(1998, 6, 1),
            "strasse": "Donaufelder Straße",
            "hausnummer": "12",
            "plz": "1210",
            "ort": "Wien",
            "land": "AUT",
            "aktiv": True,
        },
    ],
    "personen.csv": [
        {
            "mandant_nr": "01",
            "person_nr": "P001",
            "anrede": "Frau",
            "vorname": "Anna",
            "nachname": "Huber",
            "strasse": "Donaufelder Straße 12/1/1",
            "plz": "1210",
            "ort": "Wien",
            "land": "AUT",
            "geburtsdatum": D(1980, 5, 17),
            "email": "anna.huber@example.at",
        },
        {
            "mandant_nr": "01",
            "person_nr": "P002",
            "anrede": "Herr",
            "vorname": "Karl",
            "nachname": "Berger",
            "land": "AUT",
        },
        {
            "mandant_nr": "01",
            "person_nr": "P003",
            "anrede": "Frau",
            "titel": "Mag.",
            "vorname": "Eva",
            "nachname": "Novak",
            "land": "AUT",
            "telefon": "+43 1 2345678",
        },
        {"mandant_nr": "01", "person_nr": "P004", "firma": "Café Sonne GmbH", "land": "AUT"},
    ],
    "bestandsverhaeltnisse.csv": [
        {
            "mandant_nr": "01",
            "objekt_nr": "1010",
            "einheit_nr": "0001",
            "bv_nr": "1",
            "person_nr": "P001",
            "art": "Miete",
            "bestandsart": "Hauptmiete",
            "bezugsdatum": D(2015, 4, 1),
            "aktiv": True,
        },
        {
            "mandant_nr": "01",
            "objekt_nr": "1010",
            "einheit_nr": "0002",
            "bv_nr": "1",
            "person_nr": "P002",
            "art": "Miete",
            "bestandsart": "Hauptmiete",
            "bezugsdatum": D(2005, 1, 1),
            "auszugsdatum": D(2019, 6, 30),
            "aktiv": True,
        },
        {
            "mandant_nr": "01",
            "objekt_nr": "1010",
            "einheit_nr": "0002",
            "bv_nr": "2",
            "person_nr": "P003",
            "art": "Miete",
            "bestandsart": "Hauptmiete",
            "bezugsdatum": D(2019, 8, 1),
            "befristung_bis": D(2027, 7, 31),
            "aktiv": True,
        },
        {
            "mandant_nr": "01",
            "objekt_nr": "1010",
            "einheit_nr": "0003",
            "bv_nr": "1",
            "person_nr": "P004",
            "art": "Miete",
            "bestandsart": "Geschäftsraummiete",
            "bezugsdatum": D(2010, 2, 1),
            "aktiv": True,
        },
    ],
    "funktionen.csv": [
        {
            "rw_schluessel": "01-F-1",
            "code": "31000",
            "mandant_nr": "01",
            "person_nr": "P001",
            "objekt_nr": "1010",
            "einheit_nr": "0001",
            "beginn": D(2016, 1, 1),
        }
    ],
    "verkettungen.csv": [
        {
            "mandant_nr": "01",
            "haupt_objekt_nr": "1010",
            "haupt_einheit_nr": "0002",
            "haupt_bv_nr": "2",
            "sub_objekt_nr": "1010",
            "sub_einheit_nr": "0003",
            "sub_bv_nr": "1",
            "art": "Untermiete",
            "aktiv": True,
        }
    ],
    "vorschreibungen.csv": [
        {
            "mandant_nr": "01",
            "objekt_nr": "1010",
            "einheit_nr": "0001",
            "bv_nr": "1",
            "art": "Grundmiete",
            "betrag_netto": Decimal("512.30"),
            "ust_prozent": Decimal("10.00"),
            "gueltig_ab": D(2024, 1, 1),
        },
        {
            "mandant_nr": "01",
            "objekt_nr": "1010",
            "einheit_nr": "0001",
            "bv_nr": "1",
            "art": "Betriebskosten",
            "betrag_netto": Decimal("180.00"),
            "ust_prozent": Decimal("10.00"),
            "gueltig_ab": D(2024, 1, 1),
        },
    ],
    "buchungen.csv": [
        {
            "buchungs_nr": "01-000001",
            "mandant_nr": "01",
            "objekt_nr": "1010",
            "einheit_nr": "0001",
            "bv_nr": "1",
            "datum": D(2026, 10, 1),
            "beleg_nr": "VS202610",
            "text": "Vorschreibung 10/2026",
            "soll": Decimal("761.53"),
            "haben": Decimal("0"),
        },
        {
            "buchungs_nr": "01-000002",
            "mandant_nr": "01",
            "objekt_nr": "1010",
            "einheit_nr": "0001",
            "bv_nr": "1",
            "datum": D(2026, 10, 5),
            "beleg_nr": "ZE202610",
            "text": "Zahlung SEPA-Lastschrift",
            "soll": Decimal("0"),
            "haben": Decimal("761.53"),
        },
    ],
}


def sample_records(mandant: str = "01") -> dict[str, list[dict[str, Any]]]:
    """A fresh deep copy of the sample export, optionally for another Mandant number."""
    records = copy.deepcopy(_SAMPLE)
    if mandant != "01":
        for rows in records.values():
            for row in rows:
                if "mandant_nr" in row:
                    row["mandant_nr"] = mandant
        for row in records["funktionen.csv"]:
            row["rw_schluessel"] = f"{mandant}-F-{row['rw_schluessel'][-1]}"
        for row in records["buchungen.csv"]:
            row["buchungs_nr"] = mandant + row["buchungs_nr"][2:]
    return records


def find(records: dict[str, list[dict[str, Any]]], file: str, **match: Any) -> dict[str, Any]:
    """The one row of ``file`` whose values equal ``match``."""
    hits = [r for r in records[file] if all(r.get(k) == v for k, v in match.items())]
    assert len(hits) == 1, (file, match, hits)
    return hits[0]
