"""The OM side of the demo portfolio, added after the RW import with bulk inserts.

Everything here is data d+ OM owns: configuration and value lists, users,
Richtsätze, Vergabestellen, the OM fields of Einheiten and
Bestandsverhältnisse (Stiegenhaus assignment, Kategorie, Leerstand, marketing
data for Immomio), Kautionen, Zahlungsdaten, Flächenaufteilung, Ausstattung
and Schlüssel. :class:`OmSammler` makes the rows of each Objekt beside its RW
rows, in the generator's processes, with natural keys; :func:`write_om_data`
resolves them to ids once the RW import has run. Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import pickle
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Table, insert, select
from sqlalchemy.orm import aliased

from omclient import domain as d
from omclient import formatting as fmt
from omclient.config import os_login
from omclient.domain.enums import Heizungsart, IndivEntitaet, IndivFeldTyp, Rolle, Zahlungsart
from omclient.memory import gc_paused
from omclient.rw.bulk import (
    BackgroundWriter,
    driver_rows,
    execute_statements,
    insert_rows,
    insert_statements,
    update_statements,
)

D = dt.date
CENT = Decimal("0.01")
CHUNK = 20_000

# Austrian savings-deposit reference rates (% p.a.), 20 years.
# Savings-book rates (Eckzinssatz) back to the earliest Kaution of the demo.
RICHTSAETZE = [
    (D(1950, 1, 1), "3.5000"),
    (D(1973, 1, 1), "4.5000"),
    (D(1980, 1, 1), "5.0000"),
    (D(1986, 1, 1), "4.0000"),
    (D(1990, 1, 1), "3.5000"),
    (D(1994, 1, 1), "2.7500"),
    (D(1997, 1, 1), "2.0000"),
    (D(1999, 1, 1), "1.5000"),
    (D(2001, 1, 1), "2.0000"),
    (D(2003, 1, 1), "1.2500"),
    (D(2006, 1, 1), "1.2500"),
    (D(2006, 7, 1), "1.5000"),
    (D(2007, 1, 1), "1.7500"),
    (D(2008, 1, 1), "2.0000"),
    (D(2009, 1, 1), "0.7500"),
    (D(2009, 7, 1), "0.3750"),
    (D(2010, 1, 1), "0.2500"),
    (D(2011, 7, 1), "0.3750"),
    (D(2012, 1, 1), "0.2500"),
    (D(2013, 1, 1), "0.1250"),
    (D(2015, 1, 1), "0.0500"),
    (D(2016, 1, 1), "0.0100"),
    (D(2020, 1, 1), "0.0100"),
    (D(2022, 7, 1), "0.1250"),
    (D(2023, 1, 1), "1.5000"),
    (D(2023, 7, 1), "2.0000"),
    (D(2024, 1, 1), "2.0000"),
    (D(2024, 10, 1), "1.5000"),
    (D(2025, 1, 1), "1.2500"),
    (D(2025, 7, 1), "0.8750"),
    (D(2026, 1, 1), "0.7500"),
]

VERGABESTELLEN = [
    ("Stadt Wien – Wohnservice", "90001", "Wien"),
    ("Stadt Graz – Wohnungsamt", "60101", "Graz"),
    ("Magistrat Linz – Wohnungsservice", "40101", "Linz"),
    ("Stadt Innsbruck – Wohnungsvergabe", "70101", "Innsbruck"),
    ("Stadt Salzburg – Wohnungsamt", "50101", "Salzburg"),
    ("Land Niederösterreich – Wohnbauförderung", "30000", None),
]

LEERSTANDSGRUENDE = [
    ("Sanierung", "nicht_vermarkten"),
    ("Renovierung", None),
    ("Eigenbedarf", "nicht_vermarkten"),
    ("Kündigung", None),
    ("Neuvermietung", None),
]

BANKEN = [
    ("20111", "GIBAATWWXXX", "Erste Bank der oesterreichischen Sparkassen AG"),
    ("12000", "BKAUATWWXXX", "UniCredit Bank Austria AG"),
    ("32000", "RLNWATWWXXX", "Raiffeisenlandesbank NÖ-Wien AG"),
    ("60000", "BAWAATWWXXX", "BAWAG P.S.K."),
    ("15000", "OBKLAT2LXXX", "Oberbank AG"),
    ("20404", "SBGSAT2SXXX", "Salzburger Sparkasse Bank AG"),
]

AUSSTATTUNGSGRUPPEN = [
    "Bodenbeläge",
    "Sanitär",
    "Heizung",
    "Küche",
    "Balkon/Loggia",
    "Abteile",
    "Elektro",
]
AUSSTATTUNG_WOHNUNG = [
    ("Bodenbeläge", "Parkettboden Eiche", "Wohnzimmer", "m²"),
    ("Bodenbeläge", "Fliesen", "Bad", "m²"),
    ("Bodenbeläge", "Laminat", "Schlafzimmer", "m²"),
    ("Sanitär", "Badewanne", "Bad", "Stk"),
    ("Sanitär", "Dusche", "Bad", "Stk"),
    ("Sanitär", "Hänge-WC", "WC", "Stk"),
    ("Heizung", "Heizkörper", None, "Stk"),
    ("Heizung", "Gastherme", "Küche", "Stk"),
    ("Küche", "Einbauküche", "Küche", "Stk"),
    ("Balkon/Loggia", "Balkon", None, "m²"),
    ("Abteile", "Kellerabteil", "Keller", "Stk"),
    ("Elektro", "Gegensprechanlage", "Vorraum", "Stk"),
]


def _table(model: type[d.Base]) -> Table:
    return cast(Table, model.__table__)


def _iban(rng: random.Random, bankleitzahl: str) -> str:
    account = f"{rng.randint(0, 10**11 - 1):011d}"
    bban = bankleitzahl + account
    check = 98 - int(bban + "102900") % 97  # A=10, T=29
    return f"AT{check:02d}{bban}"


def _bulk(conn: Connection, model: type[d.Base], rows: Iterable[dict[str, Any]]) -> int:
    """Insert ``rows`` in chunks straight through the driver (see :func:`insert_rows`)."""
    table = _table(model)
    batch: list[dict[str, Any]] = []
    count = 0
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            insert_rows(conn, table, batch)
            count += len(batch)
            batch = []
    if batch:
        insert_rows(conn, table, batch)
        count += len(batch)
    return count


# Natural keys as the RW export gives them; resolved to ids after the import.
EinheitKey = tuple[str, str, str]  # Mandant, Objekt, Einheit
BvKey = tuple[str, str, str, str]  # … and Bestandsverhältnis


@dataclass
class OmEinheit:
    """What the OM data of one Einheit depends on: its RW data, as exported."""

    einheit_nr: str
    art: str
    typus: str
    flaeche: Decimal
    stiege: str
    mietzins_kategorie: str  # code, e.g. "A" or "RW9"
    raeume: int | None
    erstbezug: dt.date
    aktiv: bool
    bvs: list[tuple[str, dt.date | None, dt.date | None]]  # bv_nr, Bezug, Auszug in order
    grundmiete: Decimal | None  # of the current tenancy


@dataclass
class OmDaten:
    """OM-owned demo rows whose references are still natural keys (see :func:`write_om_data`)."""

    einheiten: list[dict[str, Any]] = field(default_factory=list)
    vermarktung: list[dict[str, Any]] = field(default_factory=list)
    leerstand: list[dict[str, Any]] = field(default_factory=list)
    kautionen: list[dict[str, Any]] = field(default_factory=list)
    zahlungen: list[dict[str, Any]] = field(default_factory=list)
    flaechen: list[dict[str, Any]] = field(default_factory=list)
    ausstattung: list[dict[str, Any]] = field(default_factory=list)
    schluessel: list[dict[str, Any]] = field(default_factory=list)


class OmSammler:
    """Makes the OM-owned data of the Objekte one generator writes, Einheit by Einheit.

    Each Objekt draws from a random generator of its own (given by the
    generator), so the data is the same however the Objekte are split among
    processes. References are natural keys (Mandant, Objekt, Einheit,
    Bestandsverhältnis, Stiege, Sachbereich, Ort, Ausstattungsgruppe);
    :func:`write_om_data` turns them into ids.
    ``small``: also Schlüssel, and four Ausstattungen per Wohnung instead of two
    (demos up to 20,000 Einheiten).
    """

    def __init__(self, stichtag: dt.date, *, small: bool) -> None:
        self.stichtag = stichtag
        self.small = small
        self.daten = OmDaten()
        self.rng = random.Random()
        self._objekt: tuple[str, str] = ("", "")
        self._ort: str = ""
        self._bezug: dt.date | None = None
        self._flaechen_start = 0
        self._veh_sum: dict[str, Decimal] = {}

    def objekt(
        self, rng: random.Random, mandant: str, objekt_nr: str, ort: str, bezug: dt.date | None
    ) -> None:
        """Start an Objekt; ``rng`` is its own random generator for OM data."""
        self.rng = rng
        self._objekt = (mandant, objekt_nr)
        self._ort = ort
        self._bezug = bezug
        self._flaechen_start = len(self.daten.flaechen)
        self._veh_sum = {}

    def objekt_ende(self) -> None:
        """Shares of the Objekt's Verrechnungseinheiten, now that all its areas are known."""
        for fl in self.daten.flaechen[self._flaechen_start :]:
            total = self._veh_sum[fl["verrechnungseinheit_id"][2]]
            fl["anteil"] = (fl["flaeche"] / total).quantize(Decimal("0.000001"))

    def einheit(self, e: OmEinheit) -> None:
        rng = self.rng
        daten = self.daten
        mandant, objekt_nr = self._objekt
        key: EinheitKey = (mandant, objekt_nr, e.einheit_nr)
        art = e.art
        wohnung = art == "Wohnung"
        flaeche = e.flaeche
        kategorie = None
        if e.mietzins_kategorie in ("A", "B", "C", "D"):
            kategorie = e.mietzins_kategorie
        elif wohnung:
            kategorie = rng.choice("AAABBC")
        vergabe_ort = self._ort if wohnung and rng.random() < 0.35 else None
        daten.einheiten.append(
            {
                "id": key,
                "stiegenhaus_id": (mandant, objekt_nr, e.stiege) if e.stiege else None,
                "lage": rng.choice(["links", "rechts", "Mitte", "Hof", "Straße"])
                if wohnung
                else None,
                "kategorie": kategorie,
                "anzahl_raeume": e.raeume,
                "vergabestelle_id": vergabe_ort,
                "finanzierung": rng.choice(
                    ["freifinanziert", "Wohnbauförderung", "Wohnbauförderung", "WBF Sanierung"]
                )
                if wohnung
                else None,
                "status_kz": rng.choice(["01", "01", "01", "02"]) if wohnung else None,
                "behindertengerecht": wohnung and rng.random() < 0.06,
                "altersgerecht": wohnung and rng.random() < 0.12,
                "datum_erstvermietung": e.erstbezug,
                "indiv_daten_1": f"FW-{rng.randint(100000, 999999)}"
                if wohnung and rng.random() < 0.3
                else None,
            }
        )
        for code in ("BK", "HK") if wohnung or art in ("Lokal", "Büro") else ("BK",):
            if flaeche > 0:
                daten.flaechen.append(
                    {
                        "einheit_id": key,
                        "verrechnungseinheit_id": (mandant, objekt_nr, code),
                        "flaeche": flaeche,
                        "anteil": Decimal("0"),
                        "gueltig_ab": e.erstbezug,
                    }
                )
                self._veh_sum[code] = self._veh_sum.get(code, Decimal("0")) + flaeche
        if wohnung:
            items = rng.sample(AUSSTATTUNG_WOHNUNG, k=4 if self.small else 2)
            for gruppe, bezeichnung, raum, einheit in items:
                menge = (
                    (flaeche * Decimal("0.3")).quantize(CENT)
                    if einheit == "m²"
                    else Decimal(rng.randint(1, 4))
                )
                daten.ausstattung.append(
                    {
                        "einheit_id": key,
                        "gruppe_id": gruppe,
                        "bezeichnung": bezeichnung,
                        "raum": raum,
                        "menge": menge,
                        "mengeneinheit": einheit,
                        "hersteller": None,
                        "einbaudatum": e.erstbezug,
                        "zustand": rng.choice(["gut", "gut", "sehr gut", "abgenutzt"]),
                        "aktiv": True,
                        "bemerkung": None,
                    }
                )
        last = e.bvs[-1] if e.bvs else None
        current = last if last is not None and last[2] is None else None
        miete = e.typus == "Miete"
        if current is None and e.aktiv and miete and last is not None:
            grund, _kz = rng.choice(LEERSTANDSGRUENDE)
            auszug = last[2]
            daten.leerstand.append(
                {
                    "id": (*key, last[0]),
                    "leerstand_grund": grund,
                    "leerstand_kommentar": f"{grund} seit {auszug:%m/%Y}",
                }
            )
            if wohnung:
                daten.vermarktung.append(_vermarktung(rng, key, self.stichtag, self._ort, flaeche))
        if current is None or not miete:
            return
        bv_key: BvKey = (*key, current[0])
        bezug = current[1] or self._bezug or self.stichtag
        if wohnung and rng.random() < 0.75:
            gm = e.grundmiete if e.grundmiete is not None else Decimal("400")
            blz, bic, bank = rng.choice(BANKEN)
            daten.kautionen.append(
                {
                    "bestandsverhaeltnis_id": bv_key,
                    "betrag": (gm * 3).quantize(Decimal("1")),
                    "einzahlungsdatum": bezug,
                    "kontoinhaber": "Hausverwaltung – Kautionskonto",
                    "bank": bank,
                    "iban": _iban(rng, blz),
                    "bic": bic,
                    "auszahlungsdatum": None,
                    "auszahlungsbetrag": None,
                }
            )
        pick = rng.random()
        blz, bic, bank = rng.choice(BANKEN)
        if pick < 0.6:
            daten.zahlungen.append(
                {
                    "bestandsverhaeltnis_id": bv_key,
                    "zahlungsart": Zahlungsart.SEPA_LASTSCHRIFT,
                    "kontoinhaber": None,
                    "iban": _iban(rng, blz),
                    "bic": bic,
                    "bank": bank,
                    "mandatsreferenz": "OM-" + "-".join(bv_key),
                    "mandatsdatum": bezug,
                    "faelligkeitstag": 5,
                }
            )
        else:
            daten.zahlungen.append(
                {
                    "bestandsverhaeltnis_id": bv_key,
                    "zahlungsart": Zahlungsart.DAUERAUFTRAG
                    if pick < 0.85
                    else Zahlungsart.ZAHLSCHEIN,
                    "kontoinhaber": None,
                    "iban": None,
                    "bic": None,
                    "bank": None,
                    "mandatsreferenz": None,
                    "mandatsdatum": None,
                    "faelligkeitstag": 5,
                }
            )
        if self.small and wohnung:
            daten.schluessel.append(
                {
                    "einheit_id": None,
                    "bestandsverhaeltnis_id": bv_key,
                    "nummer": f"S-{objekt_nr}-{e.einheit_nr}",
                    "art": "Wohnungsschlüssel",
                    "anzahl": rng.choice([2, 3, 3, 4]),
                    "ausgabedatum": bezug,
                    "rueckgabedatum": None,
                    "bemerkung": None,
                }
            )

    def save(self, path: Path) -> None:
        """Hand the data to the process that writes it (:func:`write_om_data`)."""
        with path.open("wb") as fh:
            pickle.dump(self.daten, fh, protocol=pickle.HIGHEST_PROTOCOL)


