"""OpenImmo 1.2.7b documents of Leerstände (lxml).

Element order and required elements/attributes follow the official
``openimmo_127b.xsd``: ``openimmo`` = ``uebertragung`` (attributes art, umfang,
modus, version, sendersoftware, senderversion, timestamp) + one ``anbieter``
per Mandant (anbieternr, firma, openimmo_anid, immobilie*); ``immobilie`` = objektkategorie,
geo, kontaktperson, preise, flaechen, ausstattung, zustand_angaben, freitexte,
verwaltung_objekt, verwaltung_techn, user_defined_simplefield*. Empty optional
elements are left out.

Checklist mapping (Immomio/Aareon Connect):

* Einheitstyp: Wohnung → WOHNEN + ``wohnung`` (wohnungtyp from the floor name);
  Lokal → GEWERBE + ``einzelhandel``; Büro → GEWERBE + ``buero_praxen``; Lager →
  GEWERBE + ``hallen_lager_prod`` LAGER; Garage/Parkplatz → neither + ``parken``;
  Keller-/Dachbodenabteil → neither + ``hallen_lager_prod`` LAGERFLAECHEN.
  Always MIETE_PACHT.
* Adresse/Details: geo plz, ort, strasse, hausnummer, land (ISO AUT/DEU), etage,
  wohnungsnr (= Top); Objekt ID = ``objektnr_extern`` = ``objektnr_intern`` =
  ``openimmo_obid`` (the composite key); flaechen anzahl_zimmer,
  wohnflaeche/nutzflaeche; zustand_angaben baujahr; verwaltung_objekt verfuegbar_ab.
* Kosten (see :mod:`omclient.immomio.preise`): Austrian hauptmietzinsnetto,
  betriebskostennetto (with Lift), evbnetto, heizkostennetto (with
  Warmwasser), sonstigekostennetto, sonstigemietenetto (a Stellplatz on a flat),
  each with its USt attribute; gesamtmietenetto/-brutto and mwst_gesamt as sums
  of the rounded positions; the general nettokaltmiete, kaltmiete, warmmiete,
  nebenkosten, heizkosten; a Garage/Stellplatz's gross rent in stp_garage/
  stp_freiplatz, a Stellplatz on a flat in stp_sonstige.
* Ausstattung: Keller → unterkellert, Einbauküche → kueche EBK, Aufzug →
  fahrstuhl, Fahrradraum → fahrradraum, Gäste-WC → gaestewc; Gegensprechanlage
  has no OpenImmo element and goes into ``user_defined_simplefield``.
* Energie: heizungsart (ZENTRAL, ETAGE, FERN, OFEN, FUSSBODEN; a Wärmepumpe has
  none), befeuerung only FERN for Fernwärme, energiepass with the Austrian
  hwbwert/hwbklasse/fgeewert/fgeeklasse. The MRG Kategorie is not sent.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from lxml import etree

from omclient import __version__
from omclient.domain.enums import Einheitsart, Heizungsart, Vorschreibungsart
from omclient.immomio.einstellungen import ImmomioEinstellungen, MandantAnbieter
from omclient.immomio.leerstaende import GEWERBE, PARKEN, WOHNEN, Leerstand
from omclient.immomio.preise import Kostenposition, summe_netto

OPENIMMO_VERSION = "1.2.7b"
SENDERSOFTWARE = "omclient"
ANID_ERSATZ = "OMCLIENT"

E = etree.SubElement


class Aktion(StrEnum):
    """What a transfer does with one object at the receiver."""

    NEU = "neu"
    AENDERN = "geändert"
    LOESCHEN = "zurückgezogen"


_AKTIONART = {Aktion.NEU: None, Aktion.AENDERN: "CHANGE", Aktion.LOESCHEN: "DELETE"}

_HEIZUNGSART = {
    Heizungsart.ZENTRAL: "ZENTRAL",
    Heizungsart.ETAGE: "ETAGE",
    Heizungsart.FERN: "FERN",
    Heizungsart.OFEN: "OFEN",
    Heizungsart.FUSSBODEN: "FUSSBODEN",
}

# Einheitsart → objektart child and its type attribute. Only a Wohnung is WOHNEN,
# only Lokal, Büro and Lager are GEWERBE; Garagen, Stellplätze and Keller-/
# Dachbodenabteile are neither (OpenImmo has no nutzungsart of their own).
_OBJEKTART: dict[Einheitsart, tuple[str, dict[str, str]]] = {
    Einheitsart.WOHNUNG: ("wohnung", {}),
    Einheitsart.LOKAL: ("einzelhandel", {"handel_typ": "LADENLOKAL"}),
    Einheitsart.BUERO: ("buero_praxen", {"buero_typ": "BUEROFLAECHE"}),
    Einheitsart.LAGER: ("hallen_lager_prod", {"hallen_typ": "LAGER"}),
    Einheitsart.GARAGE: ("parken", {"parken_typ": "EINZELGARAGE"}),
    Einheitsart.PARKPLATZ: ("parken", {"parken_typ": "STELLPLATZ"}),
    Einheitsart.KELLER: ("hallen_lager_prod", {"hallen_typ": "LAGERFLAECHEN"}),
    Einheitsart.DACHBODEN: ("hallen_lager_prod", {"hallen_typ": "LAGERFLAECHEN"}),
}

# The price of a Garage/Stellplatz as OpenImmo's stellplatz element names it.
_STP_ELEMENT = {Einheitsart.GARAGE: "stp_garage", Einheitsart.PARKPLATZ: "stp_freiplatz"}

# Only what the kind of heating itself says: Fernwärme is FERN firing; a
# Wärmepumpe may be air, brine or water (LUFTWP or ERDWAERME), so it is left out.
_BEFEUERUNG = {Heizungsart.FERN: "FERN"}

_LAND = {"AT": "AUT", "A": "AUT", "AUT": "AUT", "D": "DEU", "DE": "DEU", "DEU": "DEU"}


@dataclass(frozen=True)
class Objekt:
    """One object of a transfer: the Leerstand and what to do with it."""

    leerstand: Leerstand
    aktion: Aktion


def _dec(value: Decimal) -> str:
    return f"{value:.2f}"


def _bool(value: bool) -> str:
    return "true" if value else "false"


_FORMAT: dict[type, Callable[[Any], str]] = {
    Decimal: _dec,
    bool: _bool,
    dt.date: dt.date.isoformat,
    str: str,
    int: str,
}


def _text(parent: etree._Element, tag: str, value: object | None) -> None:
    """A child element with ``value`` as text; nothing for None or an empty text."""
    if value is None or value == "":
        return
    E(parent, tag).text = _FORMAT.get(type(value), str)(value)


def _objektkategorie(parent: etree._Element, ls: Leerstand) -> None:
    kat = E(parent, "objektkategorie")
    E(
        kat,
        "nutzungsart",
        WOHNEN=_bool(ls.einheitsart in WOHNEN),
        GEWERBE=_bool(ls.einheitsart in GEWERBE),
    )
    E(kat, "vermarktungsart", KAUF="false", MIETE_PACHT="true")
    art = E(kat, "objektart")
    tag, attribute = _OBJEKTART[ls.einheitsart]
    if ls.einheitsart in WOHNEN:
        attribute = {"wohnungtyp": ls.wohnungtyp.value} if ls.wohnungtyp else {}
    E(art, tag, **attribute)


def _geo(parent: etree._Element, ls: Leerstand) -> None:
    geo = E(parent, "geo")
    E(geo, "plz").text = ls.plz or ""
    _text(geo, "ort", ls.ort)
    _text(geo, "strasse", ls.strasse)
    _text(geo, "hausnummer", ls.hausnummer)
    E(geo, "land", iso_land=_LAND.get((ls.land or "AUT").upper(), "AUT"))
    _text(geo, "etage", ls.etage)
    _text(geo, "wohnungsnr", ls.top_nr)


def _kontaktperson(parent: etree._Element, ls: Leerstand, settings: ImmomioEinstellungen) -> None:
    kp = E(parent, "kontaktperson")
    # The schema demands one way to reach the contact (e-mail or telephone) first;
    # an empty one keeps the document valid, the dry run names it as missing.
    if ls.kontakt_email or not ls.kontakt_telefon:
        E(kp, "email_zentrale").text = ls.kontakt_email or ""
    _text(kp, "tel_zentrale", ls.kontakt_telefon)
    E(kp, "name").text = settings.kontakt_name or settings.anbieter_firma or ls.mandant_name
    _text(kp, "firma", ls.mandant_name)
    _text(kp, "strasse", ls.mandant_strasse)
    _text(kp, "plz", ls.mandant_plz)
    _text(kp, "ort", ls.mandant_ort)


_V = Vorschreibungsart
# Austrian price elements of OpenImmo and the positions each carries; the USt
# rate goes into the element's attribute. A Stellplatz charged on a flat is a
# "sonstige Miete"; on a Garage/Stellplatz unit it is the rent itself.
_POSTEN: tuple[tuple[str, str, tuple[Vorschreibungsart, ...]], ...] = (
    ("hauptmietzinsnetto", "hauptmietzinsust", (_V.GRUNDMIETE,)),
    ("betriebskostennetto", "betriebskostenust", (_V.BETRIEBSKOSTEN, _V.LIFT)),
    ("evbnetto", "evbust", (_V.EVB,)),
    ("heizkostennetto", "heizkostenust", (_V.HEIZKOSTEN, _V.WARMWASSER)),
    ("sonstigekostennetto", "sonstigekostenust", (_V.SONSTIGES,)),
    ("sonstigemietenetto", "sonstigemieteust", (_V.STELLPLATZ,)),
)
_VOR_GESAMT = ("hauptmietzinsnetto", "betriebskostennetto", "evbnetto")
_UST_ATTRIBUT = {tag: attr for tag, attr, _ in _POSTEN}


def _posten(ls: Leerstand) -> dict[str, tuple[Decimal, Decimal | None]]:
    """Element → (net sum, common rate or None when its positions differ in rate)."""
    result: dict[str, tuple[Decimal, Decimal | None]] = {}
    for tag, _attr, arten in _POSTEN:
        arten_hier = arten
        if tag == "hauptmietzinsnetto" and ls.einheitsart in PARKEN:
            arten_hier = (_V.GRUNDMIETE, _V.STELLPLATZ)
        elif tag == "sonstigemietenetto" and ls.einheitsart in PARKEN:
            continue
        found: list[Kostenposition] = [p for p in ls.kosten if p.art in arten_hier]
        if not found:
            continue
        rates = {p.ust_prozent for p in found}
        result[tag] = (summe_netto(found), rates.pop() if len(rates) == 1 else None)
    return result


def _preise(parent: etree._Element, ls: Leerstand) -> None:
    preise = E(parent, "preise")
    kosten = ls.kosten
    grund, bk, hk = ls.grundmiete, ls.betriebskosten, ls.heizkosten
    netto = summe_netto(kosten) if kosten else None
    _text(preise, "nettokaltmiete", grund)
    if grund is not None:
        _text(preise, "kaltmiete", netto - (hk or 0) if netto is not None else None)
    _text(preise, "warmmiete", netto)
    _text(preise, "nebenkosten", bk)
    if hk is not None:
        E(preise, "heizkosten_enthalten").text = "false"
        E(preise, "heizkosten").text = _dec(hk)
    posten = _posten(ls)

    def write(tag: str) -> None:
        if tag in posten:
            betrag, rate = posten[tag]
            element = E(preise, tag)
            element.text = _dec(betrag)
            if rate is not None:
                element.set(_UST_ATTRIBUT[tag], _dec(rate))

    for tag in _VOR_GESAMT:
        write(tag)
    brutto = ust = None
    if netto is not None:
        ust = sum((p.ust for p in kosten), Decimal("0.00"))
        brutto = netto + ust
        E(preise, "gesamtmietenetto").text = _dec(netto)
        E(preise, "gesamtmietebrutto").text = _dec(brutto)
    for tag in ("heizkostennetto", "sonstigekostennetto", "sonstigemietenetto"):
        write(tag)
    E(preise, "waehrung", iso_waehrung="EUR")
    if ust is not None:
        E(preise, "mwst_gesamt").text = _dec(ust)
    stellplatz = _stellplatz_miete(ls, brutto)
    if stellplatz is not None:
        element, miete = stellplatz
        E(preise, element, stellplatzmiete=_dec(miete), anzahl="1")


def _stellplatz_miete(ls: Leerstand, brutto: Decimal | None) -> tuple[str, Decimal] | None:
    """The stp_* element and its gross monthly rent: the whole rent (``brutto``) of a
    Garage/Stellplatz unit, or the Stellplatz charged with a flat."""
    if ls.einheitsart in PARKEN:
        if brutto is None:
            return None
        return _STP_ELEMENT[ls.einheitsart], brutto
    found = [p for p in ls.kosten if p.art is _V.STELLPLATZ]
    if not found:
        return None
    return "stp_sonstige", sum((p.brutto for p in found), Decimal("0"))


def _flaechen(parent: etree._Element, ls: Leerstand) -> None:
    flaechen = E(parent, "flaechen")
    if ls.flaeche is not None:
        _text(flaechen, "wohnflaeche" if ls.ist_wohnung else "nutzflaeche", ls.flaeche)
    if ls.raeume is not None:
        E(flaechen, "anzahl_zimmer").text = str(ls.raeume)
    if ls.einheitsart in PARKEN:
        E(flaechen, "anzahl_stellplaetze").text = "1"


def _ausstattung(parent: etree._Element, ls: Leerstand) -> None:
    aus = E(parent, "ausstattung")
    # The MRG Kategorie (A–D) is a legal rent category, not a quality level:
    # Kategorie A is an ordinary modern flat, not GEHOBEN. It is not sent.
    if ls.einbaukueche:
        E(aus, "kueche", EBK="true")
    if ls.heizungsart in _HEIZUNGSART:
        E(aus, "heizungsart", **{_HEIZUNGSART[ls.heizungsart]: "true"})
    if ls.heizungsart in _BEFEUERUNG:
        E(aus, "befeuerung", **{_BEFEUERUNG[ls.heizungsart]: "true"})
    if ls.aufzug:
        E(aus, "fahrstuhl", PERSONEN="true")
    if ls.einheitsart in PARKEN:
        E(
            aus,
            "stellplatzart",
            GARAGE=_bool(ls.einheitsart is Einheitsart.GARAGE),
            FREIPLATZ=_bool(ls.einheitsart is Einheitsart.PARKPLATZ),
        )
    if ls.barrierefrei:
        E(aus, "barrierefrei").text = "true"
    if ls.keller:
        E(aus, "unterkellert", keller="JA")
    if ls.fahrradraum:
        E(aus, "fahrradraum").text = "true"
    if ls.gaeste_wc:
        E(aus, "gaestewc").text = "true"


def _zustand(parent: etree._Element, ls: Leerstand) -> None:
    zustand = E(parent, "zustand_angaben")
    _text(zustand, "baujahr", ls.baujahr)
    if ls.hwb_wert is not None or ls.hwb_klasse or ls.fgee_wert is not None or ls.fgee_klasse:
        ep = E(zustand, "energiepass")
        E(ep, "epart").text = "BEDARF"
        _text(ep, "gueltig_bis", ls.energieausweis_gueltig_bis)
        _text(ep, "hwbwert", ls.hwb_wert)
        _text(ep, "hwbklasse", ls.hwb_klasse)
        _text(ep, "fgeewert", ls.fgee_wert)
        _text(ep, "fgeeklasse", ls.fgee_klasse)


def _freitexte(parent: etree._Element, ls: Leerstand) -> None:
    frei = E(parent, "freitexte")
    titel = (
        f"{ls.einheitsart.value} {ls.raeume} Zimmer"
        if ls.ist_wohnung and ls.raeume
        else (ls.einheitsart.value)
    )
    ort = f" in {ls.ort}" if ls.ort else ""
    E(frei, "objekttitel").text = f"{titel}{ort} – {ls.objekt_bezeichnung}"
    _text(frei, "lage", ls.lage)
    _text(frei, "objektbeschreibung", ls.beschreibung)


def _verwaltung_objekt(parent: etree._Element, ls: Leerstand) -> None:
    vo = E(parent, "verwaltung_objekt")
    E(vo, "verfuegbar_ab").text = (
        ls.verfuegbar_ab.strftime("%d.%m.%Y") if ls.verfuegbar_ab else "sofort"
    )
    if ls.verfuegbar_ab:
        E(vo, "abdatum").text = ls.verfuegbar_ab.isoformat()
    E(vo, "vermietet").text = "false"


def _verwaltung_techn(
    parent: etree._Element, ls: Leerstand, aktion: Aktion, stand_vom: dt.date
) -> None:
    vt = E(parent, "verwaltung_techn")
    E(vt, "objektnr_intern").text = ls.externe_id
    E(vt, "objektnr_extern").text = ls.externe_id
    element = E(vt, "aktion")
    art = _AKTIONART[aktion]
    if art:
        element.set("aktionart", art)
    E(vt, "openimmo_obid").text = ls.externe_id
    E(vt, "kennung_ursprung").text = SENDERSOFTWARE
    E(vt, "stand_vom").text = stand_vom.isoformat()


def immobilie(
    ls: Leerstand, aktion: Aktion, settings: ImmomioEinstellungen, stand_vom: dt.date
) -> etree._Element:
    """The ``immobilie`` element of one Leerstand (also for a DELETE)."""
    im = etree.Element("immobilie")
    _objektkategorie(im, ls)
    _geo(im, ls)
    _kontaktperson(im, ls, settings)
    if aktion is not Aktion.LOESCHEN:
        _preise(im, ls)
        _flaechen(im, ls)
        _ausstattung(im, ls)
        _zustand(im, ls)
        _freitexte(im, ls)
        _verwaltung_objekt(im, ls)
    _verwaltung_techn(im, ls, aktion, stand_vom)
    if aktion is not Aktion.LOESCHEN and ls.gegensprechanlage:
        E(im, "user_defined_simplefield", feldname="gegensprechanlage").text = "true"
    return im


def dokument(
    objekte: Iterable[Objekt],
    settings: ImmomioEinstellungen,
    jetzt: dt.datetime,
    voll: bool = False,
) -> etree._Element:
    """The ``openimmo`` root of one transfer (VOLL or TEIL)."""
    root = etree.Element("openimmo")
    E(
        root,
        "uebertragung",
        art="ONLINE",
        umfang="VOLL" if voll else "TEIL",
        modus="NEW" if voll else "CHANGE",
        version=OPENIMMO_VERSION,
        sendersoftware=SENDERSOFTWARE,
        senderversion=__version__,
        timestamp=jetzt.replace(microsecond=0).isoformat(),
    )
    stand = jetzt.date()
    gruppen: dict[str, list[Objekt]] = {}
    for objekt in objekte:
        gruppen.setdefault(objekt.leerstand.mandant_nr, []).append(objekt)
    for mandant_nr, gruppe in gruppen.items():
        anbieter = settings.anbieter_fuer(mandant_nr) or _ersatz_anbieter(gruppe[0].leerstand)
        element = E(root, "anbieter")
        _text(element, "anbieternr", anbieter.anbieternr)
        E(element, "firma").text = anbieter.firma
        E(element, "openimmo_anid").text = anbieter.openimmo_anid
        for objekt in gruppe:
            element.append(immobilie(objekt.leerstand, objekt.aktion, settings, stand))
    if not gruppen:
        # The schema wants one anbieter even in an empty transfer.
        element = E(root, "anbieter")
        E(element, "firma").text = settings.anbieter_firma or SENDERSOFTWARE
        E(element, "openimmo_anid").text = settings.openimmo_anid or ANID_ERSATZ
    return root


def _ersatz_anbieter(ls: Leerstand) -> MandantAnbieter:
    """Stand-in for a Mandant without Anbieter (only an export for a look, or the
    withdrawal of a unit sent earlier): the Mandant itself."""
    return MandantAnbieter(
        mandant_nr=ls.mandant_nr, firma=ls.mandant_name, openimmo_anid=ANID_ERSATZ
    )


def xml_bytes(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def zip_paket(xml: bytes, name: str) -> bytes:
    """The ZIP OpenImmo delivers: one XML file ``<name>.xml`` inside ``<name>.zip``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.xml", xml)
    return buffer.getvalue()


def validieren(xml: bytes, xsd_path: str) -> list[str]:
    """Errors of ``xml`` against the schema at ``xsd_path`` (empty: valid)."""
    schema = etree.XMLSchema(etree.parse(xsd_path))
    document = etree.fromstring(xml)
    if schema.validate(document):
        return []
    return [f"Zeile {e.line}: {e.message}" for e in schema.error_log]
