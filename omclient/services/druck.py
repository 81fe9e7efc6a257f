"""The data of the Einheit and Bestandsverhältnis dialogs, Register by Register,
for **Aktionen → Drucken**.

:func:`einheit_druck` and :func:`bv_druck` return a :class:`DruckDokument`: the
dialog's Registers in the dialog's order, each with its Bereiche as label/value
fields or as tables (Infogrid lists, Personen, Ausstattung, …). The fields of
the dialogs' forms are printed under the dialogs' labels and in their Bereiche,
read from the same declarations (:mod:`omclient.services.felder`). Values are
already formatted the Austrian way; fields owned by d+ RW are marked ``rw``
(the printout sets their label in italics, as the dialog does).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from omclient import formatting as fmt
from omclient.domain import (
    Auftrag,
    Ausstattung,
    Bankgarantie,
    Bestandsverhaeltnis,
    Einheit,
    FbStundung,
    Finanzierungsbeitrag,
    Flaechenaufteilung,
    Funktion,
    GlobaleVariable,
    IndivFeld,
    IndivWert,
    Kaution,
    Schluessel,
    Sparbuch,
    Verkettung,
    Vermerk,
    Verrechnungseinheit,
    Vertrag,
    WbfPruefung,
    Zahlungsdaten,
)
from omclient.domain.base import Base, is_rw_owned
from omclient.domain.enums import IndivEntitaet, IndivFeldTyp
from omclient.errors import NotFoundError
from omclient.services import felder
from omclient.services.bankdaten import format_iban
from omclient.services.dto import Dto
from omclient.services.kontoauszug import MandantDto, mandant_dto, person_name


class Feld(Dto):
    label: str
    wert: str
    rw: bool = False


class FeldBlock(Dto):
    titel: str
    felder: tuple[Feld, ...]


class TabellenBlock(Dto):
    titel: str
    spalten: tuple[str, ...]
    zeilen: tuple[tuple[str, ...], ...]
    rechts: tuple[int, ...] = ()
    leer: str = "keine Einträge"


class TextBlock(Dto):
    titel: str
    text: str
    rw: bool = False


Block = FeldBlock | TabellenBlock | TextBlock


class DruckRegister(Dto):
    name: str
    bloecke: tuple[Block, ...]


class DruckDokument(Dto):
    titel: str
    untertitel: str
    mandant: MandantDto
    kennung: str
    registerkarten: tuple[DruckRegister, ...]


def _ja(value: bool | None) -> str:
    return "ja" if value else "nein"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _ja(value)
    if hasattr(value, "value") and isinstance(value.value, str):  # StrEnum
        return str(value.value)
    return str(value)


def _menge(item: Ausstattung) -> str:
    digits = 0 if item.menge == item.menge.to_integral_value() else 2
    return " ".join(p for p in (fmt.number(item.menge, digits), item.mengeneinheit or "") if p)


class _Fields:
    """Collects label/value fields of one entity, marking RW-owned ones."""

    def __init__(self, entity: Base | None) -> None:
        self.entity = entity
        self.items: list[Feld] = []

    def add(self, label: str, value: str, field: str | None = None) -> _Fields:
        rw = bool(field and self.entity is not None and is_rw_owned(self.entity, field))
        self.items.append(Feld(label=label, wert=value, rw=rw))
        return self

    def attr(self, label: str, field: str, kind: str = "text") -> _Fields:
        value = getattr(self.entity, field) if self.entity is not None else None
        formatters: dict[str, Callable[[Any], str]] = {
            "text": _text,
            "date": fmt.date,
            "money": fmt.money,
            "area": fmt.area,
            "percent": lambda v: fmt.percent(v, 2),
        }
        return self.add(label, formatters[kind](value) if value is not None else "", field)

    def feld(
        self, formular: felder.Formular, name: str, wert: str | None = None, kind: str = ""
    ) -> _Fields:
        """Field ``name`` under the dialog's label; ``wert`` replaces the formatted value."""
        if wert is not None:
            return self.add(formular.label(name), wert, name)
        return self.attr(formular.label(name), name, kind or _print_kind(formular[name]))

    def bereich(
        self, formular: felder.Formular, bereich: str, werte: dict[str, str] | None = None
    ) -> _Fields:
        """Every field of the dialog's Bereich, in the dialog's order."""
        werte = werte or {}
        for f in formular.im_bereich(bereich):
            self.feld(formular, f.name, werte.get(f.name))
        return self

    def block(self, titel: str) -> FeldBlock:
        return FeldBlock(titel=titel, felder=tuple(self.items))


