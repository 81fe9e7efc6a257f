"""The fields of the dialogs' forms, declared once and Qt-free.

Each form is a :class:`Formular`: the model whose column marks tell RW
ownership and its :class:`Feld` declarations (name, label, format, Bereich) in
the dialog's order. The dialogs build their forms from them
(``omclient.ui.common.forms`` wraps a ``Feld`` with widget specifics), so the UI
never names an ORM class; the printouts of **Aktionen → Drucken** of the
Einheit and Bestandsverhältnis dialogs (``omclient.services.druck``) read the
same declarations, so a label reads the same on screen and on paper.

Formats: text, multiline, int, decimal (``suffix``/``digits`` for the display),
money, date, bool, choice (``choices`` as ``(text, value)`` pairs, or filled by
the dialog from the database).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from omclient.domain import (
    Ausstattung,
    Bankgarantie,
    Bestandsverhaeltnis,
    Einheit,
    FbStundung,
    Finanzierungsbeitrag,
    Funktion,
    Instandhaltung,
    Kaution,
    Objekt,
    Person,
    Sparbuch,
    WbfPruefung,
    Zahlungsdaten,
)
from omclient.domain.enums import Einheitsart, Typus, Zahlungsart
from omclient.services.wbf import ERGEBNISSE

FORMATE = ("text", "multiline", "int", "decimal", "money", "date", "bool", "choice")


@dataclass(frozen=True)
class Feld:
    """One field: attribute ``name``, German ``label``, display ``format`` and ``bereich``."""

    name: str
    label: str
    format: str = "text"
    bereich: str = ""
    choices: tuple[tuple[str, Any], ...] | None = None
    digits: int = 2
    suffix: str = ""

    def __post_init__(self) -> None:
        if self.format not in FORMATE:
            raise ValueError(f"unknown field format {self.format!r}")


@dataclass(frozen=True)
class Formular:
    """The fields of one form over ``model`` (the class carrying the RW marks)."""

    model: type
    felder: tuple[Feld, ...]

    def __getitem__(self, name: str) -> Feld:
        for feld in self.felder:
            if feld.name == name:
                return feld
        raise KeyError(name)

    def label(self, name: str) -> str:
        return self[name].label

    def im_bereich(self, bereich: str) -> tuple[Feld, ...]:
        """The fields of one Bereich, in the dialog's order."""
        return tuple(f for f in self.felder if f.bereich == bereich)

    def namen(self, bereich: str | None = None) -> list[str]:
        felder = self.felder if bereich is None else self.im_bereich(bereich)
        return [f.name for f in felder]


def _formular(model: type, *bereiche: tuple[str, tuple[Feld, ...]]) -> Formular:
    return Formular(
        model, tuple(replace(f, bereich=name) for name, felder in bereiche for f in felder)
    )


EINHEIT = _formular(
    Einheit,
    (
        "Daten",
        (
            Feld("objekt_id", "Objektnummer", "choice"),
            Feld("einheit_nr", "Wohnungsnummer"),
            Feld("top_nr", "Top Nr."),
            Feld("gebaeudeteil", "Gebäudeteil"),
            Feld(
                "typus",
                "Typus",
                "choice",
                choices=(
                    ("Mietobjekt", Typus.MIETE.value),
                    ("Eigentumsobjekt", Typus.EIGENTUM.value),
                ),
            ),
            Feld(
                "einheitsart",
                "Einheitsart",
                "choice",
                choices=tuple((a.value, a.value) for a in Einheitsart),
            ),
            Feld("raeume", "Räumeanzahl", "int"),
            Feld("wohnungscode", "Wohnungscode"),
            Feld("nettonutzflaeche", "Nettonutzfläche", "decimal", suffix="m²"),
            Feld("erstbezug", "Erstbezug", "date"),
            Feld("stiegenhaus_id", "Stiegenhaus", "choice"),
            Feld("stockwerk", "Stockwerk", "choice"),
            Feld("lage", "Lage"),
            Feld("kategorie", "Kategorie", "choice"),
            Feld("anzahl_raeume", "Anzahl Räume", "int"),
            Feld("vergabestelle_id", "Vergaberecht", "choice"),
            Feld("heizkostenordnungsbegriff", "Heizkostenordnungsbegriff"),
            Feld("heizkostenfirma", "Heizkostenfirma"),
            Feld("aktiv", "aktiv", "bool"),
        ),
    ),
    (
        "Kennzeichen",
        (
            Feld("status", "Status"),
            Feld("bestandsart", "Bestandsart"),
            Feld("behindertengerecht", "behindertengerecht", "bool"),
            Feld("altersgerecht", "altersgerecht", "bool"),
            Feld("mietzins_kategorie", "Kategorie des Mietzinses", "choice"),
            Feld("datum_erstvermietung", "Datum Erstvermietung", "date"),
            Feld("status_kz", "Status KZ", "choice"),
            Feld("finanzierung", "Finanzierung", "choice"),
            Feld("unterbestandsart", "Unterbestandsart", "choice"),
        ),
    ),
    (
        "Adresse",
        (
            Feld("strasse", "Straße"),
            Feld("hausnummer", "Hausnummer"),
            Feld("stiege", "Stiege"),
            Feld("tuer", "Tür"),
            Feld("plz", "PLZ"),
            Feld("ort", "Ort"),
            Feld("land", "Land"),
        ),
    ),
    ("Indiv Daten", tuple(Feld(f"indiv_daten_{n}", f"Indiv Daten {n}") for n in range(1, 5))),
    ("Bemerkung", (Feld("bemerkung", "Bemerkung", "multiline"),)),
    ("Bemerkung FIBU", (Feld("bemerkung_fibu", "Bemerkung FIBU", "multiline"),)),
)

