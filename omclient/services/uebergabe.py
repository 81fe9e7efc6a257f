"""Wohnungsübergabeprotokoll: what is handed over when a tenant moves in or out.

:func:`uebergabe` collects for one Bestandsverhältnis the unit data, the
parties, the rooms (derived from the unit and its Ausstattung), the active
Ausstattung, the meters to read and the keys from the Schlüssel Infogrid.
:func:`bv_fuer_uebergabe` picks the tenancy of an Einheit for the CLI.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.domain import Ausstattung, Bestandsverhaeltnis, Einheit, Schluessel
from omclient.domain.enums import Einheitsart
from omclient.errors import NotFoundError, ValidationError
from omclient.formatting import date as fmt_date
from omclient.formatting import number
from omclient.services.dto import Dto
from omclient.services.kontoauszug import (
    MandantDto,
    anschrift,
    einheit_adresse,
    mandant_dto,
    person_name,
)


class UebergabeArt(enum.StrEnum):
    EINZUG = "Einzug"
    AUSZUG = "Auszug"


ZAEHLER = ("Strom", "Gas", "Wasser kalt", "Wasser warm", "Heizung (Wärmemengenzähler)")
# Garages, parking spaces and storage rooms have at most an electricity meter.
ZAEHLER_NEBENRAUM = ("Strom",)
_NEBENRAEUME = (
    Einheitsart.GARAGE,
    Einheitsart.PARKPLATZ,
    Einheitsart.KELLER,
    Einheitsart.DACHBODEN,
)

# Rooms an Ausstattung's "raum" may name, mapped to the protocol's room names.
_RAUM_ALIAS = {
    "keller": "Kellerabteil",
    "kellerabteil": "Kellerabteil",
    "balkon": "Balkon/Loggia",
    "loggia": "Balkon/Loggia",
    "terrasse": "Balkon/Loggia",
    "vorzimmer": "Vorraum",
    "flur": "Vorraum",
    "diele": "Vorraum",
    "badezimmer": "Bad",
    "toilette": "WC",
}


class RaumZeile(Dto):
    name: str
    ausstattung: tuple[str, ...] = ()


class AusstattungZeile(Dto):
    gruppe: str
    bezeichnung: str
    raum: str
    menge: str
    zustand: str


class SchluesselZeile(Dto):
    art: str
    nummer: str
    anzahl: int
    ausgabedatum: dt.date | None
    rueckgabedatum: dt.date | None


class UebergabeDto(Dto):
    art: UebergabeArt
    mandant: MandantDto
    objekt_nr: str
    objekt_bezeichnung: str
    einheit_nr: str
    top_nr: str | None
    einheitsart: Einheitsart
    adresse: str
    stiege: str | None
    stockwerk: str | None
    lage: str | None
    nutzflaeche: Decimal | None
    zimmer: int | None
    kategorie: str | None
    heizungsart: str | None
    heizkostenfirma: str | None
    bv_kennung: str
    bestandsart: str | None
    bestandnehmer: str
    person_nr: str | None
    bestandnehmer_anschrift: tuple[str, ...]
    telefon: str | None
    email: str | None
    bezugsdatum: dt.date | None
    auszugsdatum: dt.date | None
    befristung_bis: dt.date | None
    uebergabedatum: dt.date | None
    raeume: tuple[RaumZeile, ...]
    ausstattung: tuple[AusstattungZeile, ...]
    zaehler: tuple[str, ...] = ZAEHLER
    schluessel: tuple[SchluesselZeile, ...]

    @property
    def titel(self) -> str:
        base = (
            "Wohnungsübergabeprotokoll"
            if self.einheitsart is Einheitsart.WOHNUNG
            else "Übergabeprotokoll"
        )
        return f"{base} – {self.art.value}"


def _canonical(raum: str) -> str:
    text = raum.strip()
    return _RAUM_ALIAS.get(text.lower(), text)


def raeume(einheit: Einheit, ausstattung: list[Ausstattung]) -> list[str]:
    """Room names of the protocol, in walking order.

    A Wohnung has Vorraum, Küche, Bad, WC and Zimmer 1…n (n from the unit's
    Anzahl Räume, else the RW Räume, at least 1); Balkon/Loggia and
    Kellerabteil when the unit or its Ausstattung has them; rooms named only in
    the Ausstattung are added before the outdoor/cellar rooms.
    """
    art = einheit.einheitsart
    gruppen = {a.gruppe.name for a in ausstattung}
    named = [_canonical(a.raum) for a in ausstattung if a.raum]
    if art is Einheitsart.WOHNUNG:
        rooms = ["Vorraum", "Küche", "Bad", "WC"]
        if einheit.gaeste_wc:
            rooms.append("Gäste-WC")
        count = einheit.anzahl_raeume or einheit.raeume or 1
        rooms.extend(f"Zimmer {i}" for i in range(1, count + 1))
    elif art in (Einheitsart.LOKAL, Einheitsart.BUERO):
        rooms = ["Geschäftsraum", "Nebenraum", "WC"]
    elif art in (Einheitsart.GARAGE, Einheitsart.PARKPLATZ):
        rooms = ["Stellplatz" if art is Einheitsart.PARKPLATZ else "Garage"]
    elif art is Einheitsart.KELLER:
        rooms = ["Kellerabteil"]
    else:
        rooms = ["Dachbodenabteil"]
    tail: list[str] = []
    if einheit.balkon or "Balkon/Loggia" in gruppen or "Balkon/Loggia" in named:
        tail.append("Balkon/Loggia")
    if (einheit.keller or "Kellerabteil" in named) and "Kellerabteil" not in rooms:
        tail.append("Kellerabteil")
    for name in named:
        if name not in rooms and name not in tail:
            rooms.append(name)
    return rooms + tail


def _ausstattung(session: Session, einheit_id: int) -> list[Ausstattung]:
    return list(
        session.scalars(
            select(Ausstattung)
            .where(Ausstattung.einheit_id == einheit_id, Ausstattung.aktiv.is_(True))
            .order_by(Ausstattung.raum, Ausstattung.bezeichnung)
        )
    )


def _menge(item: Ausstattung) -> str:
    if item.menge is None or (item.menge == 1 and not item.mengeneinheit):
        return ""
    digits = 0 if item.menge == item.menge.to_integral_value() else 2
    return " ".join(p for p in (number(item.menge, digits), item.mengeneinheit) if p)


def uebergabe(
    session: Session, bv_id: int, art: UebergabeArt = UebergabeArt.EINZUG
) -> UebergabeDto:
    """Everything the protocol prints for Bestandsverhältnis ``bv_id``."""
    bv = session.get(Bestandsverhaeltnis, bv_id)
    if bv is None:
        raise NotFoundError("Das Bestandsverhältnis gibt es nicht (mehr).")
    einheit = bv.einheit
    objekt = einheit.objekt
    items = _ausstattung(session, einheit.id)
    room_names = raeume(einheit, items)
    per_room: dict[str, list[str]] = {name: [] for name in room_names}
    for item in items:
        if item.raum and _canonical(item.raum) in per_room:
            per_room[_canonical(item.raum)].append(item.bezeichnung)
        elif item.gruppe.name == "Balkon/Loggia" and "Balkon/Loggia" in per_room:
            per_room["Balkon/Loggia"].append(item.bezeichnung)
    keys = session.scalars(
        select(Schluessel)
        .where(
            or_(
                Schluessel.bestandsverhaeltnis_id == bv.id,
                Schluessel.einheit_id == einheit.id,
            )
        )
        .order_by(Schluessel.art, Schluessel.nummer)
    ).all()
    person = bv.person
    return UebergabeDto(
        art=art,
        mandant=mandant_dto(objekt.mandant),
        objekt_nr=objekt.objekt_nr,
        objekt_bezeichnung=objekt.bezeichnung,
        einheit_nr=einheit.einheit_nr,
        top_nr=einheit.top_nr,
        einheitsart=einheit.einheitsart,
        adresse=einheit_adresse(einheit),
        stiege=einheit.stiegenhaus.bezeichnung if einheit.stiegenhaus else einheit.stiege,
        stockwerk=einheit.stockwerk,
        lage=einheit.lage,
        nutzflaeche=einheit.nettonutzflaeche,
        zimmer=einheit.anzahl_raeume or einheit.raeume,
        kategorie=einheit.kategorie,
        heizungsart=einheit.heizungsart.value if einheit.heizungsart else None,
        heizkostenfirma=einheit.heizkostenfirma,
        bv_kennung=f"{objekt.objekt_nr}/{einheit.einheit_nr}/{bv.bv_nr}",
        bestandsart=bv.bestandsart,
        bestandnehmer=person_name(person),
        person_nr=person.person_nr if person else None,
        bestandnehmer_anschrift=anschrift(person, einheit),
        telefon=(person.mobil or person.telefon) if person else None,
        email=person.email if person else None,
        bezugsdatum=bv.bezugsdatum,
        auszugsdatum=bv.auszugsdatum,
        befristung_bis=bv.befristung_bis,
        uebergabedatum=bv.auszugsdatum if art is UebergabeArt.AUSZUG else bv.bezugsdatum,
        zaehler=ZAEHLER_NEBENRAUM if einheit.einheitsart in _NEBENRAEUME else ZAEHLER,
        raeume=tuple(RaumZeile(name=n, ausstattung=tuple(per_room[n])) for n in room_names),
        ausstattung=tuple(
            AusstattungZeile(
                gruppe=item.gruppe.name,
                bezeichnung=item.bezeichnung,
                raum=item.raum or "",
                menge=_menge(item),
                zustand=item.zustand or "",
            )
            for item in sorted(
                items, key=lambda i: (i.gruppe.position, i.gruppe.name, i.bezeichnung)
            )
        ),
        schluessel=tuple(
            SchluesselZeile(
                art=k.art,
                nummer=k.nummer or "",
                anzahl=k.anzahl,
                ausgabedatum=k.ausgabedatum,
                rueckgabedatum=k.rueckgabedatum,
            )
            for k in keys
        ),
    )


def bv_fuer_uebergabe(
    session: Session, einheit_id: int, art: UebergabeArt, clock: Clock = SYSTEM_CLOCK
) -> int:
    """The tenancy of an Einheit a protocol is for.

    Einzug: the tenancy current today, else the next one starting. Auszug: the
    current one, else the one that ended last. ValidationError when none fits.
    """
    einheit = session.get(Einheit, einheit_id)
    if einheit is None:
        raise NotFoundError("Die Einheit gibt es nicht (mehr).")
    label = f"{einheit.objekt.objekt_nr}/{einheit.einheit_nr}"
    bvs = list(einheit.bestandsverhaeltnisse)
    if not bvs:
        raise ValidationError(
            f"Die Einheit {label} hat kein Mietverhältnis. Ein Übergabeprotokoll kann nur für "
            "ein Mietverhältnis erstellt werden."
        )
    today = clock.today()
    current = [bv for bv in bvs if bv.ist_aktiv_am(today)]
    if current:
        return current[-1].id
    if art is UebergabeArt.EINZUG:
        upcoming = [bv for bv in bvs if bv.bezugsdatum and bv.bezugsdatum > today]
        if upcoming:
            return min(upcoming, key=lambda bv: bv.bezugsdatum or today).id
        raise ValidationError(
            f"Die Einheit {label} hat derzeit kein Mietverhältnis. Für ein Einzugsprotokoll "
            "legen Sie bitte zuerst das neue Mietverhältnis an."
        )
    ended = [bv for bv in bvs if bv.auszugsdatum and bv.auszugsdatum < today]
    if ended:
        return max(ended, key=lambda bv: bv.auszugsdatum or today).id
    raise ValidationError(
        f"Die Einheit {label} hat kein laufendes oder beendetes Mietverhältnis "
        f"(Stand {fmt_date(today)})."
    )
