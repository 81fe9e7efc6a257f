"""Enumerations of the domain. Values are the German words stored and shown."""

from __future__ import annotations

import enum


class Typus(enum.StrEnum):
    """Miet- oder Eigentumsobjekt."""

    MIETE = "Miete"
    EIGENTUM = "Eigentum"

    @property
    def bestandnehmer(self) -> str:
        return "Mieter" if self is Typus.MIETE else "Eigentümer"


class Einheitsart(enum.StrEnum):
    WOHNUNG = "Wohnung"
    LOKAL = "Lokal"
    BUERO = "Büro"
    GARAGE = "Garage"
    PARKPLATZ = "Parkplatz"
    KELLER = "Keller"
    DACHBODEN = "Dachboden"
    LAGER = "Lager"


class Kategorie(enum.StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"


class BvArt(enum.StrEnum):
    """Art des Bestandsverhältnisses."""

    MIETE = "Miete"
    EIGENTUM = "Eigentum"

    @property
    def bestandnehmer(self) -> str:
        return "Mieter" if self is BvArt.MIETE else "Eigentümer"


class Rolle(enum.StrEnum):
    SACHBEARBEITER = "Sachbearbeiter"
    ADMINISTRATOR = "Administrator"


class Zahlungsart(enum.StrEnum):
    SEPA_LASTSCHRIFT = "SEPA-Lastschrift"
    ZAHLSCHEIN = "Zahlschein"
    DAUERAUFTRAG = "Dauerauftrag"
    UEBERWEISUNG = "Überweisung"


class Vorschreibungsart(enum.StrEnum):
    """Monthly charge kinds of a Vorschreibung."""

    GRUNDMIETE = "Grundmiete"
    BETRIEBSKOSTEN = "Betriebskosten"
    HEIZKOSTEN = "Heizkosten"
    WARMWASSER = "Warmwasser"
    LIFT = "Lift"
    EVB = "EVB"
    STELLPLATZ = "Stellplatz"
    SONSTIGES = "Sonstiges"


class Heizungsart(enum.StrEnum):
    ZENTRAL = "Zentralheizung"
    ETAGE = "Etagenheizung"
    FERN = "Fernwärme"
    OFEN = "Ofenheizung"
    FUSSBODEN = "Fußbodenheizung"
    WAERMEPUMPE = "Wärmepumpe"


class IndivFeldTyp(enum.StrEnum):
    TEXT = "Text"
    ZAHL = "Zahl"
    DATUM = "Datum"
    JA_NEIN = "Ja/Nein"
    AUSWAHL = "Auswahl"


class IndivEntitaet(enum.StrEnum):
    EINHEIT = "Einheit"
    BESTANDSVERHAELTNIS = "Bestandsverhaeltnis"


class InfoKontext(enum.StrEnum):
    EINHEIT = "Einheit"
    BESTANDSVERHAELTNIS = "Bestandsverhaeltnis"


class InfoArt(enum.StrEnum):
    """Kinds of linked records the Infogrid lists."""

    VERTRAG = "Verträge"
    VERMERK = "Vermerke"
    AUFTRAG = "Aufträge"
    SCHLUESSEL = "Schlüssel"


class VerkettungsRolle(enum.StrEnum):
    HAUPT = "Haupt-Bestandnehmer"
    SUB = "Sub-Bestandnehmer"


class ImportErgebnis(enum.StrEnum):
    ERFOLGREICH = "erfolgreich"
    FEHLER = "fehlerhaft"
    ABGEBROCHEN = "abgebrochen"
    PROBELAUF = "Probelauf"
