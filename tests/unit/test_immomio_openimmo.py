"""OpenImmo 1.2.7b mapping: every checklist field, element order, required attributes."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from decimal import Decimal

import pytest
from lxml import etree

from omclient.domain.enums import Einheitsart, Heizungsart
from omclient.domain.enums import Vorschreibungsart as V
from omclient.immomio import openimmo
from omclient.immomio.einstellungen import ImmomioEinstellungen, MandantAnbieter
from omclient.immomio.leerstaende import Leerstand, Wohnungtyp, stockwerk_deuten
from omclient.immomio.openimmo import Aktion
from omclient.immomio.preise import position

# Sequences of the official openimmo_127b.xsd (only the elements this export can write
# need to be listed; the test checks the written children appear in this order).
XSD_ORDER = {
    "openimmo": ["uebertragung", "anbieter", "user_defined_simplefield"],
    "anbieter": [
        "anbieternr",
        "firma",
        "openimmo_anid",
        "lizenzkennung",
        "anhang",
        "immobilie",
        "impressum",
        "impressum_strukt",
        "user_defined_simplefield",
    ],
    "immobilie": [
        "objektkategorie",
        "geo",
        "kontaktperson",
        "weitere_adresse",
        "preise",
        "bieterverfahren",
        "versteigerung",
        "flaechen",
        "ausstattung",
        "zustand_angaben",
        "bewertung",
        "infrastruktur",
        "freitexte",
        "anhaenge",
        "verwaltung_objekt",
        "verwaltung_techn",
        "user_defined_simplefield",
        "user_defined_anyfield",
        "user_defined_extend",
    ],
    "objektkategorie": ["nutzungsart", "vermarktungsart", "objektart"],
    "geo": [
        "plz",
        "ort",
        "geokoordinaten",
        "strasse",
        "hausnummer",
        "bundesland",
        "land",
        "gemeindecode",
        "flur",
        "flurstueck",
        "gemarkung",
        "etage",
        "anzahl_etagen",
        "lage_im_bau",
        "wohnungsnr",
        "lage_gebiet",
        "regionaler_zusatz",
    ],
    "kontaktperson": [
        "email_zentrale",
        "email_direkt",
        "tel_zentrale",
        "tel_durchw",
        "tel_fax",
        "tel_handy",
        "name",
        "vorname",
        "titel",
        "anrede",
        "position",
        "anrede_brief",
        "firma",
        "zusatzfeld",
        "strasse",
        "hausnummer",
        "plz",
        "ort",
        "postfach",
        "postf_plz",
        "postf_ort",
        "land",
    ],
    "preise": [
        "kaufpreis",
        "kaufpreisnetto",
        "kaufpreisbrutto",
        "nettokaltmiete",
        "kaltmiete",
        "warmmiete",
        "nebenkosten",
        "heizkosten_enthalten",
        "heizkosten",
        "zzg_mehrwertsteuer",
        "mietzuschlaege",
        "hauptmietzinsnetto",
        "pauschalmiete",
        "betriebskostennetto",
        "evbnetto",
        "gesamtmietenetto",
        "gesamtmietebrutto",
        "gesamtbelastungnetto",
        "gesamtbelastungbrutto",
        "gesamtkostenprom2von",
        "heizkostennetto",
        "monatlichekostennetto",
        "monatlichekostenbrutto",
        "nebenkostenprom2von",
        "ruecklagenetto",
        "sonstigekostennetto",
        "sonstigemietenetto",
        "summemietenetto",
        "nettomieteprom2von",
        "pacht",
        "erbpacht",
        "hausgeld",
        "abstand",
        "preis_zeitraum_von",
        "preis_zeitraum_bis",
        "preis_zeiteinheit",
        "mietpreis_pro_qm",
        "kaufpreis_pro_qm",
        "provisionspflichtig",
        "provision_teilen",
        "innen_courtage",
        "aussen_courtage",
        "courtage_hinweis",
        "provisionnetto",
        "provisionbrutto",
        "waehrung",
        "mwst_satz",
        "mwst_gesamt",
        "stp_carport",
        "stp_duplex",
        "stp_freiplatz",
        "stp_garage",
        "stp_parkhaus",
        "stp_tiefgarage",
        "stp_sonstige",
    ],
    "flaechen": [
        "wohnflaeche",
        "nutzflaeche",
        "gesamtflaeche",
        "ladenflaeche",
        "lagerflaeche",
        "verkaufsflaeche",
        "freiflaeche",
        "bueroflaeche",
        "bueroteilflaeche",
        "fensterfront",
        "verwaltungsflaeche",
        "gastroflaeche",
        "grz",
        "gfz",
        "bmz",
        "bgf",
        "grundstuecksflaeche",
        "sonstflaeche",
        "anzahl_zimmer",
        "anzahl_schlafzimmer",
        "anzahl_badezimmer",
        "anzahl_sep_wc",
        "anzahl_balkone",
        "anzahl_terrassen",
        "anzahl_logia",
        "balkon_terrasse_flaeche",
        "anzahl_wohn_schlafzimmer",
        "gartenflaeche",
        "kellerflaeche",
        "fensterfront_qm",
        "grundstuecksfront",
        "dachbodenflaeche",
        "teilbar_ab",
        "beheizbare_flaeche",
        "anzahl_stellplaetze",
    ],
    "ausstattung": [
        "ausstatt_kategorie",
        "wg_geeignet",
        "raeume_veraenderbar",
        "bad",
        "kueche",
        "boden",
        "kamin",
        "heizungsart",
        "befeuerung",
        "klimatisiert",
        "fahrstuhl",
        "stellplatzart",
        "gartennutzung",
        "ausricht_balkon_terrasse",
        "moebliert",
        "rollstuhlgerecht",
        "kabel_sat_tv",
        "dvbt",
        "barrierefrei",
        "sauna",
        "swimmingpool",
        "wasch_trockenraum",
        "wintergarten",
        "dv_verkabelung",
        "rampe",
        "hebebuehne",
        "kran",
        "gastterrasse",
        "stromanschlusswert",
        "kantine_cafeteria",
        "teekueche",
        "hallenhoehe",
        "angeschl_gastronomie",
        "brauereibindung",
        "sporteinrichtungen",
        "wellnessbereich",
        "serviceleistungen",
        "telefon_ferienimmobilie",
        "breitband_zugang",
        "umts_empfang",
        "sicherheitstechnik",
        "unterkellert",
        "abstellraum",
        "fahrradraum",
        "rolladen",
        "dachform",
        "bauweise",
        "ausbaustufe",
        "energietyp",
        "bibliothek",
        "dachboden",
        "gaestewc",
        "kabelkanaele",
        "seniorengerecht",
    ],
    "zustand_angaben": [
        "baujahr",
        "letztemodernisierung",
        "zustand",
        "alter",
        "bebaubar_nach",
        "erschliessung",
        "erschliessung_umfang",
        "bauzone",
        "altlasten",
        "energiepass",
        "verkaufstatus",
    ],
    "energiepass": [
        "epart",
        "gueltig_bis",
        "energieverbrauchkennwert",
        "mitwarmwasser",
        "endenergiebedarf",
        "primaerenergietraeger",
        "stromwert",
        "waermewert",
        "wertklasse",
        "baujahr",
        "ausstelldatum",
        "jahrgang",
        "gebaeudeart",
        "epasstext",
        "geg2018",
        "hwbwert",
        "hwbklasse",
        "fgeewert",
        "fgeeklasse",
    ],
    "freitexte": [
        "objekttitel",
        "dreizeiler",
        "lage",
        "ausstatt_beschr",
        "objektbeschreibung",
        "sonstige_angaben",
    ],
    "verwaltung_objekt": [
        "objektadresse_freigeben",
        "verfuegbar_ab",
        "abdatum",
        "bisdatum",
        "min_mietdauer",
        "max_mietdauer",
        "versteigerungstermin",
        "wbs_sozialwohnung",
        "vermietet",
    ],
    "verwaltung_techn": [
        "objektnr_intern",
        "objektnr_extern",
        "aktion",
        "aktiv_von",
        "aktiv_bis",
        "openimmo_obid",
        "kennung_ursprung",
        "stand_vom",
        "weitergabe_generell",
    ],
}
REQUIRED_CHILDREN = {
    "openimmo": ["uebertragung", "anbieter"],
    "anbieter": ["firma", "openimmo_anid"],
    "immobilie": ["objektkategorie", "geo", "kontaktperson", "verwaltung_techn"],
    "objektkategorie": ["nutzungsart", "vermarktungsart", "objektart"],
    "geo": ["plz"],
    "kontaktperson": ["name"],
    "verwaltung_techn": ["objektnr_extern", "aktion", "openimmo_obid", "stand_vom"],
}
# kontaktperson starts with a choice: one of these must come first.
KONTAKT_WEGE = {
    "email_zentrale",
    "email_direkt",
    "tel_zentrale",
    "tel_durchw",
    "tel_fax",
    "tel_handy",
}
REQUIRED_ATTRIBUTES = {
    "uebertragung": ["art", "umfang", "version", "sendersoftware", "senderversion"],
    "nutzungsart": ["WOHNEN", "GEWERBE"],
    "vermarktungsart": ["KAUF", "MIETE_PACHT"],
    "user_defined_simplefield": ["feldname"],
}

SETTINGS = ImmomioEinstellungen(
    transport="https",
    url="https://api.example.test",
    benutzer="api",
    separator="-",
    mandanten=("01",),
    anbieter_firma="Gemeinnützige Wohnbau Donau GmbH",
    anbieternr="WBD-1",
    openimmo_anid="ANID-WBD",
)
NOW = dt.datetime(2026, 11, 23, 10, 30)


def leerstand(**changes: object) -> Leerstand:
    data: dict[str, object] = dict(
        einheit_id=4,
        externe_id="01-1010-0004",
        mandant_nr="01",
        mandant_name="Gemeinnützige Wohnbau Donau GmbH",
        mandant_email="office@wohnbau-donau.at",
        mandant_telefon="+43 1 2345678",
        kontakt_email="vermietung@wohnbau-donau.at",
        kontakt_telefon="+43 1 2345678-10",
        objekt_nr="1010",
        objekt_bezeichnung="Wohnanlage Donaufeld",
        einheit_nr="0004",
        top_nr="4",
        einheitsart=Einheitsart.WOHNUNG,
        strasse="Donaufelder Straße",
        hausnummer="101",
        plz="1210",
        ort="Wien",
        land="AUT",
        stockwerk="3. OG",
        etage=3,
        raeume=3,
        flaeche=Decimal("71.80"),
        baujahr=1997,
        verfuegbar_ab=dt.date(2026, 12, 1),
        wohnungtyp=Wohnungtyp.ETAGE,
        kosten=(
            position(V.GRUNDMIETE, Decimal("610.00"), Decimal("10")),
            position(V.BETRIEBSKOSTEN, Decimal("152.00"), Decimal("10")),
            position(V.HEIZKOSTEN, Decimal("65.00"), Decimal("20")),
        ),
        keller=True,
        einbaukueche=True,
        gegensprechanlage=True,
        aufzug=True,
        fahrradraum=True,
        gaeste_wc=True,
        heizungsart=Heizungsart.ZENTRAL,
        hwb_wert=Decimal("45.30"),
        hwb_klasse="B",
        fgee_wert=Decimal("0.85"),
        fgee_klasse="A",
    )
    data.update(changes)
    return Leerstand.model_validate(data)


def build(*objekte: tuple[Leerstand, Aktion], voll: bool = False) -> etree._Element:
    root = openimmo.dokument(
        [openimmo.Objekt(leerstand=ls, aktion=a) for ls, a in objekte], SETTINGS, NOW, voll=voll
    )
    # Parse the serialised bytes: what the receiver sees.
    return etree.fromstring(openimmo.xml_bytes(root))


def one(ls: Leerstand | None = None, aktion: Aktion = Aktion.NEU) -> etree._Element:
    return build((ls or leerstand(), aktion)).find("anbieter/immobilie")


def text(element: etree._Element, path: str) -> str | None:
    found = element.find(path)
    return found.text if found is not None else None


ERD, ETAGE, DACH, SOUT = (
    Wohnungtyp.ERDGESCHOSS,
    Wohnungtyp.ETAGE,
    Wohnungtyp.DACHGESCHOSS,
    Wohnungtyp.SOUTERRAIN,
)


@pytest.mark.parametrize(
    ("stockwerk", "erwartet"),
    [
        ("EG", (0, ERD)),
        ("Erdgeschoss", (0, ERD)),
        ("Erdgeschoß", (0, ERD)),
        ("ERDGESCHOSS", (0, ERD)),
        ("Hochparterre", (0, ERD)),
        ("Parterre", (0, ERD)),
        ("Mezzanin", (1, ETAGE)),
        ("Souterrain", (-1, SOUT)),
        ("1. OG", (1, ETAGE)),
        ("1.OG", (1, ETAGE)),
        ("3. Stock", (3, ETAGE)),
        ("12. Obergeschoß", (12, ETAGE)),
        ("4. Etage", (4, ETAGE)),
        ("DG", (None, DACH)),
        ("Dachgeschoß", (None, DACH)),
        ("2. DG", (None, DACH)),
        ("KG", (-1, SOUT)),
        ("Keller", (-1, SOUT)),
        ("UG", (-1, SOUT)),
        ("1. UG", (-1, SOUT)),
        ("2. UG", (-2, SOUT)),
        ("3. Untergeschoss", (-3, SOUT)),
        ("0", (0, ERD)),
        ("", (None, None)),
        (None, (None, None)),
        ("Top 12, 4. Etage", None),
        ("Galerie", None),
        ("Zwischenstock", None),
    ],
)
def test_floor_names(
    stockwerk: str | None, erwartet: tuple[int | None, Wohnungtyp | None] | None
) -> None:
    assert stockwerk_deuten(stockwerk) == erwartet


def test_uebertragung_carries_required_attributes() -> None:
    root = build((leerstand(), Aktion.NEU))
    ueb = root.find("uebertragung")
    assert ueb.get("art") == "ONLINE"
    assert ueb.get("umfang") == "TEIL"
    assert ueb.get("modus") == "CHANGE"
    assert ueb.get("version") == "1.2.7b"
    assert ueb.get("sendersoftware") == "omclient"
    assert ueb.get("senderversion")
    voll = build((leerstand(), Aktion.NEU), voll=True).find("uebertragung")
    assert (voll.get("umfang"), voll.get("modus")) == ("VOLL", "NEW")


def test_anbieter_data() -> None:
    anbieter = build((leerstand(), Aktion.NEU)).find("anbieter")
    assert [c.tag for c in anbieter][:3] == ["anbieternr", "firma", "openimmo_anid"]
    assert text(anbieter, "firma") == "Gemeinnützige Wohnbau Donau GmbH"
    assert text(anbieter, "openimmo_anid") == "ANID-WBD"
    assert text(anbieter, "anbieternr") == "WBD-1"


@pytest.mark.parametrize(
    ("art", "wohnen", "gewerbe", "objektart", "attr"),
    [
        (Einheitsart.WOHNUNG, "true", "false", "wohnung", ("wohnungtyp", "ETAGE")),
        (Einheitsart.LOKAL, "false", "true", "einzelhandel", ("handel_typ", "LADENLOKAL")),
        (Einheitsart.BUERO, "false", "true", "buero_praxen", ("buero_typ", "BUEROFLAECHE")),
        (Einheitsart.LAGER, "false", "true", "hallen_lager_prod", ("hallen_typ", "LAGER")),
        (Einheitsart.GARAGE, "false", "false", "parken", ("parken_typ", "EINZELGARAGE")),
        (Einheitsart.PARKPLATZ, "false", "false", "parken", ("parken_typ", "STELLPLATZ")),
        (
            Einheitsart.KELLER,
            "false",
            "false",
            "hallen_lager_prod",
            ("hallen_typ", "LAGERFLAECHEN"),
        ),
        (
            Einheitsart.DACHBODEN,
            "false",
            "false",
            "hallen_lager_prod",
            ("hallen_typ", "LAGERFLAECHEN"),
        ),
    ],
)
def test_einheitstyp(
    art: Einheitsart, wohnen: str, gewerbe: str, objektart: str, attr: tuple[str, str]
) -> None:
    im = one(leerstand(einheitsart=art))
    nutzung = im.find("objektkategorie/nutzungsart")
    assert (nutzung.get("WOHNEN"), nutzung.get("GEWERBE")) == (wohnen, gewerbe)
    vermarktung = im.find("objektkategorie/vermarktungsart")
    assert (vermarktung.get("MIETE_PACHT"), vermarktung.get("KAUF")) == ("true", "false")
    [element] = list(im.find("objektkategorie/objektart"))
    assert element.tag == objektart
    assert element.get(attr[0]) == attr[1]


@pytest.mark.parametrize(
    ("typ", "attribut"),
    [(ERD, "ERDGESCHOSS"), (DACH, "DACHGESCHOSS"), (SOUT, "SOUTERRAIN"), (None, None)],
)
def test_wohnungstyp_follows_floor(typ: Wohnungtyp | None, attribut: str | None) -> None:
    wohnung = one(leerstand(wohnungtyp=typ)).find("objektkategorie/objektart/wohnung")
    assert wohnung.get("wohnungtyp") == attribut


def test_unknown_floor_is_reported_not_guessed() -> None:
    ls = leerstand(stockwerk="Zwischenstock", etage=None, wohnungtyp=None, stockwerk_unbekannt=True)
    assert "Etage (Stockwerk „Zwischenstock“ unbekannt)" in ls.fehlende_felder()
    assert one(ls).find("geo/etage") is None
    # A Dachgeschoss has no number, but it is a known floor: nothing missing.
    assert not any(
        f.startswith("Etage")
        for f in leerstand(stockwerk="DG", etage=None, wohnungtyp=DACH).fehlende_felder()
    )


def test_adresse_and_details() -> None:
    im = one()
    assert text(im, "geo/plz") == "1210"
    assert text(im, "geo/ort") == "Wien"
    assert text(im, "geo/strasse") == "Donaufelder Straße"
    assert text(im, "geo/hausnummer") == "101"
    assert im.find("geo/land").get("iso_land") == "AUT"
    assert text(im, "geo/etage") == "3"
    assert text(im, "geo/wohnungsnr") == "4"
    assert text(im, "verwaltung_techn/objektnr_extern") == "01-1010-0004"
    assert text(im, "flaechen/anzahl_zimmer") == "3"
    assert text(im, "flaechen/wohnflaeche") == "71.80"
    assert text(im, "zustand_angaben/baujahr") == "1997"
    assert text(im, "verwaltung_objekt/verfuegbar_ab") == "01.12.2026"
    assert text(im, "verwaltung_objekt/abdatum") == "2026-12-01"


def test_german_address_and_business_area() -> None:
    im = one(leerstand(land="DEU", einheitsart=Einheitsart.LOKAL, raeume=None))
    assert im.find("geo/land").get("iso_land") == "DEU"
    assert text(im, "flaechen/nutzflaeche") == "71.80"
    assert im.find("flaechen/wohnflaeche") is None
    assert im.find("flaechen/anzahl_zimmer") is None


def test_no_date_means_sofort() -> None:
    im = one(leerstand(verfuegbar_ab=None))
    assert text(im, "verwaltung_objekt/verfuegbar_ab") == "sofort"
    assert im.find("verwaltung_objekt/abdatum") is None


def test_kosten_austrian_and_general_price_elements() -> None:
    preise = one().find("preise")
    assert text(preise, "hauptmietzinsnetto") == "610.00"
    assert preise.find("hauptmietzinsnetto").get("hauptmietzinsust") == "10.00"
    assert text(preise, "betriebskostennetto") == "152.00"
    assert preise.find("betriebskostennetto").get("betriebskostenust") == "10.00"
    assert text(preise, "heizkostennetto") == "65.00"
    assert preise.find("heizkostennetto").get("heizkostenust") == "20.00"
    assert text(preise, "gesamtmietenetto") == "827.00"
    # 610,00 + 61,00 + 152,00 + 15,20 + 65,00 + 13,00
    assert text(preise, "gesamtmietebrutto") == "916.20"
    assert text(preise, "mwst_gesamt") == "89.20"
    assert text(preise, "nettokaltmiete") == "610.00"
    assert text(preise, "kaltmiete") == "762.00"
    assert text(preise, "warmmiete") == "827.00"
    assert text(preise, "nebenkosten") == "152.00"
    assert text(preise, "heizkosten") == "65.00"
    assert preise.find("waehrung").get("iso_waehrung") == "EUR"


def _preise(einheitsart: Einheitsart, *kosten: tuple[V, str, str]) -> etree._Element:
    ls = leerstand(
        einheitsart=einheitsart,
        kosten=tuple(position(art, Decimal(n), Decimal(r)) for art, n, r in kosten),
    )
    return one(ls).find("preise")


def _betrag(preise: etree._Element, tag: str) -> tuple[str | None, str | None]:
    element = preise.find(tag)
    if element is None:
        return None, None
    rate = next(iter(element.attrib.values()), None)
    return element.text, rate


def test_prices_wohnung_hand_calculated() -> None:
    preise = _preise(
        Einheitsart.WOHNUNG,
        (V.GRUNDMIETE, "610.00", "10"),  # USt 61,00
        (V.BETRIEBSKOSTEN, "152.00", "10"),  # USt 15,20
        (V.HEIZKOSTEN, "48.35", "20"),  # USt 9,67
        (V.WARMWASSER, "16.65", "20"),  # USt 3,33
        (V.LIFT, "12.45", "10"),  # USt 1,245 → 1,25 (half-up, not 1,24)
        (V.EVB, "35.95", "10"),  # USt 3,595 → 3,60
    )
    assert _betrag(preise, "hauptmietzinsnetto") == ("610.00", "10.00")
    # Betriebskosten with the Lift: 152,00 + 12,45
    assert _betrag(preise, "betriebskostennetto") == ("164.45", "10.00")
    assert _betrag(preise, "evbnetto") == ("35.95", "10.00")
    # Heizung and Warmwasser: 48,35 + 16,65
    assert _betrag(preise, "heizkostennetto") == ("65.00", "20.00")
    assert text(preise, "gesamtmietenetto") == "875.40"
    # 61,00 + 15,20 + 9,67 + 3,33 + 1,25 + 3,60 = 94,05 (unrounded 94,035 … would give 94,04)
    assert text(preise, "mwst_gesamt") == "94.05"
    # 671,00 + 167,20 + 58,02 + 19,98 + 13,70 + 39,55
    assert text(preise, "gesamtmietebrutto") == "969.45"
    assert preise.find("stp_garage") is None and preise.find("stp_sonstige") is None


def test_prices_geschaeftslokal_hand_calculated() -> None:
    preise = _preise(
        Einheitsart.LOKAL,
        (V.GRUNDMIETE, "1234.56", "20"),  # USt 246,912 → 246,91
        (V.BETRIEBSKOSTEN, "187.43", "20"),  # USt 37,486 → 37,49
        (V.HEIZKOSTEN, "95.18", "20"),  # USt 19,036 → 19,04
    )
    assert _betrag(preise, "hauptmietzinsnetto") == ("1234.56", "20.00")
    assert text(preise, "gesamtmietenetto") == "1517.17"
    assert text(preise, "mwst_gesamt") == "303.44"
    # 1.481,47 + 224,92 + 114,22 (one rounding of the total would give 1.820,60)
    assert text(preise, "gesamtmietebrutto") == "1820.61"


def test_prices_garage_hand_calculated() -> None:
    preise = _preise(
        Einheitsart.GARAGE,
        (V.BETRIEBSKOSTEN, "15.55", "20"),  # USt 3,11
        (V.STELLPLATZ, "71.27", "20"),  # USt 14,254 → 14,25
    )
    # The Stellplatz charge is the rent of a garage: sent as a price, not only in a total.
    assert text(preise, "nettokaltmiete") == "71.27"
    assert _betrag(preise, "hauptmietzinsnetto") == ("71.27", "20.00")
    assert _betrag(preise, "betriebskostennetto") == ("15.55", "20.00")
    assert preise.find("sonstigemietenetto") is None
    assert text(preise, "gesamtmietenetto") == "86.82"
    # 85,52 + 18,66
    assert text(preise, "gesamtmietebrutto") == "104.18"
    assert preise.find("stp_garage").attrib == {"stellplatzmiete": "104.18", "anzahl": "1"}


def test_prices_stellplatz_hand_calculated() -> None:
    preise = _preise(
        Einheitsart.PARKPLATZ,
        (V.BETRIEBSKOSTEN, "8.45", "20"),  # USt 1,69
        (V.STELLPLATZ, "45.83", "20"),  # USt 9,166 → 9,17
    )
    assert text(preise, "nettokaltmiete") == "45.83"
    assert text(preise, "gesamtmietenetto") == "54.28"
    # 55,00 + 10,14
    assert text(preise, "gesamtmietebrutto") == "65.14"
    assert preise.find("stp_freiplatz").get("stellplatzmiete") == "65.14"


def test_stellplatz_on_a_flat_is_a_supplementary_rent() -> None:
    preise = _preise(
        Einheitsart.WOHNUNG,
        (V.GRUNDMIETE, "500.00", "10"),  # USt 50,00
        (V.STELLPLATZ, "40.00", "20"),  # USt 8,00
    )
    assert _betrag(preise, "sonstigemietenetto") == ("40.00", "20.00")
    assert text(preise, "nettokaltmiete") == "500.00"
    assert text(preise, "gesamtmietebrutto") == "598.00"
    assert preise.find("stp_sonstige").get("stellplatzmiete") == "48.00"


def test_mixed_rates_in_one_element_leave_the_rate_out_but_not_the_money() -> None:
    preise = _preise(
        Einheitsart.WOHNUNG,
        (V.GRUNDMIETE, "500.00", "10"),
        (V.HEIZKOSTEN, "50.00", "20"),  # USt 10,00
        (V.WARMWASSER, "20.00", "10"),  # USt 2,00 (an administrator chose 10 %)
    )
    assert _betrag(preise, "heizkostennetto") == ("70.00", None)
    assert text(preise, "gesamtmietebrutto") == "632.00"


def test_ausstattung() -> None:
    im = one()
    aus = im.find("ausstattung")
    assert aus.find("unterkellert").get("keller") == "JA"
    assert aus.find("kueche").get("EBK") == "true"
    assert aus.find("fahrstuhl").get("PERSONEN") == "true"
    assert text(aus, "fahrradraum") == "true"
    assert text(aus, "gaestewc") == "true"
    [gegensprech] = im.findall("user_defined_simplefield")
    assert (gegensprech.get("feldname"), gegensprech.text) == ("gegensprechanlage", "true")


def test_ausstattung_absent_is_not_claimed() -> None:
    im = one(
        leerstand(
            keller=False,
            einbaukueche=False,
            aufzug=False,
            fahrradraum=False,
            gaeste_wc=False,
            gegensprechanlage=False,
        )
    )
    aus = im.find("ausstattung")
    for tag in ("unterkellert", "kueche", "fahrstuhl", "fahrradraum", "gaestewc"):
        assert aus.find(tag) is None
    assert im.find("user_defined_simplefield") is None


@pytest.mark.parametrize(
    ("heizung", "attribut"),
    [
        (Heizungsart.ZENTRAL, "ZENTRAL"),
        (Heizungsart.ETAGE, "ETAGE"),
        (Heizungsart.FERN, "FERN"),
        (Heizungsart.OFEN, "OFEN"),
        (Heizungsart.FUSSBODEN, "FUSSBODEN"),
    ],
)
def test_heizungsart(heizung: Heizungsart, attribut: str) -> None:
    element = one(leerstand(heizungsart=heizung)).find("ausstattung/heizungsart")
    assert element.attrib == {attribut: "true"}


def test_energiepass_austrian_values() -> None:
    ep = one(leerstand(energieausweis_gueltig_bis=dt.date(2031, 5, 1))).find(
        "zustand_angaben/energiepass"
    )
    assert text(ep, "hwbwert") == "45.30"
    assert text(ep, "hwbklasse") == "B"
    assert text(ep, "fgeewert") == "0.85"
    assert text(ep, "fgeeklasse") == "A"
    assert text(ep, "gueltig_bis") == "2031-05-01"


def test_kontaktperson() -> None:
    kp = one().find("kontaktperson")
    assert [c.tag for c in kp][:3] == ["email_zentrale", "tel_zentrale", "name"]
    assert text(kp, "email_zentrale") == "vermietung@wohnbau-donau.at"
    assert text(kp, "name") == "Gemeinnützige Wohnbau Donau GmbH"


def test_kontaktperson_without_any_contact_stays_valid_and_is_named_missing() -> None:
    ls = leerstand(kontakt_email=None, kontakt_telefon=None)
    kp = one(ls).find("kontaktperson")
    assert kp[0].tag == "email_zentrale" and not kp[0].text
    assert "Kontakt (E-Mail oder Telefon)" in ls.fehlende_felder()
    only_phone = one(leerstand(kontakt_email=None)).find("kontaktperson")
    assert only_phone[0].tag == "tel_zentrale"


def test_verwaltung_techn_and_aktion() -> None:
    neu = one(aktion=Aktion.NEU).find("verwaltung_techn")
    assert neu.find("aktion").get("aktionart") is None
    assert text(neu, "openimmo_obid") == "01-1010-0004"
    assert text(neu, "stand_vom") == "2026-11-23"
    change = one(aktion=Aktion.AENDERN).find("verwaltung_techn/aktion")
    assert change.get("aktionart") == "CHANGE"
    delete = one(aktion=Aktion.LOESCHEN)
    assert delete.find("verwaltung_techn/aktion").get("aktionart") == "DELETE"
    assert delete.find("preise") is None


def _check_order(element: etree._Element, problems: list[str]) -> None:
    order = XSD_ORDER.get(element.tag)
    if order is not None:
        tags = [c.tag for c in element]
        unknown = [t for t in tags if t not in order]
        if unknown:
            problems.append(f"{element.tag}: unbekannte Kinder {unknown}")
        positions = [order.index(t) for t in tags if t in order]
        if positions != sorted(positions):
            problems.append(f"{element.tag}: Reihenfolge {tags}")
    if element.tag == "kontaktperson" and (not len(element) or element[0].tag not in KONTAKT_WEGE):
        problems.append("kontaktperson: beginnt nicht mit E-Mail oder Telefon")
    for child in REQUIRED_CHILDREN.get(element.tag, []):
        if element.find(child) is None:
            problems.append(f"{element.tag}: Pflichtelement {child} fehlt")
    for attr in REQUIRED_ATTRIBUTES.get(element.tag, []):
        if not element.get(attr):
            problems.append(f"{element.tag}: Pflichtattribut {attr} fehlt")
    for child in element:
        _check_order(child, problems)


ALLE_POSITIONEN = tuple(position(art, Decimal("10.05"), Decimal("20")) for art in V)


@pytest.mark.parametrize("art", list(Einheitsart))
@pytest.mark.parametrize("aktion", list(Aktion))
def test_element_order_and_required_parts(art: Einheitsart, aktion: Aktion) -> None:
    root = build(
        (leerstand(einheitsart=art, kosten=ALLE_POSITIONEN), aktion),
        (
            leerstand(
                einheit_id=5,
                externe_id="01-1010-0005",
                kosten=(),
                hwb_wert=None,
                hwb_klasse=None,
                fgee_wert=None,
                fgee_klasse=None,
                raeume=None,
                etage=None,
                kontakt_email=None,
            ),
            Aktion.NEU,
        ),
        (
            leerstand(
                einheit_id=6, externe_id="01-1010-0006", kontakt_email=None, kontakt_telefon=None
            ),
            Aktion.NEU,
        ),
    )
    problems: list[str] = []
    _check_order(root, problems)
    assert problems == []


def test_zip_package_holds_the_xml() -> None:
    xml = openimmo.xml_bytes(
        openimmo.dokument([openimmo.Objekt(leerstand(), Aktion.NEU)], SETTINGS, NOW)
    )
    data = openimmo.zip_paket(xml, "omclient_000001_0001")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["omclient_000001_0001.xml"]
        assert archive.read("omclient_000001_0001.xml") == xml
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")


@pytest.mark.skipif(
    not os.environ.get("OPENIMMO_XSD"), reason="OPENIMMO_XSD zeigt auf kein offizielles Schema"
)
@pytest.mark.parametrize("art", list(Einheitsart))
def test_export_validates_against_official_xsd(art: Einheitsart) -> None:
    xml = openimmo.xml_bytes(
        openimmo.dokument(
            [
                openimmo.Objekt(leerstand(einheitsart=art, kosten=ALLE_POSITIONEN), Aktion.NEU),
                openimmo.Objekt(
                    leerstand(
                        einheit_id=8,
                        externe_id="02-2010-0008",
                        mandant_nr="02",
                        wohnungtyp=None,
                        einheitsart=art,
                    ),
                    Aktion.NEU,
                ),
                openimmo.Objekt(
                    leerstand(einheit_id=9, externe_id="01-1010-0009"), Aktion.LOESCHEN
                ),
            ],
            SETTINGS,
            NOW,
        )
    )
    assert openimmo.validieren(xml, os.environ["OPENIMMO_XSD"]) == []


def test_one_anbieter_per_mandant() -> None:
    settings = SETTINGS.model_copy(
        update={
            "mandanten": ("01", "02"),
            "anbieter": (
                MandantAnbieter(mandant_nr="01", firma="Wohnbau Donau", openimmo_anid="ANID-1"),
                MandantAnbieter(
                    mandant_nr="02", firma="Siedlung Enns", anbieternr="SE-7", openimmo_anid="A2"
                ),
            ),
        }
    )
    objekte = [
        openimmo.Objekt(leerstand(), Aktion.NEU),
        openimmo.Objekt(leerstand(einheit_id=7, externe_id="02-3-1", mandant_nr="02"), Aktion.NEU),
        openimmo.Objekt(leerstand(einheit_id=8, externe_id="01-1010-8"), Aktion.NEU),
    ]
    root = etree.fromstring(openimmo.xml_bytes(openimmo.dokument(objekte, settings, NOW)))
    anbieter = root.findall("anbieter")
    assert [(text(a, "firma"), text(a, "openimmo_anid")) for a in anbieter] == [
        ("Wohnbau Donau", "ANID-1"),
        ("Siedlung Enns", "A2"),
    ]
    assert text(anbieter[1], "anbieternr") == "SE-7"
    assert [text(i, "verwaltung_techn/objektnr_extern") for i in anbieter[0]] == [
        None,
        None,
        "01-1010-0004",
        "01-1010-8",
    ]


def test_objektnr_intern_is_the_composite_key() -> None:
    vt = one(leerstand(externe_id="01|1010|0004")).find("verwaltung_techn")
    assert text(vt, "objektnr_intern") == "01|1010|0004"


def test_mrg_kategorie_is_no_quality_level() -> None:
    for kategorie in "ABCD":
        assert one(leerstand(kategorie=kategorie)).find("ausstattung/ausstatt_kategorie") is None


@pytest.mark.parametrize(
    ("heizung", "heizungsart", "befeuerung"),
    [
        (Heizungsart.FERN, {"FERN": "true"}, {"FERN": "true"}),
        (Heizungsart.ZENTRAL, {"ZENTRAL": "true"}, None),
        (Heizungsart.WAERMEPUMPE, None, None),
    ],
)
def test_heating_and_firing_exact_or_left_out(
    heizung: Heizungsart, heizungsart: dict[str, str] | None, befeuerung: dict[str, str] | None
) -> None:
    aus = one(leerstand(heizungsart=heizung)).find("ausstattung")
    art, feuer = aus.find("heizungsart"), aus.find("befeuerung")
    assert (dict(art.attrib) if art is not None else None) == heizungsart
    assert (dict(feuer.attrib) if feuer is not None else None) == befeuerung