def _print_kind(feld: felder.Feld) -> str:
    if feld.format in ("date", "money"):
        return feld.format
    if feld.format == "decimal" and feld.suffix == "m²":
        return "area"
    return "text"


def _table(
    titel: str,
    spalten: Sequence[str],
    zeilen: Sequence[Sequence[str]],
    rechts: Sequence[int] = (),
    leer: str = "keine Einträge",
) -> TabellenBlock:
    return TabellenBlock(
        titel=titel,
        spalten=tuple(spalten),
        zeilen=tuple(tuple(z) for z in zeilen),
        rechts=tuple(rechts),
        leer=leer,
    )


def _infogrid(session: Session, *, einheit_id: int | None, bv_id: int | None) -> list[Block]:
    def linked(model: type[Vertrag] | type[Vermerk] | type[Auftrag] | type[Schluessel]):  # type: ignore[no-untyped-def]
        column = model.einheit_id if einheit_id is not None else model.bestandsverhaeltnis_id
        return column == (einheit_id if einheit_id is not None else bv_id)

    vertraege = session.scalars(select(Vertrag).where(linked(Vertrag)).order_by(Vertrag.beginn))
    vermerke = session.scalars(select(Vermerk).where(linked(Vermerk)).order_by(Vermerk.datum))
    auftraege = session.scalars(select(Auftrag).where(linked(Auftrag)).order_by(Auftrag.datum))
    schluessel = session.scalars(
        select(Schluessel).where(linked(Schluessel)).order_by(Schluessel.art)
    )
    return [
        _table(
            "Info: Verträge",
            ["Vertragsart", "Nummer", "Beginn", "Ende", "Betrag", "Bemerkung"],
            [
                [
                    v.vertragsart,
                    v.nummer or "",
                    fmt.date(v.beginn),
                    fmt.date(v.ende),
                    fmt.money(v.betrag),
                    v.bemerkung or "",
                ]
                for v in vertraege
            ],
            rechts=(4,),
        ),
        _table(
            "Info: Vermerke",
            ["Datum", "Betreff", "Text", "Benutzer"],
            [[fmt.date(v.datum), v.betreff, v.text or "", v.benutzer or ""] for v in vermerke],
        ),
        _table(
            "Info: Aufträge",
            ["Nummer", "Datum", "Betreff", "Status"],
            [[a.nummer or "", fmt.date(a.datum), a.betreff, a.status] for a in auftraege],
        ),
        _table(
            "Info: Schlüssel",
            ["Art", "Nummer", "Anzahl", "ausgegeben", "zurück", "Bemerkung"],
            [
                [
                    k.art,
                    k.nummer or "",
                    str(k.anzahl),
                    fmt.date(k.ausgabedatum),
                    fmt.date(k.rueckgabedatum),
                    k.bemerkung or "",
                ]
                for k in schluessel
            ],
            rechts=(2,),
        ),
    ]


def _indiv(session: Session, entitaet: IndivEntitaet, datensatz_id: int) -> list[Block]:
    felder = session.scalars(
        select(IndivFeld).where(IndivFeld.entitaet == entitaet).order_by(IndivFeld.position)
    ).all()
    werte = {
        w.feld_id: w.wert
        for w in session.scalars(
            select(IndivWert).where(
                IndivWert.datensatz_id == datensatz_id,
                IndivWert.feld_id.in_([f.id for f in felder] or [-1]),
            )
        )
    }

    def show(feld: IndivFeld) -> str:
        value = werte.get(feld.id) or ""
        if feld.typ is IndivFeldTyp.JA_NEIN and value:
            return "ja" if value.lower() in ("1", "true", "ja") else "nein"
        return value

    items = tuple(Feld(label=f.bezeichnung, wert=show(f)) for f in felder)
    if not items:
        return [
            TextBlock(
                titel="Individuelle Felder", text="Es sind keine individuellen Felder definiert."
            )
        ]
    return [FeldBlock(titel="Individuelle Felder", felder=items)]