@gc_paused()
def write_om_data(conn: Connection, dateien: Sequence[Path]) -> None:
    """Insert the OM-owned demo data into a database just filled by the RW import.

    ``dateien``: what :meth:`OmSammler.save` wrote, in the generator's order.
    Configuration, value lists, users, Richtsätze, Vergabestellen and
    Ausstattungsgruppen first; then the rows of every Objekt with their natural
    keys resolved to the ids the import gave.
    """
    _konfiguration(conn)
    vergabe = _vergabestellen(conn)
    _richtsaetze(conn)
    gruppen = _ausstattungsgruppen(conn)

    einheit = aliased(d.Einheit)
    bv = aliased(d.Bestandsverhaeltnis)
    veh = aliased(d.Verrechnungseinheit)
    einheiten = _ids(conn, einheit.objekt_id, einheit.einheit_nr, einheit.id)
    bvs = _ids(
        conn,
        einheit.objekt_id,
        einheit.einheit_nr,
        bv.bv_nr,
        bv.id,
        join=(einheit, bv.einheit_id == einheit.id),
    )
    stiegen = _ids(conn, d.Stiegenhaus.objekt_id, d.Stiegenhaus.nummer, d.Stiegenhaus.id)
    vehs = _ids(
        conn,
        veh.objekt_id,
        d.Sachbereich.code,
        veh.id,
        join=(d.Sachbereich, veh.sachbereich_id == d.Sachbereich.id),
    )
    # Reading and resolving the next file goes on while the previous one is stored.
    writer = BackgroundWriter()
    try:
        for datei in dateien:
            with datei.open("rb") as fh:
                daten: OmDaten = pickle.load(fh)
            for row in daten.einheiten:
                row["id"] = einheiten[row["id"]]
                stiege = row["stiegenhaus_id"]
                row["stiegenhaus_id"] = stiegen.get(stiege) if stiege else None
                ort = row["vergabestelle_id"]
                row["vergabestelle_id"] = vergabe.get(ort) if ort else None
            for row in daten.vermarktung:
                row["id"] = einheiten[row["id"]]
            for row in daten.leerstand:
                row["id"] = bvs[row["id"]]
            for rows in (daten.kautionen, daten.zahlungen, daten.schluessel):
                for row in rows:
                    row["bestandsverhaeltnis_id"] = bvs[row["bestandsverhaeltnis_id"]]
            for row in daten.flaechen:
                row["einheit_id"] = einheiten[row["einheit_id"]]
                row["verrechnungseinheit_id"] = vehs[row["verrechnungseinheit_id"]]
            for row in daten.ausstattung:
                row["einheit_id"] = einheiten[row["einheit_id"]]
                row["gruppe_id"] = gruppen[row["gruppe_id"]]
            kaution_aktiv = [
                {"id": k["bestandsverhaeltnis_id"], "kaution_aktiv": True} for k in daten.kautionen
            ]
            statements = [
                *update_statements(conn, _table(d.Einheit), daten.einheiten),
                *update_statements(conn, _table(d.Einheit), daten.vermarktung),
                *update_statements(conn, _table(d.Bestandsverhaeltnis), daten.leerstand),
                *update_statements(conn, _table(d.Bestandsverhaeltnis), kaution_aktiv),
                *insert_statements(conn, _table(d.Kaution), daten.kautionen),
                *insert_statements(conn, _table(d.Zahlungsdaten), daten.zahlungen),
                *insert_statements(conn, _table(d.Flaechenaufteilung), daten.flaechen),
                *insert_statements(conn, _table(d.Ausstattung), daten.ausstattung),
                *insert_statements(conn, _table(d.Schluessel), daten.schluessel),
            ]
            writer.submit(execute_statements, conn, statements)
        writer.wait()
    finally:
        writer.close()


