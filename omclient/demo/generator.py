"""The RW side of the demo portfolio: a deterministic export of realistic Austrian data.

:func:`write_rw_export` writes what d+ RW would export for N Einheiten
(seeded: the same seed and Stichtag give the same files). The data then enters
the database through the real RW import; OM-owned data follows in
:mod:`omclient.demo.om`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import random
import shutil
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from omclient.demo.om import OmEinheit, OmSammler
from omclient.memory import gc_paused
from omclient.rw.exporter import ExportWriter

D = dt.date

# Big Objekt of large demos (benchmarks/overview.py needs it).
BIG_OBJEKT_MANDANT = "01"
BIG_OBJEKT_NR = "9000"
BIG_OBJEKT_DEFAULT_FROM = 100_000
BIG_OBJEKT_UNITS = 5000
# From this size on the Objekte are generated in one process per core.
PARALLEL_FROM = 20_000

MANDANTEN = [
    ("01", "Gemeinnützige Wohnbau Wien GmbH", "Praterstraße 1", "1020", "Wien", "ATU12345678"),
    ("02", "Linzer Wohnungsgenossenschaft eGen", "Landstraße 10", "4020", "Linz", "ATU23456789"),
    (
        "03",
        "Alpenland Wohnbau gemeinnützige GmbH",
        "Maria-Theresien-Straße 5",
        "6020",
        "Innsbruck",
        "ATU34567890",
    ),
]

# city, Mandant, share of the portfolio, postcodes, streets
STAEDTE = [
    (
        "Wien",
        "01",
        0.42,
        ["1020", "1100", "1110", "1120", "1140", "1160", "1210", "1220", "1230"],
        [
            "Donaufelder Straße",
            "Wagramer Straße",
            "Favoritenstraße",
            "Simmeringer Hauptstraße",
            "Meidlinger Hauptstraße",
            "Hütteldorfer Straße",
            "Ottakringer Straße",
            "Brünner Straße",
            "Erzherzog-Karl-Straße",
            "Breitenfurter Straße",
            "Laxenburger Straße",
            "Prager Straße",
        ],
    ),
    (
        "Graz",
        "01",
        0.18,
        ["8010", "8020", "8041", "8045", "8051", "8055"],
        [
            "Annenstraße",
            "Triester Straße",
            "Wiener Straße",
            "Eggenberger Allee",
            "Plüddemanngasse",
            "Kärntner Straße",
            "Liebenauer Hauptstraße",
        ],
    ),
    (
        "Linz",
        "02",
        0.18,
        ["4020", "4030", "4040"],
        [
            "Wiener Straße",
            "Dauphinestraße",
            "Freistädter Straße",
            "Leonfeldner Straße",
            "Salzburger Straße",
            "Kapuzinerstraße",
        ],
    ),
    (
        "Innsbruck",
        "03",
        0.10,
        ["6020"],
        [
            "Amraser Straße",
            "Reichenauer Straße",
            "Pradler Straße",
            "Höttinger Au",
            "Technikerstraße",
        ],
    ),
    (
        "Salzburg",
        "03",
        0.12,
        ["5020"],
        [
            "Ignaz-Harrer-Straße",
            "Alpenstraße",
            "Vogelweiderstraße",
            "Aigner Straße",
            "Münchner Bundesstraße",
        ],
    ),
]

VORNAMEN_W = [
    "Anna",
    "Maria",
    "Elisabeth",
    "Sabine",
    "Claudia",
    "Andrea",
    "Julia",
    "Katharina",
    "Lisa",
    "Sarah",
    "Christina",
    "Barbara",
    "Monika",
    "Petra",
    "Eva",
    "Johanna",
    "Theresa",
    "Magdalena",
    "Lena",
    "Sophie",
    "Martina",
    "Birgit",
    "Ayşe",
    "Ivana",
]
VORNAMEN_M = [
    "Johann",
    "Franz",
    "Josef",
    "Karl",
    "Michael",
    "Thomas",
    "Andreas",
    "Stefan",
    "Markus",
    "Christian",
    "Wolfgang",
    "Peter",
    "Lukas",
    "David",
    "Florian",
    "Daniel",
    "Alexander",
    "Gerhard",
    "Manfred",
    "Martin",
    "Mehmet",
    "Milan",
    "Tobias",
    "Paul",
]
NACHNAMEN = [
    "Gruber",
    "Huber",
    "Bauer",
    "Wagner",
    "Müller",
    "Pichler",
    "Steiner",
    "Moser",
    "Mayer",
    "Hofer",
    "Leitner",
    "Berger",
    "Fuchs",
    "Eder",
    "Fischer",
    "Schmid",
    "Winkler",
    "Weber",
    "Schwarz",
    "Maier",
    "Schneider",
    "Reiter",
    "Mayr",
    "Schmidt",
    "Wimmer",
    "Egger",
    "Brunner",
    "Lang",
    "Baumgartner",
    "Auer",
    "Binder",
    "Lechner",
    "Wolf",
    "Wallner",
    "Aigner",
    "Ebner",
    "Koller",
    "Lehner",
    "Haas",
    "Schuster",
    "Novak",
    "Horvath",
    "Kovač",
    "Yılmaz",
    "Nowak",
    "Popović",
    "Kaya",
    "Jovanović",
]
MAILDOMAINS = ["gmx.at", "aon.at", "gmail.com", "a1.net", "chello.at"]
TITEL = ["Mag.", "Dr.", "Ing.", "DI", "MMag.", "BSc", "MA"]
FIRMEN = [
    "Café",
    "Bäckerei",
    "Friseursalon",
    "Trafik",
    "Apotheke",
    "Blumen",
    "Fahrschule",
    "Physiotherapie",
    "Steuerberatung",
    "Reisebüro",
    "Optik",
    "Bistro",
]
HEIZKOSTENFIRMEN = [
    "Techem Energy Services GmbH",
    "ista Österreich GmbH",
    "Wien Energie GmbH",
    "Brunata-Metrona GmbH",
    "Minol Zähler GmbH",
]
MIETZINS_KATEGORIEN = [
    ("A", "Kategorie A"),
    ("B", "Kategorie B"),
    ("C", "Kategorie C"),
    ("D", "Kategorie D"),
    ("RW9", "Richtwertmietzins"),
    ("AMZ", "Angemessener Mietzins"),
    ("KOST", "Kostendeckung (WGG)"),
]
SACHBEREICHE = [("BK", "Betriebskosten"), ("HK", "Heizkosten"), ("IK", "Instandhaltung")]

# Einheitsart, share, top prefix
ARTEN = [
    ("Wohnung", 0.78, ""),
    ("Garage", 0.07, "G"),
    ("Parkplatz", 0.05, "P"),
    ("Lokal", 0.03, "L"),
    ("Keller", 0.03, "K"),
    ("Dachboden", 0.02, "D"),
    ("Büro", 0.02, "B"),
]
STOCKWERKE = ["EG", "1. OG", "2. OG", "3. OG", "4. OG", "5. OG", "6. OG", "DG"]

CENT = Decimal("0.01")


@dataclass
class DemoUmfang:
    """What was generated (the numbers the demo and the benchmark report)."""

    einheiten: int = 0
    bestandsverhaeltnisse: int = 0
    personen: int = 0
    buchungen: int = 0
    zeilen: int = 0
    big_objekt: str | None = None
    buchungsmonate: int = 0
    mandanten: list[str] = field(default_factory=list)
    om_dateien: list[Path] = field(default_factory=list)  # OM data, if asked for

    def add(self, other: DemoUmfang) -> None:
        """Count in what another piece of the same demo generated."""
        self.einheiten += other.einheiten
        self.bestandsverhaeltnisse += other.bestandsverhaeltnisse
        self.personen += other.personen
        self.buchungen += other.buchungen
        self.big_objekt = self.big_objekt or other.big_objekt


def buchungsmonate_fuer(units: int) -> int:
    """Months of postings per tenancy: years for small demos, fewer for big ones.

    Up to 5,000 Einheiten: 24 months; up to 100,000: 12 months; above: the
    last 2 months (keeps a 250,000-unit demo within two minutes).
    """
    if units <= 5_000:
        return 24
    if units <= 100_000:
        return 12
    return 2


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    return dt.date(year, month % 12 + 1, min(day.day, 28))


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


# Upper bounds per Einheit of what one Einheit brings (see _Generator): each Objekt
# takes its numbers from a block of its own, so that the Objekte can be generated
# independently, in any number of processes, with the same result.
PERSONEN_JE_EINHEIT = 6  # up to five tenancies and one Funktionsträger (61000)
FUNKTIONEN_JE_EINHEIT = 2  # the Objekt's Hausbesorger and one Funktion at the tenancy


@dataclass(frozen=True)
class ObjektPlan:
    """One Objekt of the demo: decided up front, generated on its own."""

    index: int
    stadt: int  # position in STAEDTE
    size: int
    big: bool
    mandant: str
    objekt_nr: str
    person_base: int  # this Objekt's persons are numbered from person_base + 1
    funktion_base: int
    buchung_base: int


def plan_objekte(units: int, seed: int, big_objekt: int, buchungsmonate: int) -> list[ObjektPlan]:
    """The Objekte of a demo of ``units`` Einheiten: sizes, cities, numbers.

    Drawn from the seed alone; every Objekt then has a random generator of its
    own (see :func:`objekt_rng`), so the data does not depend on how the
    Objekte are split among processes.
    """
    rng = random.Random(seed)
    plans: list[ObjektPlan] = []
    # Objektnummern unique across Mandanten (01: 10001…, 02: 20001…), as clerks type them.
    objekt_nr = {m[0]: 10000 * (i + 1) for i, m in enumerate(MANDANTEN)}
    units_before = {m[0]: 0 for m in MANDANTEN}
    funktion_units = 0

    def add(stadt: int, size: int, big: bool) -> None:
        nonlocal funktion_units
        mandant = BIG_OBJEKT_MANDANT if big else STAEDTE[stadt][1]
        if big:
            nr = BIG_OBJEKT_NR
        else:
            objekt_nr[mandant] += 1
            nr = str(objekt_nr[mandant])
        before = units_before[mandant]
        plans.append(
            ObjektPlan(
                index=len(plans),
                stadt=stadt,
                size=size,
                big=big,
                mandant=mandant,
                objekt_nr=nr,
                person_base=before * PERSONEN_JE_EINHEIT,
                funktion_base=funktion_units * FUNKTIONEN_JE_EINHEIT,
                buchung_base=before * 2 * buchungsmonate,
            )
        )
        units_before[mandant] += size
        funktion_units += size

    remaining = units
    if big_objekt and remaining > 0:
        size = min(big_objekt, remaining)
        add(0, size, True)
        remaining -= size
    cumulative = []
    total = 0.0
    for _ort, _mandant, share, _plzs, _strassen in STAEDTE:
        total += share
        cumulative.append(total)
    sizes = [4, 6, 8, 10, 12, 14, 16, 18, 20, 24, 28, 32, 40, 48, 60, 80]
    while remaining > 0:
        pick = rng.random() * total
        stadt = next(i for i, c in enumerate(cumulative) if pick <= c)
        size = min(rng.choice(sizes), remaining)
        add(stadt, size, False)
        remaining -= size
    return plans


def objekt_rng(seed: int, index: int, purpose: str = "rw") -> random.Random:
    """The random generator of one Objekt (``purpose``: ``rw`` or ``om`` data)."""
    return random.Random(f"{seed}/{index}/{purpose}")


def write_global_rows(writer: ExportWriter, seed: int) -> None:
    """Mandanten, Sachbereiche and Mietzins-Kategorien: the rows no Objekt owns."""
    rng = random.Random(f"{seed}/mandanten")
    for nr, name, strasse, plz, ort, uid in MANDANTEN:
        writer.row(
            "mandanten.csv",
            {
                "mandant_nr": nr,
                "name": name,
                "strasse": strasse,
                "plz": plz,
                "ort": ort,
                "land": "AUT",
                "telefon": f"+43 {rng.randint(1, 732)} {rng.randint(100000, 999999)}",
                "email": f"office@{nr}.wohnbau.example.at",
                "uid_nr": uid,
                "aktiv": True,
            },
        )
    for code, name in SACHBEREICHE:
        writer.row("sachbereiche.csv", {"code": code, "bezeichnung": name})
    for code, name in MIETZINS_KATEGORIEN:
        writer.row("mietzinskategorien.csv", {"code": code, "bezeichnung": name})


class _Generator:
    """Writes the rows of some Objekte (their Einheiten, tenancies, persons, …)."""

    def __init__(
        self,
        writer: ExportWriter,
        seed: int,
        stichtag: dt.date,
        buchungsmonate: int,
        om: OmSammler | None = None,
    ) -> None:
        self.w = writer
        self.seed = seed
        self.rng = random.Random(seed)
        self.stichtag = stichtag
        self.monate = buchungsmonate
        self.om = om
        self.umfang = DemoUmfang(buchungsmonate=buchungsmonate)
        self.person_nr = 0
        self.funktion_nr = 0
        self.buchung_nr = 0

    def run(self, plans: list[ObjektPlan]) -> DemoUmfang:
        for plan in plans:
            self.rng = objekt_rng(self.seed, plan.index)
            self.person_nr = plan.person_base
            self.funktion_nr = plan.funktion_base
            self.buchung_nr = plan.buchung_base
            self._objekt(plan)
        return self.umfang

    def _objekt(self, plan: ObjektPlan) -> None:
        rng = self.rng
        ort, _mandant, _share, plzs, strassen = STAEDTE[plan.stadt]
        mandant, objekt_nr, size, big = plan.mandant, plan.objekt_nr, plan.size, plan.big
        if big:
            strasse, hausnummer, plz = "Wienerbergstraße", "20", "1120"
            bezeichnung = "Großwohnanlage Wienerberg"
            self.umfang.big_objekt = objekt_nr
        else:
            strasse = rng.choice(strassen)
            hausnummer = str(rng.randint(1, 180))
            plz = rng.choice(plzs)
            art = rng.choice(["Wohnanlage", "Wohnhausanlage", "Wohnhaus", "Stadthaus", "Wohnpark"])
            bezeichnung = f"{art} {strasse} {hausnummer}"
        baujahr = rng.randint(1952, 2021)
        bezug = D(min(baujahr + 1, self.stichtag.year - 1), rng.randint(1, 12), 1)
        aktiv = rng.random() > 0.01 or big
        eigentum = rng.random() < 0.15 and not big
        self.w.row(
            "objekte.csv",
            [
                mandant,
                objekt_nr,
                bezeichnung,
                strasse,
                hausnummer,
                plz,
                ort,
                "AUT",
                baujahr,
                bezug,
                aktiv,
            ],
        )
        stiegen = 40 if big else max(1, min(9, size // 12))
        for s in range(1, stiegen + 1):
            self.w.row("stiegenhaeuser.csv", [mandant, objekt_nr, str(s), f"Stiege {s}", True])
        for code, name in (
            ("BK", "Betriebskosten"),
            ("HK", "Heizkosten"),
            ("IK", "Instandhaltung"),
        ):
            self.w.row(
                "verrechnungseinheiten.csv",
                [mandant, objekt_nr, code, "01", f"{name} {bezeichnung}"[:200], True],
            )
        ctx = _ObjektCtx(
            mandant, objekt_nr, strasse, hausnummer, plz, ort, bezug, eigentum, stiegen, aktiv, big
        )
        if self.om is not None:
            self.om.objekt(objekt_rng(self.seed, plan.index, "om"), mandant, objekt_nr, ort, bezug)
        tops: dict[str, int] = {}
        hausbesorger_done = False
        for i in range(1, size + 1):
            art = self._art()
            prefix = next(p for a, _s, p in ARTEN if a == art)
            tops[prefix] = tops.get(prefix, 0) + 1
            top = f"{prefix}{tops[prefix]}"
            current = self._einheit(ctx, i, art, top)
            if not hausbesorger_done and current is not None and art == "Wohnung":
                self._funktion("31000", ctx, current)
                hausbesorger_done = True
        if self.om is not None:
            self.om.objekt_ende()

    def _art(self) -> str:
        pick = self.rng.random()
        acc = 0.0
        for art, share, _prefix in ARTEN:
            acc += share
            if pick <= acc:
                return art
        return "Wohnung"

    def _einheit(self, ctx: _ObjektCtx, index: int, art: str, top: str) -> _Bv | None:
        rng = self.rng
        self.umfang.einheiten += 1
        einheit_nr = f"{index:04d}" if index < 10000 else str(index)
        wohnung = art == "Wohnung"
        stiege = str(1 + (index - 1) % ctx.stiegen) if art in ("Wohnung", "Keller") else ""
        if art in ("Garage", "Parkplatz", "Keller"):
            stockwerk = "UG" if art != "Parkplatz" else ""
        elif art == "Dachboden":
            stockwerk = "DG"
        elif art == "Lokal":
            stockwerk = "EG"
        else:
            stockwerk = STOCKWERKE[min(len(STOCKWERKE) - 1, ((index - 1) // ctx.stiegen) // 4)]
        if rng.random() < 0.1:
            stockwerk = ""  # not converted from RW: OM may fill it
        raeume = rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5]) if wohnung else None
        if wohnung:
            flaeche = 22 + 19 * (raeume or 1) + rng.uniform(-6, 12)
        elif art == "Lokal" or art == "Büro":
            flaeche = rng.uniform(45, 260)
        elif art == "Garage":
            flaeche = rng.uniform(12, 19)
        elif art == "Parkplatz":
            flaeche = 12.5
        else:
            flaeche = rng.uniform(3, 12)
        typus = "Eigentum" if ctx.eigentum and art in ("Wohnung", "Lokal", "Büro") else "Miete"
        erstbezug = (
            ctx.bezug if art != "Dachboden" else _add_months(ctx.bezug, 12 * rng.randint(0, 20))
        )
        erstbezug = min(erstbezug, self.stichtag - dt.timedelta(days=400))
        aktiv = ctx.aktiv and rng.random() > 0.012
        mzk = ""
        if wohnung and typus == "Miete":
            mzk = rng.choice(["A", "A", "B", "C", "D", "RW9", "RW9", "RW9", "AMZ", "KOST"])
        bestandsart = {
            "Wohnung": "Hauptmiete",
            "Lokal": "Geschäftsraummiete",
            "Büro": "Geschäftsraummiete",
            "Garage": "Garagenmiete",
            "Parkplatz": "Stellplatzmiete",
        }.get(art, "Nebenraum")
        if typus == "Eigentum":
            bestandsart = "Wohnungseigentum"
        bvs = self._historie(ctx, einheit_nr, art, typus, erstbezug, bestandsart)
        for bv in bvs:
            bv.einheit_nr = einheit_nr
        current = bvs[-1] if bvs and bvs[-1].auszug is None else None
        status = "Eigentum" if typus == "Eigentum" else ("vermietet" if current else "leer")
        hko = f"HKO-{ctx.objekt_nr}-{(index % 97) + 1:02d}" if wohnung else ""
        self.w.row(
            "einheiten.csv",
            [
                ctx.mandant,
                ctx.objekt_nr,
                einheit_nr,
                top,
                f"Haus {stiege}" if stiege else "",
                typus,
                art,
                raeume,
                f"W{raeume}" if raeume else "",
                _money(flaeche),
                stockwerk,
                erstbezug,
                status,
                bestandsart,
                mzk,
                ctx.strasse,
                ctx.hausnummer,
                stiege,
                top if art in ("Wohnung", "Lokal", "Büro") else "",
                ctx.plz,
                ctx.ort,
                "AUT",
                hko,
                rng.choice(HEIZKOSTENFIRMEN) if wohnung else "",
                "Ratenvereinbarung 2024" if rng.random() < 0.03 else "",
                aktiv,
            ],
        )
        for bv in bvs:
            self.w.row(
                "bestandsverhaeltnisse.csv",
                [
                    ctx.mandant,
                    ctx.objekt_nr,
                    einheit_nr,
                    bv.bv_nr,
                    bv.person_nr,
                    "Eigentum" if typus == "Eigentum" else "Miete",
                    bestandsart,
                    bv.bezug,
                    bv.auszug,
                    bv.befristung,
                    True,
                ],
            )
        grundmiete = self._vorschreibungen(ctx, einheit_nr, art, typus, flaeche, current, aktiv)
        if self.om is not None:
            self.om.einheit(
                OmEinheit(
                    einheit_nr=einheit_nr,
                    art=art,
                    typus=typus,
                    flaeche=_money(flaeche),
                    stiege=stiege,
                    mietzins_kategorie=mzk,
                    raeume=raeume,
                    erstbezug=erstbezug,
                    aktiv=aktiv,
                    bvs=[(bv.bv_nr, bv.bezug, bv.auszug) for bv in bvs],
                    grundmiete=grundmiete,
                )
            )
        if current is not None:
            if typus == "Miete":
                self._buchungen(ctx, einheit_nr, current)
            if rng.random() < 0.04:
                self._funktion("61000", ctx, current, at_bv=True)
            elif typus == "Eigentum" and rng.random() < 0.08:
                self._funktion("51000", ctx, current, at_bv=True)
            elif rng.random() < 0.01:
                self._funktion("41000", ctx, current, at_bv=True)
            if (
                art in ("Garage", "Parkplatz")
                and ctx.last_wohnung is not None
                and rng.random() < 0.4
            ):
                self.w.row(
                    "verkettungen.csv",
                    [
                        ctx.mandant,
                        ctx.objekt_nr,
                        ctx.last_wohnung[0],
                        ctx.last_wohnung[1],
                        ctx.objekt_nr,
                        einheit_nr,
                        current.bv_nr,
                        "Zusatzobjekt",
                        True,
                    ],
                )
            if art == "Wohnung":
                ctx.last_wohnung = (einheit_nr, current.bv_nr)
        return current

    def _historie(
        self,
        ctx: _ObjektCtx,
        einheit_nr: str,
        art: str,
        typus: str,
        erstbezug: dt.date,
        bestandsart: str,
    ) -> list[_Bv]:
        """Tenancies from the Erstbezug to today; the last one open unless vacant."""
        rng = self.rng
        bvs: list[_Bv] = []
        start = erstbezug
        span_days = (self.stichtag - erstbezug).days
        # Big estates have more turnover (Objekt 9000: about 2.4 tenancies per unit).
        n = max(1, min(5, int(rng.triangular(1, 5, 2.9 if ctx.big else 2.2))))
        vacant = rng.random() < 0.045 and typus == "Miete"
        bounds = sorted(
            rng.sample(range(60, max(span_days, 120)), k=min(n - 1, max(0, span_days // 200)))
        )
        cuts = [erstbezug + dt.timedelta(days=b) for b in bounds]
        for k in range(len(cuts) + 1):
            bezug = _month_start(start) if k else start
            end = cuts[k] if k < len(cuts) else None
            if end is None and vacant:
                end = self.stichtag - dt.timedelta(days=rng.randint(20, 300))
                if end <= bezug:
                    end = bezug + dt.timedelta(days=30)
            auszug = (end - dt.timedelta(days=1)) if end else None
            if auszug is not None and auszug < bezug:
                auszug = bezug
            befristung = None
            if typus == "Miete" and art == "Wohnung" and rng.random() < 0.22:
                befristung = _add_months(bezug, 12 * rng.choice([3, 5, 10])) - dt.timedelta(days=1)
                if auszug is not None and befristung < auszug:
                    befristung = None
            person_nr = self._person(ctx, art, with_birthdate=True)
            if rng.random() < 0.03 and k == 0:
                bezug_out: dt.date | None = None  # RW converted no Bezugsdatum
            else:
                bezug_out = bezug
            bvs.append(_Bv(str(k + 1), person_nr, bezug_out, auszug, befristung))
            self.umfang.bestandsverhaeltnisse += 1
            if end is None:
                break
            start = end + dt.timedelta(days=rng.randint(0, 45))
            if start >= self.stichtag:
                break
        return bvs

    def _person(self, ctx: _ObjektCtx, art: str, *, with_birthdate: bool) -> str:
        rng = self.rng
        m = ctx.mandant
        self.person_nr += 1
        nr = f"P{self.person_nr:07d}"
        self.umfang.personen += 1
        if art in ("Lokal", "Büro") and rng.random() < 0.8:
            nachname = rng.choice(NACHNAMEN)
            firma = f"{rng.choice(FIRMEN)} {nachname} {rng.choice(['GmbH', 'KG', 'e.U.', 'OG'])}"
            self.w.row(
                "personen.csv",
                [
                    m,
                    nr,
                    "Firma",
                    "",
                    "",
                    "",
                    firma,
                    ctx.strasse,
                    ctx.hausnummer,
                    ctx.plz,
                    ctx.ort,
                    "AUT",
                    None,
                    f"office@{nachname.lower().replace('ı', 'i')}-{nr[-4:]}.example.at",
                    "",
                ],
            )
            return nr
        weiblich = rng.random() < 0.5
        vorname = rng.choice(VORNAMEN_W if weiblich else VORNAMEN_M)
        nachname = rng.choice(NACHNAMEN)
        titel = rng.choice(TITEL) if rng.random() < 0.08 else ""
        geburt = None
        if with_birthdate and rng.random() < 0.9:
            geburt = D(rng.randint(1935, 2004), rng.randint(1, 12), rng.randint(1, 28))
        email = ""
        if rng.random() < 0.62:
            local = f"{vorname}.{nachname}".lower()
            for a, b in (
                ("ä", "ae"),
                ("ö", "oe"),
                ("ü", "ue"),
                ("ß", "ss"),
                ("ş", "s"),
                ("ı", "i"),
                ("č", "c"),
                ("ć", "c"),
            ):
                local = local.replace(a, b)
            email = f"{local}{rng.randint(1, 99)}@{rng.choice(MAILDOMAINS)}"
        telefon = (
            f"+43 6{rng.randint(50, 99)} {rng.randint(1000000, 9999999)}"
            if rng.random() < 0.7
            else ""
        )
        self.w.row(
            "personen.csv",
            [
                m,
                nr,
                "Frau" if weiblich else "Herr",
                titel,
                vorname,
                nachname,
                "",
                ctx.strasse,
                ctx.hausnummer,
                ctx.plz,
                ctx.ort,
                "AUT",
                geburt,
                email,
                telefon,
            ],
        )
        return nr

    def _funktion(self, code: str, ctx: _ObjektCtx, bv: _Bv, *, at_bv: bool = False) -> None:
        self.funktion_nr += 1
        person = bv.person_nr
        if code == "61000":
            person = self._person(ctx, "Wohnung", with_birthdate=True)
        beginn = bv.bezug or ctx.bezug
        self.w.row(
            "funktionen.csv",
            [
                f"{ctx.mandant}-F-{self.funktion_nr:07d}",
                code,
                ctx.mandant,
                person,
                ctx.objekt_nr,
                bv.einheit_nr,
                bv.bv_nr if at_bv else "",
                beginn,
                None,
            ],
        )

    def _vorschreibungen(
        self,
        ctx: _ObjektCtx,
        einheit_nr: str,
        art: str,
        typus: str,
        flaeche: float,
        current: _Bv | None,
        aktiv: bool,
    ) -> Decimal | None:
        """Write the monthly charges; returns the current tenancy's Grundmiete, if any."""
        rng = self.rng
        jahr_start = D(self.stichtag.year, 1, 1)
        if current is None and (typus == "Eigentum" or not aktiv):
            return None
        if art in ("Garage", "Parkplatz"):
            positions = [
                # Letting a place to park is never for Wohnzwecke: 20 % on everything.
                ("Stellplatz", _money(rng.uniform(45, 120)), Decimal("20.00")),
                ("Betriebskosten", _money(rng.uniform(8, 18)), Decimal("20.00")),
            ]
        elif art in ("Keller", "Dachboden"):
            positions = [("Grundmiete", _money(flaeche * rng.uniform(2, 4)), Decimal("10.00"))]
        elif typus == "Eigentum":
            positions = [
                ("Betriebskosten", _money(flaeche * rng.uniform(2.1, 2.9)), Decimal("10.00")),
                ("Sonstiges", _money(flaeche * rng.uniform(0.5, 1.2)), Decimal("0.00")),
            ]
        else:
            ust = Decimal("20.00") if art in ("Lokal", "Büro") else Decimal("10.00")
            positions = [
                ("Grundmiete", _money(flaeche * rng.uniform(5.2, 9.8)), ust),
                ("Betriebskosten", _money(flaeche * rng.uniform(2.1, 2.9)), ust),
                ("Heizkosten", _money(flaeche * rng.uniform(0.9, 1.6)), Decimal("20.00")),
            ]
            if rng.random() < 0.5:
                # The EVB is part of the rent: it shares the rent's rate.
                positions.append(("EVB", _money(flaeche * rng.uniform(0.4, 1.1)), ust))
        if current is not None:
            ab = max(jahr_start, current.bezug or jahr_start)
            bv_nr = current.bv_nr
        else:
            ab = _month_start(self.stichtag)
            bv_nr = ""
        total = Decimal("0")
        for vs_art, betrag, ust in positions:
            self.w.row(
                "vorschreibungen.csv",
                [
                    ctx.mandant,
                    ctx.objekt_nr,
                    einheit_nr,
                    bv_nr,
                    vs_art,
                    betrag,
                    ust,
                    ab,
                    None,
                ],
            )
            total += betrag + (betrag * ust / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        if current is None:
            return None
        current.monatlich = total
        return next((b for a, b, _u in positions if a == "Grundmiete"), None)

    def _buchungen(self, ctx: _ObjektCtx, einheit_nr: str, bv: _Bv) -> None:
        if not self.monate or not bv.monatlich:
            return
        rng = self.rng
        m = ctx.mandant
        first = _add_months(_month_start(self.stichtag), -(self.monate - 1))
        if bv.bezug is not None and bv.bezug > first:
            first = _month_start(_add_months(bv.bezug, 1))
        saumig = rng.random() < 0.06
        monat = first
        while monat <= self.stichtag:
            self.buchung_nr += 1
            self.w.row(
                "buchungen.csv",
                [
                    f"{m}-{self.buchung_nr:010d}",
                    m,
                    ctx.objekt_nr,
                    einheit_nr,
                    bv.bv_nr,
                    monat,
                    f"VS{monat:%Y%m}",
                    f"Vorschreibung {monat:%m/%Y}",
                    bv.monatlich,
                    Decimal("0"),
                ],
            )
            zahltag = monat + dt.timedelta(days=rng.randint(2, 12))
            if zahltag <= self.stichtag and not (saumig and rng.random() < 0.35):
                self.buchung_nr += 1
                betrag = (
                    bv.monatlich
                    if not saumig
                    else (bv.monatlich * Decimal("0.8")).quantize(CENT, rounding=ROUND_HALF_UP)
                )
                self.w.row(
                    "buchungen.csv",
                    [
                        f"{m}-{self.buchung_nr:010d}",
                        m,
                        ctx.objekt_nr,
                        einheit_nr,
                        bv.bv_nr,
                        zahltag,
                        f"ZE{zahltag:%Y%m%d}",
                        "Zahlung",
                        Decimal("0"),
                        betrag,
                    ],
                )
                self.umfang.buchungen += 1
            self.umfang.buchungen += 1
            monat = _add_months(monat, 1)


@dataclass
class _ObjektCtx:
    mandant: str
    objekt_nr: str
    strasse: str
    hausnummer: str
    plz: str
    ort: str
    bezug: dt.date
    eigentum: bool
    stiegen: int
    aktiv: bool
    big: bool = False
    last_wohnung: tuple[str, str] | None = None


@dataclass
class _Bv:
    bv_nr: str
    person_nr: str
    bezug: dt.date | None
    auszug: dt.date | None
    befristung: dt.date | None
    einheit_nr: str = ""
    monatlich: Decimal = Decimal("0")


@dataclass
class _Teil:
    """One piece of the export: some Objekte, written to a folder of their own."""

    folder: Path
    plans: list[ObjektPlan]
    seed: int
    stichtag: dt.date
    monate: int
    om_datei: Path | None
    small: bool


@gc_paused()
def _write_teil(teil: _Teil) -> DemoUmfang:
    """Write one piece as a complete export (run in a worker process for big demos)."""
    om = OmSammler(teil.stichtag, small=teil.small) if teil.om_datei else None
    with ExportWriter(teil.folder, mandanten=[m[0] for m in MANDANTEN]) as writer:
        umfang = _Generator(writer, teil.seed, teil.stichtag, teil.monate, om).run(teil.plans)
    if om is not None and teil.om_datei is not None:
        om.save(teil.om_datei)
    return umfang


def default_workers(units: int) -> int:
    """Processes for a demo of ``units`` Einheiten: one per core for big demos."""
    if units < PARALLEL_FROM:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def _split(plans: list[ObjektPlan], pieces: int) -> list[list[ObjektPlan]]:
    """Consecutive groups of Objekte with about the same number of Einheiten."""
    total = sum(p.size for p in plans)
    groups: list[list[ObjektPlan]] = []
    current: list[ObjektPlan] = []
    done = 0
    for plan in plans:
        current.append(plan)
        done += plan.size
        if done * pieces >= total * (len(groups) + 1):
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def write_rw_export(
    path: Path | str,
    *,
    units: int,
    seed: int,
    stichtag: dt.date,
    big_objekt: int | None = None,
    buchungsmonate: int | None = None,
    workers: int | None = None,
    om_ordner: Path | None = None,
    small_om: bool = False,
) -> DemoUmfang:
    """Write a full RW export of exactly ``units`` Einheiten to ``path`` (folder or .zip).

    ``big_objekt``: size of Objekt 9000 (Mandant 01); default 5,000 Einheiten
    from 100,000 Einheiten on, else none. ``buchungsmonate``: see
    :func:`buchungsmonate_fuer`. With ``om_ordner``, the OM-owned data of the
    Objekte is written there too (see :class:`OmSammler`; its files, in order,
    in ``om_dateien`` of the result; ``small_om``: see :class:`OmSammler`).

    The Objekte are generated in ``workers`` processes (default: see
    :func:`default_workers`), a consecutive group each, and the pieces joined
    in order: the export is the same, byte for byte, for any number of
    processes.
    """
    if units < 1:
        raise ValueError("units must be positive")
    if big_objekt is None:
        big_objekt = BIG_OBJEKT_UNITS if units >= BIG_OBJEKT_DEFAULT_FROM else 0
    monate = buchungsmonate_fuer(units) if buchungsmonate is None else buchungsmonate
    workers = default_workers(units) if workers is None else max(1, workers)
    plans = plan_objekte(units, seed, big_objekt, monate)
    groups = _split(plans, 1 if workers == 1 else workers * 3)
    exported_at = dt.datetime.combine(stichtag, dt.time(2, 0))
    umfang = DemoUmfang(buchungsmonate=monate, mandanten=[m[0] for m in MANDANTEN])
    om_dateien: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="omclient-demo-teile-") as tmp:
        teile = []
        for i, group in enumerate(groups):
            om_datei = om_ordner / f"om-{i:04d}.pickle" if om_ordner is not None else None
            if om_datei is not None:
                om_dateien.append(om_datei)
            teile.append(
                _Teil(
                    Path(tmp) / f"teil-{i:04d}", group, seed, stichtag, monate, om_datei, small_om
                )
            )
        if om_ordner is not None:
            om_ordner.mkdir(parents=True, exist_ok=True)
        writer = ExportWriter(
            path,
            mandanten=umfang.mandanten,
            kind="full",
            exported_at=exported_at,
            quelle="omclient demo",
        )
        with writer, contextlib.ExitStack() as stack:
            write_global_rows(writer, seed)
            if workers == 1:
                results: Iterable[DemoUmfang] = map(_write_teil, teile)
            else:
                # "spawn": the GUI and the tests have threads, which fork would copy half-way.
                pool = ProcessPoolExecutor(
                    max_workers=min(workers, len(teile)),
                    mp_context=multiprocessing.get_context("spawn"),
                )
                # On an error (or Ctrl+C) the pieces not yet started are dropped.
                stack.callback(pool.shutdown, wait=True, cancel_futures=True)
                results = pool.map(_write_teil, teile)
            for teil, teil_umfang in zip(teile, results, strict=True):
                writer.append_part(teil.folder)
                shutil.rmtree(teil.folder, ignore_errors=True)
                umfang.add(teil_umfang)
    umfang.zeilen = sum(writer.counts.values())
    umfang.om_dateien = om_dateien
    return umfang