def _verkettung(session: Session, bv_ids: Sequence[int]) -> list[Block]:
    rows = session.scalars(
        select(Verkettung).where(
            or_(
                Verkettung.haupt_bv_id.in_(bv_ids or [-1]), Verkettung.sub_bv_id.in_(bv_ids or [-1])
            )
        )
    ).all()

    def label(bv: Bestandsverhaeltnis) -> str:
        e = bv.einheit
        return f"{e.objekt.objekt_nr}/{e.einheit_nr}/{bv.bv_nr} {person_name(bv.person)}".strip()

    return [
        _table(
            "Verkettete Bestandsverhältnisse",
            ["Haupt-Bestandnehmer", "Sub-Bestandnehmer", "Art", "aktiv"],
            [[label(v.haupt), label(v.sub), v.art or "", _ja(v.aktiv)] for v in rows],
            leer="nicht verkettet",
        )
    ]


def _funktionen(rows: Sequence[Funktion]) -> TabellenBlock:
    return _table(
        "Funktionen",
        ["Funktion", "Person", "Beginn", "Ende", "aus d+ RW", "Bemerkung"],
        [
            [
                f"{f.funktionsart.code} {f.funktionsart.bezeichnung}",
                person_name(f.person),
                fmt.date(f.beginn),
                fmt.date(f.ende),
                _ja(f.funktionsart.aus_rw),
                f.bemerkung or "",
            ]
            for f in rows
        ],
    )


