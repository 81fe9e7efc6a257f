"""The OM side of the demo portfolio, added after the RW import with bulk inserts.

Everything here is data d+ OM owns: configuration and value lists, users,
Richtsätze, Vergabestellen, the OM fields of Einheiten and
Bestandsverhältnisse (Stiegenhaus assignment, Kategorie, Leerstand, marketing
data for Immomio), Kautionen, Zahlungsdaten, Flächenaufteilung, Ausstattung
and Schlüssel. Deterministic for a seed and a database filled by the same
RW export.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Connection, Table, insert, select

from omclient import domain as d
from omclient.domain.enums import Heizungsart, IndivEntitaet, IndivFeldTyp, Rolle, Zahlungsart
from omclient.rw.importer import insert_rows
from omclient.services.benutzer import os_login

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


def fill_om_data(conn: Connection, *, seed: int, stichtag: dt.date, small: bool) -> None:
    """Insert the OM-owned demo data into a database just filled by the RW import.

    ``small``: also Schlüssel and more Ausstattung (demos up to 20,000 units).
    """
    rng = random.Random(seed * 7919 + 17)
    _konfiguration(conn)
    vergabe = _vergabestellen(conn)
    _richtsaetze(conn)
    gruppen = _ausstattungsgruppen(conn)

    objekte = {
        row.id: row
        for row in conn.execute(
            select(d.Objekt.id, d.Objekt.ort, d.Objekt.bezugsdatum, d.Objekt.objekt_nr)
        )
    }
    stiegen = {
        (row.objekt_id, row.nummer): row.id
        for row in conn.execute(
            select(d.Stiegenhaus.id, d.Stiegenhaus.objekt_id, d.Stiegenhaus.nummer)
        )
    }
    veh = {
        (row.objekt_id, row.code): row.id
        for row in conn.execute(
            select(
                d.Verrechnungseinheit.id, d.Verrechnungseinheit.objekt_id, d.Sachbereich.code
            ).join(d.Sachbereich, d.Verrechnungseinheit.sachbereich_id == d.Sachbereich.id)
        )
    }
    # Tenancies per unit in order; the last one is current unless it has an Auszug.
    bvs: dict[int, list[Any]] = {}
    for row in conn.execute(
        select(
            d.Bestandsverhaeltnis.id,
            d.Bestandsverhaeltnis.einheit_id,
            d.Bestandsverhaeltnis.bezugsdatum,
            d.Bestandsverhaeltnis.auszugsdatum,
            d.Bestandsverhaeltnis.art,
        ).order_by(d.Bestandsverhaeltnis.einheit_id, d.Bestandsverhaeltnis.id)
    ):
        bvs.setdefault(row.einheit_id, []).append(row)
    grundmiete = {
        row.bestandsverhaeltnis_id: row.betrag_netto
        for row in conn.execute(
            select(d.Vorschreibung.bestandsverhaeltnis_id, d.Vorschreibung.betrag_netto).where(
                d.Vorschreibung.art == "Grundmiete",
                d.Vorschreibung.bestandsverhaeltnis_id.is_not(None),
            )
        )
    }

    einheit_updates: list[dict[str, Any]] = []
    markt_updates: list[dict[str, Any]] = []
    leer_updates: list[dict[str, Any]] = []
    kautionen: list[dict[str, Any]] = []
    zahlungen: list[dict[str, Any]] = []
    flaechen: list[dict[str, Any]] = []
    ausstattung: list[dict[str, Any]] = []
    schluessel: list[dict[str, Any]] = []
    veh_sum: dict[int, Decimal] = {}
    einheiten = conn.execute(
        select(
            d.Einheit.id,
            d.Einheit.objekt_id,
            d.Einheit.einheitsart,
            d.Einheit.typus,
            d.Einheit.nettonutzflaeche,
            d.Einheit.stiege,
            d.Einheit.aktiv,
            d.Einheit.mietzins_kategorie,
            d.Einheit.raeume,
            d.Einheit.erstbezug,
        ).order_by(d.Einheit.id)
    ).all()
    for e in einheiten:
        objekt = objekte[e.objekt_id]
        art = str(e.einheitsart.value if hasattr(e.einheitsart, "value") else e.einheitsart)
        wohnung = art == "Wohnung"
        flaeche = e.nettonutzflaeche or Decimal("0")
        kategorie = None
        if e.mietzins_kategorie and e.mietzins_kategorie.startswith("Kategorie "):
            kategorie = e.mietzins_kategorie[-1]
        elif wohnung:
            kategorie = rng.choice("AAABBC")
        vergabestelle = vergabe.get(objekt.ort) if wohnung and rng.random() < 0.35 else None
        einheit_updates.append(
            {
                "_id": e.id,
                "p_stiegenhaus_id": stiegen.get((e.objekt_id, e.stiege)) if e.stiege else None,
                "p_lage": rng.choice(["links", "rechts", "Mitte", "Hof", "Straße"])
                if wohnung
                else None,
                "p_kategorie": kategorie,
                "p_anzahl_raeume": e.raeume,
                "p_vergabestelle_id": vergabestelle,
                "p_finanzierung": rng.choice(
                    ["freifinanziert", "Wohnbauförderung", "Wohnbauförderung", "WBF Sanierung"]
                )
                if wohnung
                else None,
                "p_status_kz": rng.choice(["01", "01", "01", "02"]) if wohnung else None,
                "p_behindertengerecht": wohnung and rng.random() < 0.06,
                "p_altersgerecht": wohnung and rng.random() < 0.12,
                "p_datum_erstvermietung": e.erstbezug,
                "p_indiv_daten_1": f"FW-{rng.randint(100000, 999999)}"
                if wohnung and rng.random() < 0.3
                else None,
            }
        )
        for code in ("BK", "HK") if wohnung or art in ("Lokal", "Büro") else ("BK",):
            veh_id = veh.get((e.objekt_id, code))
            if veh_id is not None and flaeche > 0:
                flaechen.append(
                    {
                        "einheit_id": e.id,
                        "verrechnungseinheit_id": veh_id,
                        "flaeche": flaeche,
                        "anteil": Decimal("0"),
                        "gueltig_ab": e.erstbezug,
                    }
                )
                veh_sum[veh_id] = veh_sum.get(veh_id, Decimal("0")) + flaeche
        if wohnung:
            items = rng.sample(AUSSTATTUNG_WOHNUNG, k=4 if small else 2)
            for gruppe, bezeichnung, raum, einheit in items:
                menge = (
                    (flaeche * Decimal("0.3")).quantize(CENT)
                    if einheit == "m²"
                    else Decimal(rng.randint(1, 4))
                )
                ausstattung.append(
                    {
                        "einheit_id": e.id,
                        "gruppe_id": gruppen[gruppe],
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
        history = bvs.get(e.id, [])
        last = history[-1] if history else None
        current = last if last is not None and last.auszugsdatum is None else None
        if (
            current is None
            and e.aktiv
            and str(e.typus) in ("Miete", "Typus.MIETE")
            and last is not None
        ):
            grund, _kz = rng.choice(LEERSTANDSGRUENDE)
            leer_updates.append(
                {
                    "_id": last.id,
                    "p_leerstand_grund": grund,
                    "p_leerstand_kommentar": f"{grund} seit {last.auszugsdatum:%m/%Y}",
                }
            )
            if wohnung:
                markt_updates.append(_vermarktung(rng, e.id, stichtag, objekt.ort, flaeche))
        if current is not None and str(current.art) in ("Miete", "BvArt.MIETE"):
            bezug = current.bezugsdatum or objekt.bezugsdatum or stichtag
            if wohnung and rng.random() < 0.75:
                gm = grundmiete.get(current.id, Decimal("400"))
                blz, bic, bank = rng.choice(BANKEN)
                kautionen.append(
                    {
                        "bestandsverhaeltnis_id": current.id,
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
                zahlungen.append(
                    {
                        "bestandsverhaeltnis_id": current.id,
                        "zahlungsart": Zahlungsart.SEPA_LASTSCHRIFT,
                        "kontoinhaber": None,
                        "iban": _iban(rng, blz),
                        "bic": bic,
                        "bank": bank,
                        "mandatsreferenz": f"OM-{current.id:09d}",
                        "mandatsdatum": bezug,
                        "faelligkeitstag": 5,
                    }
                )
            else:
                zahlungen.append(
                    {
                        "bestandsverhaeltnis_id": current.id,
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
            if small and wohnung:
                schluessel.append(
                    {
                        "einheit_id": None,
                        "bestandsverhaeltnis_id": current.id,
                        "nummer": f"S-{e.id:06d}",
                        "art": "Wohnungsschlüssel",
                        "anzahl": rng.choice([2, 3, 3, 4]),
                        "ausgabedatum": bezug,
                        "rueckgabedatum": None,
                        "bemerkung": None,
                    }
                )
    for fl in flaechen:
        total = veh_sum[fl["verrechnungseinheit_id"]]
        fl["anteil"] = (fl["flaeche"] / total).quantize(Decimal("0.000001"))

    _update(conn, d.Einheit, einheit_updates)
    _update(conn, d.Einheit, markt_updates)
    _update(conn, d.Bestandsverhaeltnis, leer_updates)
    _bulk(conn, d.Kaution, kautionen)
    if kautionen:
        _update(
            conn,
            d.Bestandsverhaeltnis,
            [{"_id": k["bestandsverhaeltnis_id"], "p_kaution_aktiv": True} for k in kautionen],
        )
    _bulk(conn, d.Zahlungsdaten, zahlungen)
    _bulk(conn, d.Flaechenaufteilung, flaechen)
    _bulk(conn, d.Ausstattung, ausstattung)
    _bulk(conn, d.Schluessel, schluessel)


def _vermarktung(
    rng: random.Random, einheit_id: int, stichtag: dt.date, ort: str | None, flaeche: Decimal
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
        "_id": einheit_id,
        "p_verfuegbar_ab": stichtag + dt.timedelta(days=rng.randint(7, 90)),
        "p_heizungsart": rng.choice(list(Heizungsart)),
        "p_hwb_wert": hwb,
        "p_hwb_klasse": klasse,
        "p_fgee_wert": fgee,
        "p_fgee_klasse": fklasse,
        "p_energieausweis_gueltig_bis": D(stichtag.year + rng.randint(1, 9), 12, 31),
        "p_keller": rng.random() < 0.7,
        "p_einbaukueche": rng.random() < 0.5,
        "p_gegensprechanlage": rng.random() < 0.8,
        "p_gaeste_wc": flaeche > 80 and rng.random() < 0.5,
        "p_balkon": rng.random() < 0.45,
        "p_vermarktung_text": f"Helle Wohnung mit {flaeche} m² in {ort}, gute Anbindung an "
        "öffentliche Verkehrsmittel, Einkaufsmöglichkeiten in der Nähe.",
    }


def _update(conn: Connection, model: type[d.Base], rows: list[dict[str, Any]]) -> None:
    """``UPDATE … WHERE id = _id`` for each row (``p_<column>`` keys), through the driver.

    Each value passes its column type's bind processor, as SQLAlchemy would
    apply it; the statement is prepared once instead of per row.
    """
    if not rows:
        return
    table = _table(model)
    dialect = conn.dialect
    names = [k[2:] for k in rows[0] if k.startswith("p_")]
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer
    sql = (
        f"UPDATE {quote.format_table(table)} SET "
        + ", ".join(f"{quote.quote(n)} = {marker}" for n in names)
        + f" WHERE {quote.quote('id')} = {marker}"
    )
    processors = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
    keys = [f"p_{n}" for n in names]

    def params(row: dict[str, Any]) -> tuple[Any, ...]:
        values = [
            value if value is None or proc is None else proc(value)
            for value, proc in zip((row[k] for k in keys), processors, strict=True)
        ]
        values.append(row["_id"])
        return tuple(values)

    for start in range(0, len(rows), CHUNK):
        conn.exec_driver_sql(sql, [params(r) for r in rows[start : start + CHUNK]])


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