def _ids(
    conn: Connection,
    objekt_id: Any,
    *columns: Any,
    join: tuple[Any, Any] | None = None,
) -> dict[tuple[Any, ...], int]:
    """(Mandant, Objekt, further key columns…) → id; ``columns`` end with the id.

    ``objekt_id``: the column leading to the record's Objekt; ``join``: a table
    (and its condition) between the record and that column, if any.
    """
    mandant = aliased(d.Mandant)
    objekt = aliased(d.Objekt)
    stmt = select(mandant.mandant_nr, objekt.objekt_nr, *columns)
    if join is not None:
        stmt = stmt.join(*join)
    stmt = stmt.join(objekt, objekt_id == objekt.id).join(mandant, objekt.mandant_id == mandant.id)
    return {row[:-1]: row[-1] for row in driver_rows(conn, stmt)}


def _vermarktung(
    rng: random.Random, einheit: EinheitKey, stichtag: dt.date, ort: str | None, flaeche: Decimal
) -> dict[str, Any]:
    hwb = Decimal(str(round(rng.uniform(25, 160), 1)))
    klasse = next(
        k
        for grenze, k in (
            (25, "A+"),
            (50, "A"),
            (75, "B"),
            (100, "C"),
            (150, "D"),
            (200, "E"),
            (10_000, "F"),
        )
        if hwb <= grenze
    )
    fgee = Decimal(str(round(rng.uniform(0.6, 1.6), 2)))
    fklasse = next(
        k
        for grenze, k in ((0.7, "A+"), (0.85, "A"), (1.0, "B"), (1.25, "C"), (1.6, "D"), (10, "E"))
        if float(fgee) <= grenze
    )
    return {
        "id": einheit,
        "verfuegbar_ab": stichtag + dt.timedelta(days=rng.randint(7, 90)),
        "heizungsart": rng.choice(list(Heizungsart)),
        "hwb_wert": hwb,
        "hwb_klasse": klasse,
        "fgee_wert": fgee,
        "fgee_klasse": fklasse,
        "energieausweis_gueltig_bis": D(stichtag.year + rng.randint(1, 9), 12, 31),
        "keller": rng.random() < 0.7,
        "einbaukueche": rng.random() < 0.5,
        "gegensprechanlage": rng.random() < 0.8,
        "gaeste_wc": flaeche > 80 and rng.random() < 0.5,
        "balkon": rng.random() < 0.45,
        "vermarktung_text": f"Helle Wohnung mit {fmt.area(flaeche)} in {ort}, gute Anbindung an "
        "öffentliche Verkehrsmittel, Einkaufsmöglichkeiten in der Nähe.",
    }


