"""The d+ RW exchange format, version 1: manifest and one CSV file per entity.

An export is a folder or a ``.zip`` holding ``manifest.json`` and the CSV files
listed in :data:`FILES` (UTF-8, a BOM is tolerated, ``;`` separated, a header
row, dates ``TT.MM.JJJJ``, decimal comma, booleans ``ja``/``nein``). Each file's
rows are validated by the pydantic model of its :class:`FileSpec`; the column
names of the header are the model's field names. ``docs/rw-format.md``
describes the format for the people who write the RW side.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from omclient.domain.enums import BvArt, Einheitsart, Typus, Vorschreibungsart

FORMAT_VERSION = "1"
SUPPORTED_VERSIONS = frozenset({FORMAT_VERSION})
MANIFEST = "manifest.json"
DELIMITER = ";"

RW_FUNKTIONSCODES: dict[str, str] = {
    "31000": "Hausbesorger",
    "41000": "Zustellbevollmächtigter",
    "51000": "Eigentümervertreter",
    "61000": "Mitbewohner",
}

_DATE_RE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
_DECIMAL_RE = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$")
_CENT = Decimal("0.01")
_TRUE = {"ja", "j", "1", "true", "wahr"}
_FALSE = {"nein", "n", "0", "false", "falsch"}


def parse_rw_date(value: Any) -> Any:
    """``TT.MM.JJJJ`` → date; anything else is refused with a German message."""
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _DATE_RE.match(text)
    if not match:
        raise ValueError(f"„{text}“ ist kein Datum im Format TT.MM.JJJJ")
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"„{text}“ ist kein gültiges Datum") from None


def parse_rw_decimal(value: Any) -> Any:
    """``1.234,56`` or ``1234,56`` → Decimal (decimal comma, optional thousands dots)."""
    if value is None or isinstance(value, Decimal):
        return value
    text = str(value).strip()
    if not _DECIMAL_RE.match(text):
        raise ValueError(f"„{text}“ ist kein Betrag mit Dezimalkomma (z. B. 1234,56)")
    try:
        return Decimal(text.replace(".", "").replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"„{text}“ ist kein Betrag mit Dezimalkomma") from None


def parse_rw_bool(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"„{value}“ ist weder ja noch nein")


def parse_rw_int(value: Any) -> Any:
    if value is None or isinstance(value, int):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"-?\d{1,9}", text):
        raise ValueError(f"„{text}“ ist keine ganze Zahl")
    return int(text)


def format_date(value: dt.date | None) -> str:
    return "" if value is None else f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def format_decimal(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}".replace(".", ",")


def format_bool(value: bool | None) -> str:
    return "" if value is None else ("ja" if value else "nein")


def _canon_date(value: dt.date) -> str:
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def _canon_decimal(value: Decimal) -> str:
    return f"{value.quantize(_CENT):f}".replace(".", ",")


def _canon_enum(value: Enum) -> str:
    return str(value.value)


_CANON: dict[type, Callable[[Any], str]] = {
    str: str,
    bool: format_bool,
    int: str,
    dt.date: _canon_date,
    Decimal: _canon_decimal,
}


def canon(value: Any) -> str:
    """The canonical text of a value as the exporter writes it.

    Dates ``TT.MM.JJJJ``, amounts with decimal comma and two places, ``ja``/``nein``,
    enumerations by their German value, empty text for no value.
    """
    if value is None:
        return ""
    render = _CANON.get(type(value))
    if render is None:
        if isinstance(value, Enum):
            render = _canon_enum
        elif isinstance(value, dt.date):
            render = _canon_date
        else:
            render = str
        _CANON[type(value)] = render  # enum classes, date subclasses: decided once
    return render(value)


RwDate = Annotated[dt.date, BeforeValidator(parse_rw_date)]
RwDecimal = Annotated[Decimal, BeforeValidator(parse_rw_decimal)]
# Constraints checked natively by pydantic-core (they match the column types).
RwMoney = Annotated[
    Decimal, BeforeValidator(parse_rw_decimal), Field(max_digits=12, decimal_places=2)
]
RwArea = Annotated[
    Decimal, BeforeValidator(parse_rw_decimal), Field(ge=0, max_digits=10, decimal_places=2)
]
RwProzent = Annotated[
    Decimal, BeforeValidator(parse_rw_decimal), Field(ge=0, le=100, decimal_places=2)
]
RwBool = Annotated[bool, BeforeValidator(parse_rw_bool)]
RwInt = Annotated[int, BeforeValidator(parse_rw_int)]


# Trimmed, non-empty texts of at most n characters (the width of their column).
T3 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=3)]
T10 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10)]
T20 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
T30 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30)]
T50 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
T100 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
T200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
T4000 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


Check = Callable[[Mapping[str, Any]], "str | None"]
"""A rule across a row's converted values: the German message, or None when it holds."""


def _raise_if(message: str | None) -> None:
    if message is not None:
        raise ValueError(message)