def einheit_druck(session: Session, einheit_id: int) -> DruckDokument:
    """All data of the Einheit dialog, Register by Register."""
    e = session.get(Einheit, einheit_id)
    if e is None:
        raise NotFoundError("Die Einheit gibt es nicht (mehr).")
    o = e.objekt
    einheit = felder.EINHEIT
    daten = _Fields(e).bereich(
        einheit,
        "Daten",
        {
            "objekt_id": f"{o.objekt_nr} {o.bezeichnung}",
            "stiegenhaus_id": e.stiegenhaus.bezeichnung if e.stiegenhaus else "",
            "vergabestelle_id": e.vergabestelle.name if e.vergabestelle else "",
        },
    )
    kennzeichen = _Fields(e).bereich(einheit, "Kennzeichen")
    adresse = _Fields(e).bereich(einheit, "Adresse")
    labels = {
        g.name: g.wert
        for g in session.scalars(
            select(GlobaleVariable).where(GlobaleVariable.name.like("GLOBAL_EINHEIT_GRUPPE_%"))
        )
    }
    indiv_daten = _Fields(e)
    for n in range(1, 5):
        label = (labels.get(f"GLOBAL_EINHEIT_GRUPPE_{n}_NAME") or "").strip()
        if label:
            indiv_daten.attr(label, f"indiv_daten_{n}")
    allgemein: list[Block] = [
        daten.block("Daten"),
        kennzeichen.block("Kennzeichen"),
        adresse.block("Adresse"),
    ]
    if indiv_daten.items:
        allgemein.append(indiv_daten.block("Indiv Daten"))
    allgemein += _infogrid(session, einheit_id=e.id, bv_id=None)
    allgemein += [
        TextBlock(titel=einheit.label("bemerkung"), text=e.bemerkung or ""),
        TextBlock(titel=einheit.label("bemerkung_fibu"), text=e.bemerkung_fibu or "", rw=True),
    ]
    vermarktung = (
        _Fields(e)
        .attr("verfügbar ab", "verfuegbar_ab", "date")
        .attr("Heizungsart", "heizungsart")
        .add(
            "HWB",
            " ".join(
                p
                for p in (
                    fmt.number(e.hwb_wert, 1) if e.hwb_wert else "",
                    f"kWh/m²a, Klasse {e.hwb_klasse}" if e.hwb_klasse else "",
                )
                if p
            ),
            "hwb_wert",
        )
        .add(
            "fGEE",
            " ".join(
                p
                for p in (
                    fmt.number(e.fgee_wert, 2) if e.fgee_wert else "",
                    f"Klasse {e.fgee_klasse}" if e.fgee_klasse else "",
                )
                if p
            ),
            "fgee_wert",
        )
        .attr("Energieausweis gültig bis", "energieausweis_gueltig_bis", "date")
        .attr("Keller", "keller")
        .attr("Einbauküche", "einbaukueche")
        .attr("Gegensprechanlage", "gegensprechanlage")
        .attr("Gäste-WC", "gaeste_wc")
        .attr("Balkon/Loggia", "balkon")
    )
    bvs = list(e.bestandsverhaeltnisse)
    personen: list[Block] = [
        _table(
            "Bestandsverhältnisse",
            ["Nr.", "Bestandnehmer", "Art", "Bestandsart", "Beginn", "Ende", "aktiv"],
            [
                [
                    bv.bv_nr,
                    person_name(bv.person),
                    bv.art.value,
                    bv.bestandsart or "",
                    fmt.date(bv.bezugsdatum),
                    fmt.date(bv.auszugsdatum),
                    _ja(bv.aktiv),
                ]
                for bv in bvs
            ],
            leer="Die Einheit hat kein Bestandsverhältnis.",
        ),
        _funktionen(
            session.scalars(
                select(Funktion).where(Funktion.einheit_id == e.id).order_by(Funktion.beginn)
            ).all()
        ),
    ]
    items = session.scalars(
        select(Ausstattung).where(Ausstattung.einheit_id == e.id).order_by(Ausstattung.raum)
    ).all()
    ausstattung = _table(
        "Ausstattung",
        ["Gruppe", "Bezeichnung", "Raum", "Menge", "Einbau", "Zustand", "aktiv"],
        [
            [
                a.gruppe.name,
                a.bezeichnung,
                a.raum or "",
                _menge(a),
                fmt.date(a.einbaudatum),
                a.zustand or "",
                _ja(a.aktiv),
            ]
            for a in sorted(items, key=lambda a: (a.gruppe.position, a.bezeichnung))
        ],
        rechts=(3,),
        leer="Der Einheit ist keine Ausstattung zugeordnet.",
    )
    flaechen = session.execute(
        select(Flaechenaufteilung, Verrechnungseinheit)
        .join(
            Verrechnungseinheit, Flaechenaufteilung.verrechnungseinheit_id == Verrechnungseinheit.id
        )
        .where(Flaechenaufteilung.einheit_id == e.id)
    ).all()
    flaechen_rows = sorted(
        (
            [
                veh.sachbereich.code,
                veh.nummer,
                veh.bezeichnung,
                fmt.area(fa.flaeche),
                fmt.number(fa.anteil * 100, 4) + " %",
                fmt.date(fa.gueltig_ab),
            ]
            for fa, veh in flaechen
        ),
        key=lambda r: (r[0], r[1]),
    )
    register = [
        DruckRegister(name="Allgemein", bloecke=tuple(allgemein)),
        DruckRegister(
            name="Vermarktung",
            bloecke=(
                vermarktung.block("Vermarktung"),
                TextBlock(titel="Beschreibung", text=e.vermarktung_text or ""),
            ),
        ),
        DruckRegister(name="Personen", bloecke=tuple(personen)),
        DruckRegister(name="Ausstattung", bloecke=(ausstattung,)),
        DruckRegister(
            name="Flächen / Aufteilung",
            bloecke=(
                _Fields(e).feld(einheit, "nettonutzflaeche").block("Fläche"),
                _table(
                    "Aufteilung nach Verrechnungseinheiten",
                    ["Sachbereich", "VEH", "Bezeichnung", "Fläche", "Anteil", "gültig ab"],
                    flaechen_rows,
                    rechts=(3, 4),
                ),
            ),
        ),
        DruckRegister(
            name="Indiv Felder", bloecke=tuple(_indiv(session, IndivEntitaet.EINHEIT, e.id))
        ),
        DruckRegister(
            name="Verkettung", bloecke=tuple(_verkettung(session, [bv.id for bv in bvs]))
        ),
    ]
    top = f" · Top {e.top_nr}" if e.top_nr else ""
    return DruckDokument(
        titel=f"Einheit {o.objekt_nr}/{e.einheit_nr}",
        untertitel=f"{o.bezeichnung} · {e.einheitsart.value}{top}",
        mandant=mandant_dto(o.mandant),
        kennung=f"{o.objekt_nr}/{e.einheit_nr}",
        registerkarten=tuple(register),
    )


