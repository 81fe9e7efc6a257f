"""Which units are Leerstände, and what of them goes to Immomio.

A Leerstand is an active Einheit of Typus Miete of one of the configured
Mandanten that, at the transfer date (Stichtag),

* has no Bestandsverhältnis active at the Stichtag, or
* whose current tenant has an Auszugsdatum (then verfügbar ab = the day after
  the Auszug),

and that has no later tenancy already signed (Bezug after the Stichtag). Units
whose Leerstehung reason (``leerstand_grund`` of the last tenancy) is marked
"nicht vermarkten" are left out. The unique external id is Mandant, Objekt-Nr
and Einheit-Nr joined with the configured separator.

:class:`Leerstand` carries every field of the integration checklist;
:meth:`Leerstand.fehlende_felder` names those that are empty.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select, true
from sqlalchemy.orm import Session

from omclient.domain import Bestandsverhaeltnis, Einheit, Mandant, Objekt, Vorschreibung
from omclient.domain.enums import Einheitsart, Heizungsart, Typus, Vorschreibungsart
from omclient.immomio.einstellungen import ImmomioEinstellungen, nicht_vermarkten_gruende
from omclient.immomio.preise import (
    NUTZUNG,
    STANDARD_UST,
    Kostenposition,
    UstSaetze,
    position,
    summe_brutto,
    summe_netto,
    summe_ust,
    ust_saetze_laden,
)

WOHNEN = (Einheitsart.WOHNUNG,)
GEWERBE = (Einheitsart.LOKAL, Einheitsart.BUERO, Einheitsart.LAGER)
PARKEN = (Einheitsart.GARAGE, Einheitsart.PARKPLATZ)
ABTEILE = (Einheitsart.KELLER, Einheitsart.DACHBODEN)


class Wohnungtyp(enum.StrEnum):
    """OpenImmo ``wohnungtyp`` values a floor name decides."""

    ERDGESCHOSS = "ERDGESCHOSS"
    ETAGE = "ETAGE"
    DACHGESCHOSS = "DACHGESCHOSS"
    SOUTERRAIN = "SOUTERRAIN"


# Austrian and German floor names → (etage, wohnungtyp). Keys are normalised
# (lower case, ß → ss, no dots or blanks). The etage is the level counted from the
# ground: Hochparterre and Parterre are the ground floor; the Mezzanin of a
# Viennese house is the first level above it (the floor above is still called
# "1. Stock"). A Dachgeschoss has no number of its own (it depends on the house).
STOCKWERKE: dict[str, tuple[int | None, Wohnungtyp]] = {
    "eg": (0, Wohnungtyp.ERDGESCHOSS),
    "erdgeschoss": (0, Wohnungtyp.ERDGESCHOSS),
    "hochparterre": (0, Wohnungtyp.ERDGESCHOSS),
    "hpt": (0, Wohnungtyp.ERDGESCHOSS),
    "parterre": (0, Wohnungtyp.ERDGESCHOSS),
    "pt": (0, Wohnungtyp.ERDGESCHOSS),
    "mezzanin": (1, Wohnungtyp.ETAGE),
    "mez": (1, Wohnungtyp.ETAGE),
    "souterrain": (-1, Wohnungtyp.SOUTERRAIN),
    "tiefparterre": (-1, Wohnungtyp.SOUTERRAIN),
    "dg": (None, Wohnungtyp.DACHGESCHOSS),
    "dachgeschoss": (None, Wohnungtyp.DACHGESCHOSS),
    "kg": (-1, Wohnungtyp.SOUTERRAIN),
    "keller": (-1, Wohnungtyp.SOUTERRAIN),
    "kellergeschoss": (-1, Wohnungtyp.SOUTERRAIN),
    "ug": (-1, Wohnungtyp.SOUTERRAIN),
    "untergeschoss": (-1, Wohnungtyp.SOUTERRAIN),
}
# "3. OG", "3. Stock", "3.Obergeschoss", "2. UG", "1. KG", "2. DG" …
_NUMMERIERT = re.compile(
    r"^(\d{1,3})(og|obergeschoss|stock|stockwerk|etage|ug|untergeschoss|kg|dg)$"
)
_NACH_UNTEN = {"ug", "untergeschoss", "kg"}


def _normalised(stockwerk: str) -> str:
    return re.sub(r"[\s.]+", "", stockwerk.lower().replace("ß", "ss"))


@functools.lru_cache(maxsize=1024)
def stockwerk_deuten(stockwerk: str | None) -> tuple[int | None, Wohnungtyp | None] | None:
    """(etage, wohnungtyp) of a floor name, or None when the name is not known.

    An empty name gives ``(None, None)`` (nothing to say); an unknown one is
    not guessed: the dry run reports it.
    """
    if stockwerk is None or not stockwerk.strip():
        return None, None
    key = _normalised(stockwerk)
    if key in STOCKWERKE:
        return STOCKWERKE[key]
    if re.fullmatch(r"-?\d{1,3}", key):
        etage = int(key)
        typ = (
            Wohnungtyp.ERDGESCHOSS
            if etage == 0
            else Wohnungtyp.SOUTERRAIN
            if etage < 0
            else Wohnungtyp.ETAGE
        )
        return etage, typ
    match = _NUMMERIERT.fullmatch(key)
    if match is None:
        return None
    number, word = int(match.group(1)), match.group(2)
    if word == "dg":
        return None, Wohnungtyp.DACHGESCHOSS
    if word in _NACH_UNTEN:
        return (-number, Wohnungtyp.SOUTERRAIN) if number else None
    return number, Wohnungtyp.ETAGE if number else Wohnungtyp.ERDGESCHOSS


def etage_aus_stockwerk(stockwerk: str | None) -> int | None:
    """The OpenImmo etage of a floor name (None: no number or unknown name)."""
    gedeutet = stockwerk_deuten(stockwerk)
    return gedeutet[0] if gedeutet else None


def externe_id(mandant_nr: str, objekt_nr: str, einheit_nr: str, separator: str) -> str:
    """The unique id of a unit in the partner system."""
    return separator.join((mandant_nr, objekt_nr, einheit_nr))


class Leerstand(BaseModel):
    """One vacant unit with every field the OpenImmo mapping needs."""

    model_config = ConfigDict(frozen=True)

    einheit_id: int
    externe_id: str
    mandant_nr: str
    mandant_name: str
    mandant_email: str | None = None
    mandant_telefon: str | None = None
    mandant_strasse: str | None = None
    mandant_plz: str | None = None
    mandant_ort: str | None = None
    kontakt_email: str | None = None
    kontakt_telefon: str | None = None
    objekt_nr: str
    objekt_bezeichnung: str
    einheit_nr: str
    top_nr: str | None = None
    einheitsart: Einheitsart
    strasse: str | None = None
    hausnummer: str | None = None
    plz: str | None = None
    ort: str | None = None
    land: str = "AUT"
    stockwerk: str | None = None
    etage: int | None = None
    lage: str | None = None
    raeume: int | None = None
    flaeche: Decimal | None = None
    baujahr: int | None = None
    verfuegbar_ab: dt.date | None = None
    wohnungtyp: Wohnungtyp | None = None
    stockwerk_unbekannt: bool = False
    kategorie: str | None = None
    kosten: tuple[Kostenposition, ...] = ()
    ust_abweichungen: tuple[str, ...] = ()
    keller: bool = False
    einbaukueche: bool = False
    gegensprechanlage: bool = False
    aufzug: bool = False
    fahrradraum: bool = False
    gaeste_wc: bool = False
    balkon: bool = False
    barrierefrei: bool = False
    heizungsart: Heizungsart | None = None
    hwb_wert: Decimal | None = None
    hwb_klasse: str | None = None
    fgee_wert: Decimal | None = None
    fgee_klasse: str | None = None
    energieausweis_gueltig_bis: dt.date | None = None
    beschreibung: str | None = None

    @property
    def bezeichnung(self) -> str:
        top = f" Top {self.top_nr}" if self.top_nr else ""
        return f"{self.objekt_nr}/{self.einheit_nr}{top} – {self.einheitsart.value}"

    @property
    def adresse(self) -> str:
        street = " ".join(p for p in (self.strasse, self.hausnummer) if p)
        place = " ".join(p for p in (self.plz, self.ort) if p)
        return ", ".join(p for p in (street, place) if p)

    def _netto(self, *arten: Vorschreibungsart) -> Decimal | None:
        found = [p for p in self.kosten if p.art in arten]
        return summe_netto(found) if found else None

    @property
    def grundmiete(self) -> Decimal | None:
        """The rent proper: Grundmiete, for a Garage/Stellplatz its Stellplatz charge."""
        if self.einheitsart in PARKEN:
            return self._netto(Vorschreibungsart.GRUNDMIETE, Vorschreibungsart.STELLPLATZ)
        return self._netto(Vorschreibungsart.GRUNDMIETE)

    @property
    def betriebskosten(self) -> Decimal | None:
        return self._netto(Vorschreibungsart.BETRIEBSKOSTEN)

    @property
    def heizkosten(self) -> Decimal | None:
        return self._netto(Vorschreibungsart.HEIZKOSTEN, Vorschreibungsart.WARMWASSER)

    @property
    def gesamtmiete_netto(self) -> Decimal | None:
        """Sum of the rounded net positions (None without any position)."""
        return summe_netto(self.kosten) if self.kosten else None

    @property
    def gesamtmiete_ust(self) -> Decimal | None:
        return summe_ust(self.kosten) if self.kosten else None

    @property
    def gesamtmiete_brutto(self) -> Decimal | None:
        """Sum of the rounded gross positions: exactly the lines added up."""
        return summe_brutto(self.kosten) if self.kosten else None

    @property
    def kaltmiete(self) -> Decimal | None:
        """German Kaltmiete: everything but heating and hot water (net)."""
        if self.grundmiete is None:
            return None
        warm = (Vorschreibungsart.HEIZKOSTEN, Vorschreibungsart.WARMWASSER)
        return summe_netto(p for p in self.kosten if p.art not in warm)

    @property
    def ist_wohnung(self) -> bool:
        return self.einheitsart in WOHNEN

    def fehlende_felder(self) -> list[str]:
        """Checklist fields without a value, as the clerk reads them."""
        missing: list[str] = []
        if not (self.strasse and self.plz and self.ort):
            missing.append("Adresse")
        if self.ist_wohnung and self.raeume is None:
            missing.append("Anzahl Räume")
        if self.stockwerk_unbekannt:
            missing.append(f"Etage (Stockwerk „{self.stockwerk}“ unbekannt)")
        elif self.etage is None and self.wohnungtyp is None and self.einheitsart not in PARKEN:
            missing.append("Etage")
        if self.baujahr is None:
            missing.append("Baujahr")
        if self.flaeche is None:
            missing.append("Fläche")
        if self.grundmiete is None:
            missing.append("Grundmiete")
        if self.betriebskosten is None:
            missing.append("Betriebskosten")
        if self.ist_wohnung and self.heizkosten is None:
            missing.append("Heizkosten")
        if self.ist_wohnung and self.heizungsart is None:
            missing.append("Heizungsart")
        if self.ist_wohnung and (self.hwb_wert is None or not self.hwb_klasse):
            missing.append("Energieausweis (HWB)")
        if not (self.kontakt_email or self.kontakt_telefon):
            missing.append("Kontakt (E-Mail oder Telefon)")
        return missing

    def inhalt_hash(self) -> str:
        """Fingerprint of everything that is transferred (changes → new hash)."""
        content = self.model_dump_json(exclude={"ust_abweichungen", "stockwerk_unbekannt"})
        return hashlib.sha256(content.encode()).hexdigest()


def _current_target_rent(rows: Iterable[Any], stichtag: dt.date) -> dict[Vorschreibungsart, Any]:
    """Latest Vorschreibung per Art valid at ``stichtag``."""
    best: dict[Vorschreibungsart, Any] = {}
    for row in rows:
        if row.gueltig_ab > stichtag:
            continue
        if row.gueltig_bis is not None and row.gueltig_bis < stichtag:
            continue
        current = best.get(row.art)
        if current is None or row.gueltig_ab > current.gueltig_ab:
            best[row.art] = row
    return best


def _vacancy(bvs: list[Any], stichtag: dt.date) -> tuple[bool, dt.date | None, Any | None]:
    """(is vacant, verfügbar ab from the Auszug, the last tenancy before).

    ``bvs`` are Bestandsverhältnisse or rows with their columns (aktiv,
    bezugsdatum, auszugsdatum, leerstand_grund).
    """
    relevant = [b for b in bvs if b.aktiv]
    if any(b.bezugsdatum is not None and b.bezugsdatum > stichtag for b in relevant):
        return False, None, None
    active = [b for b in relevant if Bestandsverhaeltnis.ist_aktiv_am(b, stichtag)]
    if active:
        if all(b.auszugsdatum is not None for b in active):
            auszug = max(b.auszugsdatum for b in active if b.auszugsdatum is not None)
            return True, auszug + dt.timedelta(days=1), None
        return False, None, None
    ended = [b for b in relevant if b.auszugsdatum is not None]
    last = max(ended, key=lambda b: b.auszugsdatum or dt.date.min) if ended else None
    return True, None, last


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


# The Einheit columns leerstand_aus_einheit reads (fewer columns, faster rows).
_EINHEIT_SPALTEN = (
    "id",
    "objekt_id",
    "einheit_nr",
    "top_nr",
    "einheitsart",
    "strasse",
    "hausnummer",
    "plz",
    "ort",
    "land",
    "stockwerk",
    "lage",
    "raeume",
    "anzahl_raeume",
    "nettonutzflaeche",
    "verfuegbar_ab",
    "kategorie",
    "keller",
    "einbaukueche",
    "gegensprechanlage",
    "gaeste_wc",
    "balkon",
    "behindertengerecht",
    "heizungsart",
    "hwb_wert",
    "hwb_klasse",
    "fgee_wert",
    "fgee_klasse",
    "energieausweis_gueltig_bis",
    "vermarktung_text",
)


def _records(session: Session, statement: Any) -> list[SimpleNamespace]:
    """Rows as plain namespaces: attribute access on them is much cheaper than on Rows."""
    result = session.execute(statement)
    keys = list(result.keys())
    return [SimpleNamespace(**dict(zip(keys, row, strict=True))) for row in result]


def finde_leerstaende(
    session: Session,
    settings: ImmomioEinstellungen,
    stichtag: dt.date,
    saetze: UstSaetze | None = None,
) -> list[Leerstand]:
    """All Leerstände to market at ``stichtag``, ordered by external id.

    No Mandanten configured means every Mandant (the export and dry run of a
    not yet configured installation; a push requires the list). Reads plain
    rows (no ORM identity map), so thousands of units are built quickly.
    """
    skip_reasons = nicht_vermarkten_gruende(session)
    saetze = saetze if saetze is not None else ust_saetze_laden(session)
    einheit_t = Einheit.__table__
    objekt_t = Objekt.__table__
    mandant_t = Mandant.__table__
    mandanten = {
        m.id: m
        for m in _records(
            session,
            select(*mandant_t.c).where(
                mandant_t.c.mandant_nr.in_(settings.mandanten) if settings.mandanten else true()
            ),
        )
    }
    if not mandanten:
        return []
    objekte = {
        o.id: o
        for o in _records(
            session,
            select(*objekt_t.c).where(
                objekt_t.c.mandant_id.in_(list(mandanten)), objekt_t.c.aktiv.is_(True)
            ),
        )
    }
    if not objekte:
        return []
    einheiten: list[Any] = []
    for chunk in _chunks(list(objekte)):
        einheiten.extend(
            _records(
                session,
                select(*(einheit_t.c[name] for name in _EINHEIT_SPALTEN)).where(
                    einheit_t.c.objekt_id.in_(chunk),
                    einheit_t.c.aktiv.is_(True),
                    einheit_t.c.typus == Typus.MIETE,
                ),
            )
        )
    bv_t = Bestandsverhaeltnis.__table__
    bvs: dict[int, list[Any]] = defaultdict(list)
    for chunk in _chunks([e.id for e in einheiten]):
        for bv in _records(
            session,
            select(
                bv_t.c.einheit_id,
                bv_t.c.aktiv,
                bv_t.c.bezugsdatum,
                bv_t.c.auszugsdatum,
                bv_t.c.leerstand_grund,
            ).where(bv_t.c.einheit_id.in_(chunk)),
        ):
            bvs[bv.einheit_id].append(bv)
    candidates: list[tuple[Any, dt.date | None]] = []
    for einheit in einheiten:
        vacant, ab_auszug, last = _vacancy(bvs.get(einheit.id, []), stichtag)
        if not vacant:
            continue
        if last is not None and last.leerstand_grund in skip_reasons:
            continue
        candidates.append((einheit, ab_auszug))
    rents: dict[int, list[Any]] = defaultdict(list)
    vs_t = Vorschreibung.__table__
    for chunk in _chunks([e.id for e, _ in candidates]):
        for vs in _records(
            session,
            select(
                vs_t.c.einheit_id,
                vs_t.c.art,
                vs_t.c.betrag_netto,
                vs_t.c.ust_prozent,
                vs_t.c.gueltig_ab,
                vs_t.c.gueltig_bis,
            ).where(vs_t.c.einheit_id.in_(chunk), vs_t.c.bestandsverhaeltnis_id.is_(None)),
        ):
            rents[vs.einheit_id].append(vs)
    result = []
    for einheit, ab_auszug in candidates:
        objekt = objekte[einheit.objekt_id]
        result.append(
            leerstand_aus_einheit(
                einheit,
                ab_auszug,
                rents.get(einheit.id, []),
                settings,
                stichtag,
                objekt=objekt,
                mandant=mandanten[objekt.mandant_id],
                saetze=saetze,
            )
        )
    result.sort(key=lambda item: item.externe_id)
    return result


def leerstand_aus_einheit(
    einheit: Any,
    ab_auszug: dt.date | None,
    vorschreibungen: list[Any],
    settings: ImmomioEinstellungen,
    stichtag: dt.date,
    objekt: Any | None = None,
    mandant: Any | None = None,
    saetze: UstSaetze = STANDARD_UST,
) -> Leerstand:
    """The Leerstand data of ``einheit`` with its target-rent Vorschreibungen.

    ``einheit``, ``objekt``, ``mandant`` and the Vorschreibungen may be ORM
    objects or rows with the same column names (objekt/mandant default to the
    Einheit's relationships). ``saetze``: the USt rates in force (see
    :mod:`omclient.immomio.preise`).
    """
    objekt = objekt if objekt is not None else einheit.objekt
    mandant = mandant if mandant is not None else objekt.mandant
    rent = _current_target_rent(vorschreibungen, stichtag)

    kosten, abweichungen = _kosten(rent, einheit.einheitsart, saetze)
    verfuegbar = einheit.verfuegbar_ab
    if ab_auszug is not None and (verfuegbar is None or verfuegbar < ab_auszug):
        verfuegbar = ab_auszug
    raeume = einheit.raeume if einheit.raeume is not None else einheit.anzahl_raeume
    gedeutet = stockwerk_deuten(einheit.stockwerk)
    return Leerstand(
        einheit_id=einheit.id,
        externe_id=externe_id(
            mandant.mandant_nr, objekt.objekt_nr, einheit.einheit_nr, settings.separator
        ),
        mandant_nr=mandant.mandant_nr,
        mandant_name=mandant.name,
        mandant_email=mandant.email,
        mandant_telefon=mandant.telefon,
        mandant_strasse=mandant.strasse,
        mandant_plz=mandant.plz,
        mandant_ort=mandant.ort,
        kontakt_email=settings.kontakt_email or mandant.email,
        kontakt_telefon=settings.kontakt_telefon or mandant.telefon,
        objekt_nr=objekt.objekt_nr,
        objekt_bezeichnung=objekt.bezeichnung,
        einheit_nr=einheit.einheit_nr,
        top_nr=einheit.top_nr,
        einheitsart=einheit.einheitsart,
        strasse=einheit.strasse or objekt.strasse,
        hausnummer=einheit.hausnummer or objekt.hausnummer,
        plz=einheit.plz or objekt.plz,
        ort=einheit.ort or objekt.ort,
        land=einheit.land or objekt.land or "AUT",
        stockwerk=einheit.stockwerk,
        etage=gedeutet[0] if gedeutet else None,
        wohnungtyp=gedeutet[1] if gedeutet else None,
        stockwerk_unbekannt=gedeutet is None,
        lage=einheit.lage,
        raeume=raeume,
        flaeche=einheit.nettonutzflaeche,
        baujahr=objekt.baujahr,
        verfuegbar_ab=verfuegbar,
        kategorie=einheit.kategorie,
        kosten=kosten,
        ust_abweichungen=abweichungen,
        keller=einheit.keller,
        einbaukueche=einheit.einbaukueche,
        gegensprechanlage=einheit.gegensprechanlage,
        aufzug=objekt.aufzug,
        fahrradraum=objekt.fahrradraum,
        gaeste_wc=einheit.gaeste_wc,
        balkon=einheit.balkon,
        barrierefrei=einheit.behindertengerecht,
        heizungsart=einheit.heizungsart,
        hwb_wert=einheit.hwb_wert,
        hwb_klasse=einheit.hwb_klasse,
        fgee_wert=einheit.fgee_wert,
        fgee_klasse=einheit.fgee_klasse,
        energieausweis_gueltig_bis=einheit.energieausweis_gueltig_bis,
        beschreibung=einheit.vermarktung_text,
    )


def _kosten(
    rent: dict[Vorschreibungsart, Any], einheitsart: Einheitsart, saetze: UstSaetze
) -> tuple[tuple[Kostenposition, ...], tuple[str, ...]]:
    """The priced positions (in Vorschreibungsart order) and rate differences to report.

    The rate is the configured one for the unit's Nutzung; a Vorschreibung whose
    own rate differs is named, so the clerk can have RW or the setting corrected.
    """
    nutzung = NUTZUNG[einheitsart]
    kosten: list[Kostenposition] = []
    abweichungen: list[str] = []
    for art in Vorschreibungsart:
        row = rent.get(art)
        if row is None:
            continue
        rate = saetze[(nutzung, art)]
        kosten.append(position(art, row.betrag_netto, rate))
        if row.ust_prozent is not None and Decimal(row.ust_prozent) != rate:
            abweichungen.append(
                f"{art.value}: Vorschreibung {fmt_prozent(Decimal(row.ust_prozent))}, "
                f"gesendet {fmt_prozent(rate)}"
            )
    return tuple(kosten), tuple(abweichungen)


def fmt_prozent(rate: Decimal) -> str:
    """``20`` → ``20 %``, ``12.5`` → ``12,5 %`` (as the clerk writes it)."""
    text = f"{rate.normalize():f}".replace(".", ",")
    return f"{text} %"