def baujahr_fehler(value: int | None) -> str | None:
    if value is not None and not 1000 <= value <= 2200:
        return f"Baujahr {value} ist nicht plausibel"
    return None


def raeume_fehler(value: int | None) -> str | None:
    if value is not None and not 0 <= value <= 999:
        return f"Räumeanzahl {value} ist nicht zulässig"
    return None


def name_fehler(nachname: str | None, firma: str | None) -> str | None:
    if not nachname and not firma:
        return "Person braucht einen Nachnamen oder eine Firma"
    return None


def auszug_fehler(bezug: dt.date | None, auszug: dt.date | None) -> str | None:
    if bezug and auszug and auszug < bezug:
        return "Auszugsdatum liegt vor dem Bezugsdatum"
    return None


def funktionscode_fehler(value: str) -> str | None:
    if value not in RW_FUNKTIONSCODES:
        return f"Funktion {value} kommt nicht aus d+ RW (erlaubt: {', '.join(RW_FUNKTIONSCODES)})"
    return None


class Row(BaseModel):
    """Base of all row models: exactly the header columns, frozen.

    ``checks`` restate the model's own validators over a plain value mapping,
    with the same message functions, so the importer's fast path
    (:mod:`omclient.rw.fastpath`) applies the same rules.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
    checks: ClassVar[tuple[Check, ...]] = ()


class MandantRow(Row):
    mandant_nr: T20
    name: T200
    strasse: T200 | None = None
    plz: T10 | None = None
    ort: T100 | None = None
    land: T3 = "AUT"
    telefon: T50 | None = None
    email: T200 | None = None
    uid_nr: T20 | None = None
    aktiv: RwBool = True


class SachbereichRow(Row):
    code: T10
    bezeichnung: T100


class ObjektRow(Row):
    mandant_nr: T20
    objekt_nr: T20
    bezeichnung: T200
    strasse: T200 | None = None
    hausnummer: T20 | None = None
    plz: T10 | None = None
    ort: T100 | None = None
    land: T3 = "AUT"
    baujahr: RwInt | None = None
    bezugsdatum: RwDate | None = None
    aktiv: RwBool = True

    checks = (lambda v: baujahr_fehler(v["baujahr"]),)

    @field_validator("baujahr")
    @classmethod
    def _plausible_year(cls, value: int | None) -> int | None:
        _raise_if(baujahr_fehler(value))
        return value


class StiegenhausRow(Row):
    mandant_nr: T20
    objekt_nr: T20
    nummer: T20
    bezeichnung: T200
    aktiv: RwBool = True


class VerrechnungseinheitRow(Row):
    mandant_nr: T20
    objekt_nr: T20
    sachbereich: T10
    nummer: T20
    bezeichnung: T200
    aktiv: RwBool = True


class MietzinsKategorieRow(Row):
    code: T50
    bezeichnung: T200


class EinheitRow(Row):
    mandant_nr: T20
    objekt_nr: T20
    einheit_nr: T20
    top_nr: T20 | None = None
    gebaeudeteil: T50 | None = None
    typus: Typus
    einheitsart: Einheitsart
    raeume: RwInt | None = None
    wohnungscode: T20 | None = None
    nettonutzflaeche: RwArea | None = None
    stockwerk: T50 | None = None
    erstbezug: RwDate | None = None
    status: T50 | None = None
    bestandsart: T50 | None = None
    mietzins_kategorie: T50 | None = None
    strasse: T200 | None = None
    hausnummer: T20 | None = None
    stiege: T20 | None = None
    tuer: T20 | None = None
    plz: T10 | None = None
    ort: T100 | None = None
    land: T3 = "AUT"
    heizkostenordnungsbegriff: T50 | None = None
    heizkostenfirma: T200 | None = None
    bemerkung_fibu: T4000 | None = None
    aktiv: RwBool = True

    checks = (lambda v: raeume_fehler(v["raeume"]),)

    @field_validator("raeume")
    @classmethod
    def _rooms(cls, value: int | None) -> int | None:
        _raise_if(raeume_fehler(value))
        return value


class PersonRow(Row):
    mandant_nr: T20
    person_nr: T20
    anrede: T20 | None = None
    titel: T50 | None = None
    vorname: T100 | None = None
    nachname: T100 | None = None
    firma: T200 | None = None
    strasse: T200 | None = None
    hausnummer: T20 | None = None
    plz: T10 | None = None
    ort: T100 | None = None
    land: T3 = "AUT"
    geburtsdatum: RwDate | None = None
    email: T200 | None = None
    telefon: T50 | None = None

    checks = (lambda v: name_fehler(v["nachname"], v["firma"]),)

    @model_validator(mode="after")
    def _has_name(self) -> PersonRow:
        _raise_if(name_fehler(self.nachname, self.firma))
        return self


class BestandsverhaeltnisRow(Row):
    mandant_nr: T20
    objekt_nr: T20
    einheit_nr: T20
    bv_nr: T20
    person_nr: T20 | None = None
    art: BvArt
    bestandsart: T50 | None = None
    bezugsdatum: RwDate | None = None
    auszugsdatum: RwDate | None = None
    befristung_bis: RwDate | None = None
    aktiv: RwBool = True

    checks = (lambda v: auszug_fehler(v["bezugsdatum"], v["auszugsdatum"]),)

    @model_validator(mode="after")
    def _dates_in_order(self) -> BestandsverhaeltnisRow:
        _raise_if(auszug_fehler(self.bezugsdatum, self.auszugsdatum))
        return self


class FunktionRow(Row):
    rw_schluessel: T50
    code: T10
    mandant_nr: T20
    person_nr: T20
    objekt_nr: T20
    einheit_nr: T20
    bv_nr: T20 | None = None
    beginn: RwDate | None = None
    ende: RwDate | None = None

    checks = (lambda v: funktionscode_fehler(v["code"]),)

    @field_validator("code")
    @classmethod
    def _rw_code(cls, value: str) -> str:
        _raise_if(funktionscode_fehler(value))
        return value


class VerkettungRow(Row):
    mandant_nr: T20
    haupt_objekt_nr: T20
    haupt_einheit_nr: T20
    haupt_bv_nr: T20
    sub_objekt_nr: T20
    sub_einheit_nr: T20
    sub_bv_nr: T20
    art: T50 | None = None
    aktiv: RwBool = True


class VorschreibungRow(Row):
    mandant_nr: T20
    objekt_nr: T20
    einheit_nr: T20
    bv_nr: T20 | None = None
    art: Vorschreibungsart
    betrag_netto: RwMoney
    ust_prozent: RwProzent
    gueltig_ab: RwDate
    gueltig_bis: RwDate | None = None


class BuchungRow(Row):
    buchungs_nr: T30
    mandant_nr: T20
    objekt_nr: T20
    einheit_nr: T20
    bv_nr: T20
    datum: RwDate
    beleg_nr: T30 | None = None
    text: T200
    soll: RwMoney = Decimal("0")
    haben: RwMoney = Decimal("0")


@dataclass(frozen=True)
class FileSpec:
    """One CSV file of the export: its name, row model and German entity name."""

    name: str
    model: type[Row]
    label: str

    @property
    def columns(self) -> list[str]:
        return list(self.model.model_fields)

    @functools.cached_property
    def stem(self) -> str:
        return self.name.removesuffix(".csv")


# In dependency order: every file refers only to files before it.
FILES: list[FileSpec] = [
    FileSpec("mandanten.csv", MandantRow, "Mandanten"),
    FileSpec("sachbereiche.csv", SachbereichRow, "Sachbereiche"),
    FileSpec("objekte.csv", ObjektRow, "Objekte"),
    FileSpec("stiegenhaeuser.csv", StiegenhausRow, "Stiegenhäuser"),
    FileSpec("verrechnungseinheiten.csv", VerrechnungseinheitRow, "Verrechnungseinheiten"),
    FileSpec("mietzinskategorien.csv", MietzinsKategorieRow, "Mietzins-Kategorien"),
    FileSpec("einheiten.csv", EinheitRow, "Einheiten"),
    FileSpec("personen.csv", PersonRow, "Personen"),
    FileSpec("bestandsverhaeltnisse.csv", BestandsverhaeltnisRow, "Bestandsverhältnisse"),
    FileSpec("funktionen.csv", FunktionRow, "Funktionen"),
    FileSpec("verkettungen.csv", VerkettungRow, "Verkettungen"),
    FileSpec("vorschreibungen.csv", VorschreibungRow, "Vorschreibungen"),
    FileSpec("buchungen.csv", BuchungRow, "Buchungen"),
]
FILES_BY_NAME = {spec.name: spec for spec in FILES}


class DateiEintrag(BaseModel):
    """What the manifest says about one file: how many data rows it holds."""

    model_config = ConfigDict(extra="forbid")

    zeilen: int = Field(ge=0)


class Manifest(BaseModel):
    """``manifest.json``: format version, Mandanten, export time, kind, files."""

    model_config = ConfigDict(extra="forbid")

    format_version: str
    mandanten: list[Annotated[str, StringConstraints(min_length=1, max_length=20)]] = Field(
        min_length=1
    )
    exported_at: dt.datetime
    kind: Literal["full", "delta"]
    quelle: str | None = None
    dateien: dict[str, DateiEintrag]

    @model_validator(mode="before")
    @classmethod
    def _single_mandant(cls, data: Any) -> Any:
        if isinstance(data, dict) and "mandant" in data and "mandanten" not in data:
            data = dict(data)
            single = data.pop("mandant")
            data["mandanten"] = [single] if isinstance(single, str) else single
        return data

    @field_validator("dateien")
    @classmethod
    def _known_files(cls, value: dict[str, DateiEintrag]) -> dict[str, DateiEintrag]:
        unknown = sorted(set(value) - set(FILES_BY_NAME))
        if unknown:
            raise ValueError(f"unbekannte Dateien im Manifest: {', '.join(unknown)}")
        return value