def bv_druck(session: Session, bv_id: int) -> DruckDokument:
    """All data of the Bestandsverhältnis dialog, Register by Register."""
    bv = session.get(Bestandsverhaeltnis, bv_id)
    if bv is None:
        raise NotFoundError("Das Bestandsverhältnis gibt es nicht (mehr).")
    e = bv.einheit
    o = e.objekt
    p = bv.person
    bezug = fmt.date(bv.bezugsdatum)
    if bv.bezugsdatum is None and o.bezugsdatum is not None:
        bezug = f"{fmt.date(o.bezugsdatum)} (aus dem Objekt)"
    allgemein_form = felder.BV_ALLGEMEIN
    allgemein_felder = (
        _Fields(bv)
        .add("Objekt", f"{o.objekt_nr} {o.bezeichnung}")
        .add("Wohnungsnr.", f"{e.einheit_nr}" + (f" · Top {e.top_nr}" if e.top_nr else ""))
        .feld(allgemein_form, "bv_nr")
        .add(bv.art.bestandnehmer, person_name(p), "person_id")
        .add("Person-Nr.", p.person_nr if p else "", "person_id")
        .add(
            "Anschrift",
            ", ".join(
                x
                for x in (
                    " ".join(y for y in (p.strasse, p.hausnummer) if y) if p else "",
                    " ".join(y for y in (p.plz, p.ort) if y) if p else "",
                )
                if x
            ),
            "person_id",
        )
        .feld(allgemein_form, "art")
        .feld(allgemein_form, "bestandsart")
        .feld(allgemein_form, "unterbestandsart")
        .feld(allgemein_form, "bezugsdatum", bezug)
        .feld(allgemein_form, "auszugsdatum")
        .feld(allgemein_form, "befristung_bis")
        .attr("aktiv", "aktiv")
    )
    leer = _Fields(bv).bereich(allgemein_form, "Bei Leerstehung")
    allgemein: list[Block] = [allgemein_felder.block("Daten"), leer.block("Bei Leerstehung")]
    allgemein += _infogrid(session, einheit_id=None, bv_id=bv.id)

    def one(model: type[Kaution] | type[Finanzierungsbeitrag] | type[Zahlungsdaten]):  # type: ignore[no-untyped-def]
        return session.scalars(select(model).where(model.bestandsverhaeltnis_id == bv.id)).first()

    def many(model):  # type: ignore[no-untyped-def]
        return session.scalars(select(model).where(model.bestandsverhaeltnis_id == bv.id)).all()

    kaution = one(Kaution)
    kaution_felder = (
        _Fields(kaution)
        .add("aktiviert", _ja(bv.kaution_aktiv))
        .bereich(felder.KAUTION, "Kaution")
        .bereich(
            felder.KAUTION, "Kautionskonto", {"iban": format_iban(kaution.iban) if kaution else ""}
        )
    )
    fb = one(Finanzierungsbeitrag)
    fb_form = felder.FINANZIERUNGSBEITRAG
    fb_felder = (
        _Fields(fb)
        .add("aktiviert", _ja(bv.finanzierungsbeitrag_aktiv))
        .feld(fb_form, "betrag")
        .feld(fb_form, "datum")
        .feld(fb_form, "verwohnung_prozent_jahr", kind="percent")
        .feld(fb_form, "rueckzahlung_betrag")
        .feld(fb_form, "rueckzahlung_datum")
        .bereich(fb_form, "Forderungsabtretung")
    )
    stundungen = _table(
        "FB-Stundungen",
        ["Betrag", "Raten", "Beginn", "Zinssatz", "Bemerkung"],
        [
            [
                fmt.money(s.betrag),
                str(s.raten),
                fmt.date(s.beginn),
                fmt.percent(s.zinssatz, 3),
                s.bemerkung or "",
            ]
            for s in many(FbStundung)
        ],
        rechts=(0, 1, 3),
    )
    garantien = _table(
        f"Bankgarantien (aktiviert: {_ja(bv.bankgarantie_aktiv)})",
        [felder.BANKGARANTIE.label(n) for n in felder.BANKGARANTIE.namen()],
        [
            [g.bank, g.nummer or "", fmt.money(g.betrag), fmt.date(g.gueltig_bis)]
            for g in many(Bankgarantie)
        ],
        rechts=(2,),
    )
    sparbuecher = _table(
        f"Sparbücher (aktiviert: {_ja(bv.sparbuch_aktiv)})",
        [*(felder.SPARBUCH.label(n) for n in felder.SPARBUCH.namen()), "Losungswort"],
        [
            [
                s.bank,
                s.nummer or "",
                fmt.money(s.betrag),
                "im Schlüsselbund hinterlegt" if s.losungswort_hinterlegt else "nicht hinterlegt",
            ]
            for s in many(Sparbuch)
        ],
        rechts=(2,),
    )
    sonstiges = (
        _Fields(bv)
        .add("aktiviert", _ja(bv.sonstiges_aktiv))
        .bereich(felder.SONSTIGES, "Bürgschaft")
    )
    vergebuehrung = _Fields(bv).bereich(felder.SONSTIGES, "Vergebührung")
    allgemein += [
        kaution_felder.block("Sicherheitsleistungen: Kaution"),
        fb_felder.block("Sicherheitsleistungen: Finanzierungsbeitrag"),
        stundungen,
        garantien,
        sparbuecher,
        sonstiges.block("Sicherheitsleistungen: Sonstiges – Bürgschaft"),
        vergebuehrung.block("Sicherheitsleistungen: Sonstiges – Vergebührung"),
        TextBlock(titel="Bemerkung", text=bv.bemerkung or ""),
    ]
    wbf = _table(
        "WBF-Prüfungen",
        ["Datum", "Ergebnis", "Haushalt", "Einkommen", "Grenze", "nächste Prüfung", "Bemerkung"],
        [
            [
                fmt.date(w.datum),
                w.ergebnis or "",
                str(w.haushaltsgroesse or ""),
                fmt.money(w.haushaltseinkommen),
                fmt.money(w.einkommensgrenze),
                fmt.date(w.naechste_pruefung),
                w.bemerkung or "",
            ]
            for w in sorted(many(WbfPruefung), key=lambda w: w.datum)
        ],
        rechts=(2, 3, 4),
    )
    z = one(Zahlungsdaten)
    zahlung: Block
    if z is None:
        zahlung = TextBlock(titel="Zahlungsdaten", text="keine Zahlungsdaten hinterlegt")
    else:
        werte = {
            "iban": format_iban(z.iban),
            "faelligkeitstag": f"{z.faelligkeitstag}." if z.faelligkeitstag else "",
        }
        zahlung_felder = _Fields(z)
        for f in felder.ZAHLUNG.felder:
            zahlung_felder.feld(felder.ZAHLUNG, f.name, werte.get(f.name))
        zahlung = zahlung_felder.block("Zahlungsdaten")
    funktionen = _funktionen(
        session.scalars(
            select(Funktion)
            .where(Funktion.bestandsverhaeltnis_id == bv.id)
            .order_by(Funktion.beginn)
        ).all()
    )
    register = (
        DruckRegister(name="Allgemein", bloecke=tuple(allgemein)),
        DruckRegister(name="WBF-Prüfung", bloecke=(wbf,)),
        DruckRegister(name="Zahlung", bloecke=(zahlung,)),
        DruckRegister(name="Funktionen", bloecke=(funktionen,)),
        DruckRegister(name="Verkettung", bloecke=tuple(_verkettung(session, [bv.id]))),
        DruckRegister(
            name="Indiv Felder",
            bloecke=tuple(_indiv(session, IndivEntitaet.BESTANDSVERHAELTNIS, bv.id)),
        ),
    )
    kennung = f"{o.objekt_nr}/{e.einheit_nr}/{bv.bv_nr}"
    return DruckDokument(
        titel=f"Bestandsverhältnis {kennung}",
        untertitel=f"{person_name(p) or 'ohne Bestandnehmer'} · {o.bezeichnung}",
        mandant=mandant_dto(o.mandant),
        kennung=kennung,
        registerkarten=register,
    )