def _konfiguration(conn: Connection) -> None:
    status: list[dict[str, Any]] = []
    for i, wert in enumerate(
        ["UG", "EG", "1. OG", "2. OG", "3. OG", "4. OG", "5. OG", "6. OG", "DG"]
    ):
        status.append(
            {
                "tabelle": "Einheit",
                "gruppe": "Stockwerk",
                "wert": wert,
                "position": i,
                "kennzeichen": None,
            }
        )
    for i, wert in enumerate(["freifinanziert", "Wohnbauförderung", "WBF Sanierung"]):
        status.append(
            {
                "tabelle": "Einheit",
                "gruppe": "Finanzierung",
                "wert": wert,
                "position": i,
                "kennzeichen": None,
            }
        )
    for i, (wert, kz) in enumerate(LEERSTANDSGRUENDE):
        status.append(
            {
                "tabelle": "Bestandsverhaeltnis",
                "gruppe": "Leerstandsgrund",
                "wert": wert,
                "position": i,
                "kennzeichen": kz,
            }
        )
    _bulk(conn, d.StatusAllerArt, status)
    konfig: list[dict[str, Any]] = []
    for i, (kz, text) in enumerate(
        [("01", "frei"), ("02", "reserviert"), ("03", "gesperrt"), ("04", "in Sanierung")]
    ):
        konfig.append({"tabelle": 1302, "schluessel": kz, "wert": text, "position": i})
    for i, (art, unterart) in enumerate(
        [
            ("Hauptmiete", "Dienstwohnung"),
            ("Hauptmiete", "Untermiete gestattet"),
            ("Hauptmiete", "Wohnungstausch"),
            ("Geschäftsraummiete", "Gastronomie"),
            ("Geschäftsraummiete", "Handel"),
            ("Garagenmiete", "Einzelgarage"),
        ]
    ):
        konfig.append({"tabelle": 1306, "schluessel": art, "wert": unterart, "position": i})
    _bulk(conn, d.Konfiguration, konfig)
    _bulk(
        conn,
        d.GlobaleVariable,
        [
            {
                "name": f"GLOBAL_EINHEIT_GRUPPE_{n}_NAME",
                "wert": label,
                "beschreibung": f"Bezeichnung des Feldes Indiv Daten {n}",
            }
            for n, label in [
                (1, "Fernwärme-Kunden-Nr."),
                (2, "Wohnbeihilfe"),
                (3, "Hausbetreuung"),
                (4, "Hausverwaltung"),
            ]
        ],
    )
    _bulk(
        conn,
        d.IndivFeld,
        [
            {
                "entitaet": IndivEntitaet.EINHEIT,
                "bezeichnung": "Schornsteinfeger",
                "typ": IndivFeldTyp.TEXT,
                "auswahlliste": None,
                "position": 0,
                "pflicht": False,
            },
            {
                "entitaet": IndivEntitaet.EINHEIT,
                "bezeichnung": "Letzte Thermenwartung",
                "typ": IndivFeldTyp.DATUM,
                "auswahlliste": None,
                "position": 1,
                "pflicht": False,
            },
            {
                "entitaet": IndivEntitaet.EINHEIT,
                "bezeichnung": "Bodenbelag",
                "typ": IndivFeldTyp.AUSWAHL,
                "auswahlliste": "Parkett\nLaminat\nFliesen\nTeppich",
                "position": 2,
                "pflicht": False,
            },
            {
                "entitaet": IndivEntitaet.BESTANDSVERHAELTNIS,
                "bezeichnung": "Haustier",
                "typ": IndivFeldTyp.JA_NEIN,
                "auswahlliste": None,
                "position": 0,
                "pflicht": False,
            },
            {
                "entitaet": IndivEntitaet.BESTANDSVERHAELTNIS,
                "bezeichnung": "Personen im Haushalt",
                "typ": IndivFeldTyp.ZAHL,
                "auswahlliste": None,
                "position": 1,
                "pflicht": False,
            },
        ],
    )
    admin = os_login()
    users = [{"login": admin, "name": admin, "rolle": Rolle.ADMINISTRATOR, "aktiv": True}]
    for login, name in [("mhuber", "Maria Huber"), ("fgruber", "Franz Gruber")]:
        if login != admin:
            users.append(
                {"login": login, "name": name, "rolle": Rolle.SACHBEARBEITER, "aktiv": True}
            )
    _bulk(conn, d.Benutzer, users)