BV_ALLGEMEIN = _formular(
    Bestandsverhaeltnis,
    (
        "Daten",
        (
            Feld("bv_nr", "Bestandsverhältnis-Nr."),
            Feld("art", "Art"),
            Feld("bestandsart", "Bestandsart"),
            Feld("unterbestandsart", "Unterbestandsart", "choice"),
            Feld("bezugsdatum", "Bezugsdatum", "date"),
            Feld("auszugsdatum", "Auszugsdatum", "date"),
            Feld("befristung_bis", "Befristung bis", "date"),
            Feld("bemerkung", "Bemerkung", "multiline"),
        ),
    ),
    (
        "Bei Leerstehung",
        (
            Feld("leerstand_grund", "Grund", "choice"),
            Feld("leerstand_kommentar", "Kommentar", "multiline"),
        ),
    ),
)

KAUTION = _formular(
    Kaution,
    (
        "Kaution",
        (
            Feld("betrag", "Betrag", "money"),
            Feld("einzahlungsdatum", "Einzahlungsdatum", "date"),
            Feld("auszahlungsdatum", "Ausgezahlt am", "date"),
            Feld("auszahlungsbetrag", "Ausgezahlter Betrag", "money"),
        ),
    ),
    (
        "Kautionskonto",
        (
            Feld("kontoinhaber", "Kontoinhaber"),
            Feld("bank", "Bank"),
            Feld("iban", "IBAN"),
            Feld("bic", "BIC"),
        ),
    ),
)

FINANZIERUNGSBEITRAG = _formular(
    Finanzierungsbeitrag,
    (
        "Finanzierungsbeitrag",
        (
            Feld("betrag", "Betrag", "money"),
            Feld("datum", "Datum", "date"),
            Feld("verwohnung_prozent_jahr", "Verwohnung % p.a.", "decimal"),
            Feld("rueckzahlung_betrag", "Rückzahlung Betrag", "money"),
            Feld("rueckzahlung_datum", "Rückzahlung am", "date"),
        ),
    ),
    (
        "Forderungsabtretung",
        (
            Feld("abtretung_an", "Abgetreten an"),
            Feld("abtretung_datum", "Abtretung am", "date"),
            Feld("abtretung_betrag", "Abgetretener Betrag", "money"),
        ),
    ),
)

BANKGARANTIE = _formular(
    Bankgarantie,
    (
        "Bankgarantie",
        (
            Feld("bank", "Bank"),
            Feld("nummer", "Garantie-Nr."),
            Feld("betrag", "Betrag", "money"),
            Feld("gueltig_bis", "Gültig bis", "date"),
        ),
    ),
)

SPARBUCH = _formular(
    Sparbuch,
    (
        "Sparbuch",
        (
            Feld("bank", "Bank"),
            Feld("nummer", "Sparbuch-Nr."),
            Feld("betrag", "Betrag", "money"),
        ),
    ),
)

SONSTIGES = _formular(
    Bestandsverhaeltnis,
    (
        "Bürgschaft",
        (
            Feld("buergschaft_buerge", "Bürge"),
            Feld("buergschaft_betrag", "Betrag", "money"),
        ),
    ),
    (
        "Vergebührung",
        (
            Feld("vergebuehrung_datum", "Datum", "date"),
            Feld("vergebuehrung_betrag", "Betrag", "money"),
        ),
    ),
)

