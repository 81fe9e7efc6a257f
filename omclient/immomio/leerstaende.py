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

WOHNEN = (Einheitsart.WOHNUNG,)
GEWERBE = (Einheitsart.LOKAL, Einheitsart.BUERO)
PARKEN = (Einheitsart.GARAGE, Einheitsart.PARKPLATZ)

_NUMBER = re.compile(r"-?\d+")


def etage_aus_stockwerk(stockwerk: str | None) -> int | None:
    """Floor number for OpenImmo: Erdgeschoss/EG → 0, Keller/UG → −1,
    otherwise the first number in the text, else None."""
    if not stockwerk:
        return None
    text = stockwerk.strip()
    lowered = text.lower()
    words = set(re.split(r"[\s.,/()-]+", lowered))
    if "erdgeschoss" in lowered or "eg" in words:
        return 0
    if "keller" in lowered or "ug" in words or "untergeschoss" in lowered:
        return -1
    match = _NUMBER.search(text)
    return int(match.group()) if match else None


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
    kategorie: str | None = None
    grundmiete: Decimal | None = None
    betriebskosten: Decimal | None = None
    heizkosten: Decimal | None = None
    sonstige_kosten: Decimal | None = None
    ust_grundmiete: Decimal | None = None
    ust_betriebskosten: Decimal | None = None
    ust_heizkosten: Decimal | None = None
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

    @property
    def gesamtmiete_netto(self) -> Decimal | None:
        parts = [self.grundmiete, self.betriebskosten, self.heizkosten, self.sonstige_kosten]
        if all(p is None for p in parts):
            return None
        return sum((p for p in parts if p is not None), Decimal("0"))

    @property
    def gesamtmiete_brutto(self) -> Decimal | None:
        if self.gesamtmiete_netto is None:
            return None
        total = Decimal("0")
        for amount, ust in (
            (self.grundmiete, self.ust_grundmiete),
            (self.betriebskosten, self.ust_betriebskosten),
            (self.heizkosten, self.ust_heizkosten),
            (self.sonstige_kosten, None),
        ):
            if amount is not None:
                total += amount * (1 + (ust or Decimal("0")) / 100)
        return total.quantize(Decimal("0.01"))

    @property
    def kaltmiete(self) -> Decimal | None:
        """German Kaltmiete: Grundmiete plus Betriebskosten, without heating."""
        if self.grundmiete is None:
            return None
        return self.grundmiete + (self.betriebskosten or Decimal("0"))

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
        if self.etage is None and self.einheitsart not in PARKEN:
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
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()


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
    session: Session, settings: ImmomioEinstellungen, stichtag: dt.date
) -> list[Leerstand]:
    """All Leerstände to market at ``stichtag``, ordered by external id.

    No Mandanten configured means every Mandant (the export and dry run of a
    not yet configured installation; a push requires the list). Reads plain
    rows (no ORM identity map), so thousands of units are built quickly.
    """
    skip_reasons = nicht_vermarkten_gruende(session)
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
) -> Leerstand:
    """The Leerstand data of ``einheit`` with its target-rent Vorschreibungen.

    ``einheit``, ``objekt``, ``mandant`` and the Vorschreibungen may be ORM
    objects or rows with the same column names (objekt/mandant default to the
    Einheit's relationships).
    """
    objekt = objekt if objekt is not None else einheit.objekt
    mandant = mandant if mandant is not None else objekt.mandant
    rent = _current_target_rent(vorschreibungen, stichtag)

    def betrag(art: Vorschreibungsart) -> Decimal | None:
        row = rent.get(art)
        return row.betrag_netto if row is not None else None

    def ust(art: Vorschreibungsart) -> Decimal | None:
        row = rent.get(art)
        return row.ust_prozent if row is not None else None

    heiz = [betrag(Vorschreibungsart.HEIZKOSTEN), betrag(Vorschreibungsart.WARMWASSER)]
    heizkosten = None if all(h is None for h in heiz) else sum((h for h in heiz if h), Decimal("0"))
    sonstige_arten = (
        Vorschreibungsart.LIFT,
        Vorschreibungsart.EVB,
        Vorschreibungsart.STELLPLATZ,
        Vorschreibungsart.SONSTIGES,
    )
    sonstige = [b for b in (betrag(a) for a in sonstige_arten) if b is not None]
    verfuegbar = einheit.verfuegbar_ab
    if ab_auszug is not None and (verfuegbar is None or verfuegbar < ab_auszug):
        verfuegbar = ab_auszug
    raeume = einheit.raeume if einheit.raeume is not None else einheit.anzahl_raeume
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
        etage=etage_aus_stockwerk(einheit.stockwerk),
        lage=einheit.lage,
        raeume=raeume,
        flaeche=einheit.nettonutzflaeche,
        baujahr=objekt.baujahr,
        verfuegbar_ab=verfuegbar,
        kategorie=einheit.kategorie,
        grundmiete=betrag(Vorschreibungsart.GRUNDMIETE),
        betriebskosten=betrag(Vorschreibungsart.BETRIEBSKOSTEN),
        heizkosten=heizkosten,
        sonstige_kosten=sum(sonstige, Decimal("0")) if sonstige else None,
        ust_grundmiete=ust(Vorschreibungsart.GRUNDMIETE),
        ust_betriebskosten=ust(Vorschreibungsart.BETRIEBSKOSTEN),
        ust_heizkosten=ust(Vorschreibungsart.HEIZKOSTEN),
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