def _vergabestellen(conn: Connection) -> dict[str | None, int]:
    _bulk(
        conn,
        d.Vergabestelle,
        [
            {
                "name": name,
                "gemeindekennziffer": gkz,
                "zuweisungsberechtigt": True,
                "bemerkung": None,
            }
            for name, gkz, _ort in VERGABESTELLEN
        ],
    )
    ids = {
        row.name: row.id for row in conn.execute(select(d.Vergabestelle.id, d.Vergabestelle.name))
    }
    return {ort: ids[name] for name, _gkz, ort in VERGABESTELLEN if ort}


def _richtsaetze(conn: Connection) -> None:
    _bulk(
        conn,
        d.Richtsatz,
        [
            {"gueltig_ab": ab, "zinssatz": Decimal(satz), "bemerkung": "Eckzinssatz Spareinlagen"}
            for ab, satz in RICHTSAETZE
        ],
    )


def _ausstattungsgruppen(conn: Connection) -> dict[str, int]:
    _bulk(
        conn,
        d.Ausstattungsgruppe,
        [{"name": name, "position": i} for i, name in enumerate(AUSSTATTUNGSGRUPPEN)],
    )
    ids = {
        row.name: row.id
        for row in conn.execute(select(d.Ausstattungsgruppe.id, d.Ausstattungsgruppe.name))
    }
    vorlage = conn.execute(
        insert(_table(d.Ausstattungsvorlage)).values(
            name="Standardwohnung", bemerkung="Grundausstattung geförderter Mietwohnungen"
        )
    ).inserted_primary_key
    assert vorlage is not None
    _bulk(
        conn,
        d.AusstattungsvorlagePosition,
        [
            {
                "vorlage_id": vorlage[0],
                "gruppe_id": ids[g],
                "bezeichnung": b,
                "raum": r,
                "menge": Decimal("1"),
                "mengeneinheit": "Stk",
                "position": i,
            }
            for i, (g, b, r, _e) in enumerate(AUSSTATTUNG_WOHNUNG[:6])
        ],
    )
    return ids