WBF = _formular(
    WbfPruefung,
    (
        "WBF-Prüfung",
        (
            Feld("datum", "Prüfdatum", "date"),
            Feld("ergebnis", "Ergebnis", "choice", choices=tuple((e, e) for e in ERGEBNISSE)),
            Feld("haushaltsgroesse", "Haushaltsgröße (Personen)", "int"),
            Feld("haushaltseinkommen", "Haushaltseinkommen (jährlich, netto)", "money"),
            Feld("einkommensgrenze", "Einkommensgrenze", "money"),
            Feld("naechste_pruefung", "Nächste Prüfung", "date"),
            Feld("bemerkung", "Bemerkung", "multiline"),
        ),
    ),
)

ZAHLUNG = _formular(
    Zahlungsdaten,
    (
        "Zahlungsart",
        (
            Feld(
                "zahlungsart",
                "Zahlungsart",
                "choice",
                choices=tuple((z.value, z.value) for z in Zahlungsart),
            ),
        ),
    ),
    (
        "Konto",
        (
            Feld("kontoinhaber", "Kontoinhaber"),
            Feld("bank", "Bank"),
            Feld("iban", "IBAN"),
            Feld("bic", "BIC"),
        ),
    ),
    (
        "SEPA-Lastschriftmandat",
        (
            Feld("mandatsreferenz", "Mandatsreferenz"),
            Feld("mandatsdatum", "Mandatsdatum", "date"),
        ),
    ),
    ("Fälligkeit", (Feld("faelligkeitstag", "Fälligkeitstag (1–28)", "int"),)),
)

PERSON = Formular(
    Person,
    (
        Feld("person_nr", "Personennummer"),
        Feld("anrede", "Anrede"),
        Feld("titel", "Titel"),
        Feld("vorname", "Vorname"),
        Feld("nachname", "Nachname"),
        Feld("firma", "Firma"),
        Feld("geburtsdatum", "Geburtsdatum", "date"),
        Feld("strasse", "Straße"),
        Feld("hausnummer", "Hausnummer"),
        Feld("plz", "PLZ"),
        Feld("ort", "Ort"),
        Feld("land", "Land"),
        Feld("telefon", "Telefon"),
        Feld("email", "E-Mail"),
        Feld("mobil", "Mobil"),
        Feld("bemerkung", "Bemerkung", "multiline"),
    ),
)

OBJEKT = Formular(
    Objekt,
    (
        Feld("objekt_nr", "Objektnummer"),
        Feld("bezeichnung", "Bezeichnung"),
        Feld("mandant_id", "Mandant", "choice"),
        Feld("strasse", "Straße"),
        Feld("hausnummer", "Hausnummer"),
        Feld("plz", "PLZ"),
        Feld("ort", "Ort"),
        Feld("land", "Land"),
        Feld("baujahr", "Baujahr", "int"),
        Feld("bezugsdatum", "Bezugsdatum", "date"),
        Feld("aktiv", "aktiv", "bool"),
        Feld("aufzug", "Aufzug", "bool"),
        Feld("fahrradraum", "Fahrradraum", "bool"),
        Feld("bemerkung", "Bemerkung", "multiline"),
    ),
)

FB_STUNDUNG = Formular(
    FbStundung,
    (
        Feld("betrag", "Gestundeter Betrag", "money"),
        Feld("raten", "Anzahl Raten (monatlich)", "int"),
        Feld("beginn", "Erste Rate am", "date"),
        Feld("zinssatz", "Zinssatz % p.a.", "decimal", digits=3),
        Feld("bemerkung", "Bemerkung", "multiline"),
    ),
)

AUSSTATTUNG = Formular(
    Ausstattung,
    (
        Feld("gruppe_id", "Gruppe *", "choice"),
        Feld("bezeichnung", "Bezeichnung *"),
        Feld("raum", "Raum"),
        Feld("menge", "Menge", "decimal"),
        Feld("mengeneinheit", "Mengeneinheit"),
        Feld("hersteller", "Hersteller"),
        Feld("einbaudatum", "Einbaudatum", "date"),
        Feld("zustand", "Zustand"),
        Feld("bemerkung", "Bemerkung", "multiline"),
    ),
)

INSTANDHALTUNG = Formular(
    Instandhaltung,
    (
        Feld("datum", "Prüfdatum *", "date"),
        Feld("ergebnis", "Ergebnis"),
        Feld("naechste_faelligkeit", "nächste Fälligkeit", "date"),
        Feld("pruefer", "Prüfer"),
        Feld("bemerkung", "Bemerkung", "multiline"),
    ),
)

FUNKTION = Formular(
    Funktion,
    (
        Feld("funktionsart_id", "Funktion *", "choice"),
        Feld("person_id", "Person *", "choice"),
        Feld("beginn", "Beginn", "date"),
        Feld("ende", "Ende", "date"),
        Feld("bemerkung", "Bemerkung", "multiline"),
    ),
)
