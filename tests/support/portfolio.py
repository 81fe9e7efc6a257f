"""A small, fixed portfolio for tests: every kind of record, known names and numbers.

Built directly through the ORM (tests only; the product gets its data through
the RW import). ``build(session)`` returns a :class:`Ids` with the primary keys
tests refer to. ``TODAY`` is the date tests pin the clock to.

Objekt 1010 "Wohnanlage Donaufeld" (Wien, Mandant 01, Bezugsdatum 01.03.1998)
  Stiege 1, Stiege 2; VEHs BK 01, BK 02, HK 01, IK 01
  E 0001 Top 1  Wohnung Miete  Stiege 1  EG     Huber Anna (Miete, seit 2015)
  E 0002 Top 2  Wohnung Miete  Stiege 1  1. OG  Berger Karl (bis 2019) → Novak Eva (befristet)
  E 0003 Top 3  Wohnung Eigentum Stiege 2 2. OG Wagner Franz (Eigentum)
  E 0004 Top 4  Wohnung Miete  Stiege 2  3. OG  leer (Berger Karl 2010–2020; Grund Sanierung)
  E 0005 L 1    Lokal   Miete  —         EG     Café Sonne GmbH (Miete)
  E 0006 G 1    Garage  Miete  —         UG     Huber Anna (Miete)
  E 0007 Top 7  Wohnung Miete  Stiege 2  DG     inaktiv, Mayer Josef (Miete, kein Bezugsdatum)
  E 0008 K 1    Keller  Miete  —         UG     leer, never let
Objekt 2020 "Stadthaus Graz" (Graz, Mandant 01): E 0001 Top 1 Wohnung, Pichler Maria
Objekt 3030 "Linzer Hof" (Linz, Mandant 02): E 0001 Top 1 Wohnung, leer
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session

from omclient.domain import (
    Ausstattung,
    Ausstattungsgruppe,
    Ausstattungsvorlage,
    AusstattungsvorlagePosition,
    Benutzer,
    Bestandsverhaeltnis,
    Buchung,
    Einheit,
    Flaechenaufteilung,
    Funktion,
    Funktionsart,
    GlobaleVariable,
    IndivFeld,
    Kaution,
    Konfiguration,
    Mandant,
    Objekt,
    Person,
    Richtsatz,
    Sachbereich,
    Schluessel,
    StatusAllerArt,
    Stiegenhaus,
    Vergabestelle,
    Verkettung,
    Vermerk,
    Verrechnungseinheit,
    Vertrag,
    Vorschreibung,
    Zahlungsdaten,
)
from omclient.domain.enums import (
    BvArt,
    Einheitsart,
    Heizungsart,
    IndivEntitaet,
    IndivFeldTyp,
    Rolle,
    Typus,
    Vorschreibungsart,
    Zahlungsart,
)

TODAY = dt.date(2026, 11, 23)
D = dt.date


@dataclass
class Ids:
    mandant: dict[str, int] = field(default_factory=dict)
    objekt: dict[str, int] = field(default_factory=dict)
    einheit: dict[str, int] = field(default_factory=dict)  # "1010/0001"
    person: dict[str, int] = field(default_factory=dict)  # Nachname (or Firma)
    bv: dict[str, int] = field(default_factory=dict)  # "1010/0002/2"
    stiege: dict[str, int] = field(default_factory=dict)  # "1010/1"
    veh: dict[str, int] = field(default_factory=dict)  # "1010/BK/01"
    sachbereich: dict[str, int] = field(default_factory=dict)
    vergabestelle: dict[str, int] = field(default_factory=dict)
    benutzer: dict[str, int] = field(default_factory=dict)
    funktion: dict[str, int] = field(default_factory=dict)


def build(session: Session) -> Ids:
    """Insert the portfolio (inside the caller's transaction) and return its ids."""
    ids = Ids()
    add = session.add

    clerk = Benutzer(login="sb", name="Sabine Sachbearbeiter", rolle=Rolle.SACHBEARBEITER)
    admin = Benutzer(login="admin", name="Anton Administrator", rolle=Rolle.ADMINISTRATOR)
    session.add_all([clerk, admin])

    m1 = Mandant(
        mandant_nr="01",
        name="Gemeinnützige Wohnbau Donau GmbH",
        strasse="Praterstraße 1",
        plz="1020",
        ort="Wien",
        land="AUT",
        telefon="+43 1 2345678",
        email="office@wohnbau-donau.at",
    )
    m2 = Mandant(
        mandant_nr="02",
        name="Linzer Wohnungsgenossenschaft eGen",
        strasse="Landstraße 10",
        plz="4020",
        ort="Linz",
        land="AUT",
    )
    session.add_all([m1, m2])

    sb = {
        code: Sachbereich(code=code, bezeichnung=name)
        for code, name in [("BK", "Betriebskosten"), ("HK", "Heizkosten"), ("IK", "Instandhaltung")]
    }
    session.add_all(sb.values())

    wien = Vergabestelle(
        name="Stadt Wien – Wohnservice", gemeindekennziffer="90001", zuweisungsberechtigt=True
    )
    graz = Vergabestelle(
        name="Stadt Graz – Wohnungsamt", gemeindekennziffer="60101", zuweisungsberechtigt=True
    )
    land = Vergabestelle(name="Land NÖ (nicht berechtigt)", zuweisungsberechtigt=False)
    session.add_all([wien, graz, land])

    o1 = Objekt(
        mandant=m1,
        objekt_nr="1010",
        bezeichnung="Wohnanlage Donaufeld",
        strasse="Donaufelder Straße",
        hausnummer="101",
        plz="1210",
        ort="Wien",
        baujahr=1997,
        bezugsdatum=D(1998, 3, 1),
        aufzug=True,
        fahrradraum=True,
    )
    o2 = Objekt(
        mandant=m1,
        objekt_nr="2020",
        bezeichnung="Stadthaus Graz",
        strasse="Annenstraße",
        hausnummer="12",
        plz="8020",
        ort="Graz",
        baujahr=1910,
        bezugsdatum=D(1911, 1, 1),
    )
    o3 = Objekt(
        mandant=m2,
        objekt_nr="3030",
        bezeichnung="Linzer Hof",
        strasse="Hauptplatz",
        hausnummer="3",
        plz="4020",
        ort="Linz",
        baujahr=1965,
    )
    session.add_all([o1, o2, o3])

    st1 = Stiegenhaus(objekt=o1, nummer="1", bezeichnung="Stiege 1 – Donaufelder Straße 101")
    st2 = Stiegenhaus(
        objekt=o1, nummer="2", bezeichnung="Stiege 2 – Hofseite, Zugang über Innenhof"
    )
    session.add_all([st1, st2])

    vehs = {
        "BK/01": Verrechnungseinheit(
            objekt=o1, sachbereich=sb["BK"], nummer="01", bezeichnung="BK Wohnungen"
        ),
        "BK/02": Verrechnungseinheit(
            objekt=o1,
            sachbereich=sb["BK"],
            nummer="02",
            bezeichnung="BK Geschäftslokale und Garagen",
        ),
        "HK/01": Verrechnungseinheit(
            objekt=o1, sachbereich=sb["HK"], nummer="01", bezeichnung="Heizkreis Haus"
        ),
        "IK/01": Verrechnungseinheit(
            objekt=o1, sachbereich=sb["IK"], nummer="01", bezeichnung="Instandhaltung gesamt"
        ),
    }
    session.add_all(vehs.values())

    def einheit(
        objekt: Objekt,
        nr: str,
        top: str,
        art: Einheitsart,
        typus: Typus,
        flaeche: str,
        stockwerk: str | None,
        **kw: object,
    ) -> Einheit:
        e = Einheit(
            objekt=objekt,
            einheit_nr=nr,
            top_nr=top,
            einheitsart=art,
            typus=typus,
            nettonutzflaeche=Decimal(flaeche),
            stockwerk=stockwerk,
            rw_felder="stockwerk" if stockwerk else "",
            strasse=objekt.strasse,
            hausnummer=objekt.hausnummer,
            plz=objekt.plz,
            ort=objekt.ort,
            land="AUT",
            **kw,
        )
        add(e)
        return e

    e1 = einheit(
        o1,
        "0001",
        "1",
        Einheitsart.WOHNUNG,
        Typus.MIETE,
        "68.40",
        "EG",
        stiegenhaus=st1,
        raeume=3,
        kategorie="A",
        lage="links",
        tuer="1",
        status="vermietet",
        bestandsart="Hauptmiete",
        heizungsart=Heizungsart.ZENTRAL,
        heizkostenordnungsbegriff="HKO-1010-01",
        heizkostenfirma="ista Österreich GmbH",
        bemerkung_fibu="Mietzinsreserve geprüft 2024",
        keller=True,
        einbaukueche=True,
        vergabestelle=wien,
        mietzins_kategorie="A",
        wohnungscode="W1",
    )
    e2 = einheit(
        o1,
        "0002",
        "2",
        Einheitsart.WOHNUNG,
        Typus.MIETE,
        "54.25",
        "1. OG",
        stiegenhaus=st1,
        raeume=2,
        kategorie="B",
        lage="rechts",
        tuer="2",
        status="vermietet",
        bestandsart="Hauptmiete",
    )
    e3 = einheit(
        o1,
        "0003",
        "3",
        Einheitsart.WOHNUNG,
        Typus.EIGENTUM,
        "92.10",
        "2. OG",
        stiegenhaus=st2,
        raeume=4,
        kategorie="A",
        status="Eigentum",
        bestandsart="Wohnungseigentum",
    )
    e4 = einheit(
        o1,
        "0004",
        "4",
        Einheitsart.WOHNUNG,
        Typus.MIETE,
        "71.80",
        "3. OG",
        stiegenhaus=st2,
        raeume=3,
        kategorie="B",
        status="leer",
        bestandsart="Hauptmiete",
        heizungsart=Heizungsart.ZENTRAL,
        keller=True,
        gegensprechanlage=True,
        hwb_wert=Decimal("45.30"),
        hwb_klasse="B",
        fgee_wert=Decimal("0.85"),
        fgee_klasse="A",
        verfuegbar_ab=D(2026, 12, 1),
    )
    e5 = einheit(
        o1,
        "0005",
        "L1",
        Einheitsart.LOKAL,
        Typus.MIETE,
        "120.00",
        "EG",
        raeume=2,
        status="vermietet",
        bestandsart="Geschäftsraummiete",
    )
    e6 = einheit(
        o1,
        "0006",
        "G1",
        Einheitsart.GARAGE,
        Typus.MIETE,
        "14.00",
        "UG",
        status="vermietet",
        bestandsart="Garage",
    )
    e7 = einheit(
        o1,
        "0007",
        "7",
        Einheitsart.WOHNUNG,
        Typus.MIETE,
        "48.00",
        None,
        stiegenhaus=st2,
        raeume=2,
        aktiv=False,
        status="inaktiv",
        bestandsart="Hauptmiete",
    )
    e8 = einheit(o1, "0008", "K1", Einheitsart.KELLER, Typus.MIETE, "6.50", "UG")
    g1 = einheit(
        o2,
        "0001",
        "1",
        Einheitsart.WOHNUNG,
        Typus.MIETE,
        "80.00",
        "1. OG",
        raeume=3,
        kategorie="A",
        vergabestelle=graz,
        bestandsart="Hauptmiete",
    )
    l1 = einheit(
        o3,
        "0001",
        "1",
        Einheitsart.WOHNUNG,
        Typus.MIETE,
        "65.00",
        "2. OG",
        raeume=3,
        bestandsart="Hauptmiete",
    )

    def person(
        mandant: Mandant, nr: str, nachname: str | None, vorname: str | None, **kw: object
    ) -> Person:
        p = Person(
            mandant=mandant, person_nr=nr, nachname=nachname, vorname=vorname, land="AUT", **kw
        )
        add(p)
        return p

    huber = person(
        m1,
        "P1001",
        "Huber",
        "Anna",
        anrede="Frau",
        strasse="Donaufelder Straße 101/1/1",
        plz="1210",
        ort="Wien",
        email="anna.huber@example.at",
        telefon="+43 660 1111111",
        geburtsdatum=D(1980, 5, 17),
    )
    berger = person(
        m1,
        "P1002",
        "Berger",
        "Karl",
        anrede="Herr",
        strasse="Brünner Straße 5",
        plz="1210",
        ort="Wien",
        geburtsdatum=D(1955, 1, 2),
    )
    novak = person(
        m1,
        "P1003",
        "Novak",
        "Eva",
        anrede="Frau",
        titel="Mag.",
        strasse="Donaufelder Straße 101/1/2",
        plz="1210",
        ort="Wien",
        email="eva.novak@example.at",
    )
    wagner = person(
        m1,
        "P1004",
        "Wagner",
        "Franz",
        anrede="Herr",
        strasse="Donaufelder Straße 101/2/3",
        plz="1210",
        ort="Wien",
        telefon="+43 1 9876543",
    )
    cafe = person(
        m1,
        "P1005",
        None,
        None,
        firma="Café Sonne GmbH",
        strasse="Donaufelder Straße 101",
        plz="1210",
        ort="Wien",
        email="office@cafe-sonne.at",
    )
    mayer = person(m1, "P1006", "Mayer", "Josef", anrede="Herr", plz="1210", ort="Wien")
    pichler = person(
        m1,
        "P1007",
        "Pichler",
        "Maria",
        anrede="Frau",
        strasse="Annenstraße 12/1",
        plz="8020",
        ort="Graz",
        email="maria.pichler@example.at",
    )
    hausbesorger = person(m1, "P1008", "Gruber", "Peter", anrede="Herr", telefon="+43 664 2222222")

    def bv(
        e: Einheit,
        p: Person | None,
        nr: str,
        art: BvArt,
        bezug: dt.date | None,
        auszug: dt.date | None = None,
        **kw: object,
    ) -> Bestandsverhaeltnis:
        converted = [
            n
            for n, v in (
                ("bezugsdatum", bezug),
                ("auszugsdatum", auszug),
                ("befristung_bis", kw.get("befristung_bis")),
            )
            if v
        ]
        b = Bestandsverhaeltnis(
            einheit=e,
            person=p,
            bv_nr=nr,
            art=art,
            bezugsdatum=bezug,
            auszugsdatum=auszug,
            rw_felder=",".join(converted),
            **kw,
        )
        add(b)
        return b

    bv_huber = bv(
        e1, huber, "1", BvArt.MIETE, D(2015, 4, 1), bestandsart="Hauptmiete", kaution_aktiv=True
    )
    bv_berger2 = bv(
        e2, berger, "1", BvArt.MIETE, D(2005, 1, 1), D(2019, 6, 30), bestandsart="Hauptmiete"
    )
    bv_novak = bv(
        e2,
        novak,
        "2",
        BvArt.MIETE,
        D(2019, 8, 1),
        bestandsart="Hauptmiete",
        befristung_bis=D(2029, 7, 31),
        kaution_aktiv=True,
    )
    bv_wagner = bv(e3, wagner, "1", BvArt.EIGENTUM, D(2001, 2, 1), bestandsart="Wohnungseigentum")
    bv_berger4 = bv(
        e4,
        berger,
        "1",
        BvArt.MIETE,
        D(2010, 1, 1),
        D(2020, 9, 30),
        bestandsart="Hauptmiete",
        leerstand_grund="Sanierung",
        leerstand_kommentar="Bad und Elektrik werden erneuert",
    )
    bv_cafe = bv(e5, cafe, "1", BvArt.MIETE, D(2012, 7, 1), bestandsart="Geschäftsraummiete")
    bv_garage = bv(e6, huber, "1", BvArt.MIETE, D(2016, 1, 1), bestandsart="Garage")
    bv_mayer = bv(e7, mayer, "1", BvArt.MIETE, None, bestandsart="Hauptmiete")
    bv_pichler = bv(g1, pichler, "1", BvArt.MIETE, D(2020, 2, 1), bestandsart="Hauptmiete")
    session.flush()
    add(Verkettung(haupt_bv_id=bv_huber.id, sub_bv_id=bv_garage.id, art="Garage zur Wohnung"))

    add(
        Kaution(
            bestandsverhaeltnis_id=bv_huber.id,
            betrag=Decimal("3000.00"),
            einzahlungsdatum=D(2019, 3, 15),
            kontoinhaber="Gemeinnützige Wohnbau Donau GmbH",
            bank="Erste Bank",
            iban="AT611904300234573201",
            bic="GIBAATWWXXX",
        )
    )
    add(
        Kaution(
            bestandsverhaeltnis_id=bv_novak.id,
            betrag=Decimal("1650.00"),
            einzahlungsdatum=D(2019, 7, 20),
        )
    )
    add(
        Zahlungsdaten(
            bestandsverhaeltnis_id=bv_huber.id,
            zahlungsart=Zahlungsart.SEPA_LASTSCHRIFT,
            kontoinhaber="Anna Huber",
            iban="AT483200000012345864",
            bic="RLNWATWWXXX",
            mandatsreferenz="WBD-1010-0001-1",
            mandatsdatum=D(2015, 3, 20),
        )
    )

    for gueltig_ab, satz in [
        (D(2015, 1, 1), "0.5"),
        (D(2019, 1, 1), "0.125"),
        (D(2023, 1, 1), "1.5"),
        (D(2024, 1, 1), "2"),
    ]:
        add(Richtsatz(gueltig_ab=gueltig_ab, zinssatz=Decimal(satz)))

    # Vorschreibungen: current rent of Huber, target rent of the vacant Top 4.
    for e, b, grund, bk, hk in [
        (e1, bv_huber, "520.00", "145.30", "62.10"),
        (e2, bv_novak, "430.00", "115.20", "50.00"),
        (e4, None, "610.00", "152.00", "65.00"),
    ]:
        add(
            Vorschreibung(
                einheit=e,
                bestandsverhaeltnis_id=b.id if b else None,
                art=Vorschreibungsart.GRUNDMIETE,
                betrag_netto=Decimal(grund),
                ust_prozent=Decimal("10"),
                gueltig_ab=D(2024, 1, 1),
            )
        )
        add(
            Vorschreibung(
                einheit=e,
                bestandsverhaeltnis_id=b.id if b else None,
                art=Vorschreibungsart.BETRIEBSKOSTEN,
                betrag_netto=Decimal(bk),
                ust_prozent=Decimal("10"),
                gueltig_ab=D(2024, 1, 1),
            )
        )
        add(
            Vorschreibung(
                einheit=e,
                bestandsverhaeltnis_id=b.id if b else None,
                art=Vorschreibungsart.HEIZKOSTEN,
                betrag_netto=Decimal(hk),
                ust_prozent=Decimal("20"),
                gueltig_ab=D(2024, 1, 1),
            )
        )

    # Buchungen of Huber: 2025 and 2026 monthly charge 801.01, paid except Oct+Nov 2026.
    n = 0
    for year in (2025, 2026):
        for month in range(1, 13):
            if (year, month) > (TODAY.year, TODAY.month):
                break
            n += 1
            add(
                Buchung(
                    bestandsverhaeltnis_id=bv_huber.id,
                    buchungs_nr=f"B{n:05d}",
                    datum=D(year, month, 1),
                    beleg_nr=f"VS{year}{month:02d}",
                    text=f"Vorschreibung {month:02d}/{year}",
                    soll=Decimal("801.01"),
                    haben=Decimal("0"),
                )
            )
            if (year, month) < (2026, 10):
                n += 1
                add(
                    Buchung(
                        bestandsverhaeltnis_id=bv_huber.id,
                        buchungs_nr=f"B{n:05d}",
                        datum=D(year, month, 5),
                        beleg_nr=f"ZE{year}{month:02d}",
                        text="Zahlung SEPA-Lastschrift",
                        soll=Decimal("0"),
                        haben=Decimal("801.01"),
                    )
                )

    fa = {
        code: Funktionsart(code=code, bezeichnung=name, aus_rw=rw)
        for code, name, rw in [
            ("31000", "Hausbesorger", True),
            ("41000", "Zustellbevollmächtigter", True),
            ("51000", "Eigentümervertreter", True),
            ("61000", "Mitbewohner", True),
            ("90010", "Ansprechpartner Schlüssel", False),
            ("90020", "Notfallkontakt", False),
        ]
    }
    session.add_all(fa.values())
    session.flush()
    f_rw = Funktion(
        funktionsart_id=fa["31000"].id,
        person_id=hausbesorger.id,
        einheit_id=e1.id,
        beginn=D(2018, 1, 1),
        rw_schluessel="RW-F-1",
    )
    f_om = Funktion(
        funktionsart_id=fa["90020"].id,
        person_id=berger.id,
        einheit_id=e1.id,
        beginn=D(2020, 1, 1),
        bemerkung="Bruder der Mieterin",
    )
    f_alt = Funktion(
        funktionsart_id=fa["90010"].id,
        person_id=wagner.id,
        einheit_id=e1.id,
        beginn=D(2010, 1, 1),
        ende=D(2014, 12, 31),
    )
    session.add_all([f_rw, f_om, f_alt])

    for _key, veh, flaeche in [
        ("BK/01", vehs["BK/01"], "68.40"),
        ("HK/01", vehs["HK/01"], "68.40"),
        ("IK/01", vehs["IK/01"], "68.40"),
    ]:
        add(
            Flaechenaufteilung(
                einheit=e1,
                verrechnungseinheit=veh,
                flaeche=Decimal(flaeche),
                anteil=Decimal(flaeche) / Decimal("475.05"),
            )
        )
    add(
        Flaechenaufteilung(
            einheit=e5,
            verrechnungseinheit=vehs["BK/02"],
            flaeche=Decimal("120.00"),
            anteil=Decimal("0.895522"),
        )
    )
    for e in (e2, e3, e4, e7):
        add(
            Flaechenaufteilung(
                einheit=e,
                verrechnungseinheit=vehs["BK/01"],
                flaeche=e.nettonutzflaeche or Decimal(0),
                anteil=(e.nettonutzflaeche or Decimal(0)) / Decimal("475.05"),
            )
        )

    gruppen = {
        name: Ausstattungsgruppe(name=name, position=i)
        for i, name in enumerate(
            ["Bodenbeläge", "Sanitär", "Küche", "Heizung", "Balkon/Loggia", "Abteile", "Elektro"]
        )
    }
    session.add_all(gruppen.values())
    add(
        Ausstattung(
            einheit=e1,
            gruppe=gruppen["Bodenbeläge"],
            bezeichnung="Parkett Eiche",
            raum="Zimmer 1",
            menge=Decimal("18.5"),
            mengeneinheit="m²",
        )
    )
    add(Ausstattung(einheit=e1, gruppe=gruppen["Sanitär"], bezeichnung="Badewanne", raum="Bad"))
    add(
        Ausstattung(
            einheit=e1,
            gruppe=gruppen["Küche"],
            bezeichnung="Einbauküche",
            raum="Küche",
            einbaudatum=D(2015, 3, 1),
        )
    )
    add(
        Ausstattung(
            einheit=e1, gruppe=gruppen["Abteile"], bezeichnung="Kellerabteil Nr. 12", raum="Keller"
        )
    )
    add(
        Ausstattung(
            einheit=e1, gruppe=gruppen["Heizung"], bezeichnung="Gastherme (alt)", aktiv=False
        )
    )
    vorlage = Ausstattungsvorlage(name="Grundausstattung Wohnung")
    add(vorlage)
    for i, (g, bez, raum) in enumerate(
        [
            ("Sanitär", "Waschtisch", "Bad"),
            ("Sanitär", "WC", "WC"),
            ("Elektro", "Gegensprechanlage", "Vorraum"),
        ]
    ):
        add(
            AusstattungsvorlagePosition(
                vorlage=vorlage, gruppe=gruppen[g], bezeichnung=bez, raum=raum, position=i
            )
        )

    add(
        Vertrag(
            einheit_id=e1.id,
            vertragsart="Wartungsvertrag Therme",
            nummer="WV-77",
            beginn=D(2020, 1, 1),
            ende=D(2027, 12, 31),
        )
    )
    add(
        Vermerk(
            einheit_id=e1.id,
            datum=D(2025, 5, 2),
            betreff="Wasserschaden Bad gemeldet",
            benutzer="sb",
        )
    )
    add(
        Vermerk(
            bestandsverhaeltnis_id=bv_huber.id, datum=D(2024, 2, 1), betreff="Ratenvereinbarung"
        )
    )
    add(
        Schluessel(
            bestandsverhaeltnis_id=bv_huber.id,
            nummer="S-1010-1",
            art="Wohnungsschlüssel",
            anzahl=3,
            ausgabedatum=D(2015, 4, 1),
        )
    )
    add(
        Schluessel(
            bestandsverhaeltnis_id=bv_huber.id,
            nummer="P-17",
            art="Postkastenschlüssel",
            anzahl=1,
            ausgabedatum=D(2015, 4, 1),
        )
    )

    for i, wert in enumerate(["UG", "EG", "1. OG", "2. OG", "3. OG", "4. OG", "DG"]):
        add(StatusAllerArt(tabelle="Einheit", gruppe="Stockwerk", wert=wert, position=i))
    for i, wert in enumerate(["freifinanziert", "Wohnbauförderung", "WBF Sanierung"]):
        add(StatusAllerArt(tabelle="Einheit", gruppe="Finanzierung", wert=wert, position=i))
    for i, (wert, kz) in enumerate(
        [
            ("Sanierung", "nicht_vermarkten"),
            ("Renovierung", None),
            ("Eigenbedarf", "nicht_vermarkten"),
            ("Kündigung", None),
        ]
    ):
        add(
            StatusAllerArt(
                tabelle="Bestandsverhaeltnis",
                gruppe="Leerstandsgrund",
                wert=wert,
                position=i,
                kennzeichen=kz,
            )
        )
    for i, (kz, text) in enumerate([("01", "frei"), ("02", "reserviert"), ("03", "gesperrt")]):
        add(Konfiguration(tabelle=1302, schluessel=kz, wert=text, position=i))
    for i, unterart in enumerate(["Dienstwohnung", "Untermiete gestattet"]):
        add(Konfiguration(tabelle=1306, schluessel="Hauptmiete", wert=unterart, position=i))
    for code, kat in [
        ("A", "Kategorie A"),
        ("B", "Kategorie B"),
        ("C", "Kategorie C"),
        ("D", "Kategorie D"),
        ("RW9", "Richtwertmietzins"),
    ]:
        add(Konfiguration(tabelle=93106, schluessel=code, wert=kat))
    for n, label in [
        (1, "Fernwärme-Kunden-Nr."),
        (2, "Wohnbeihilfe"),
        (3, ""),
        (4, "Hausverwaltung"),
    ]:
        add(GlobaleVariable(name=f"GLOBAL_EINHEIT_GRUPPE_{n}_NAME", wert=label))
    add(
        IndivFeld(
            entitaet=IndivEntitaet.EINHEIT,
            bezeichnung="Schornsteinfeger",
            typ=IndivFeldTyp.TEXT,
            position=0,
        )
    )
    add(
        IndivFeld(
            entitaet=IndivEntitaet.EINHEIT,
            bezeichnung="Rauchmelder geprüft",
            typ=IndivFeldTyp.DATUM,
            position=1,
        )
    )
    add(
        IndivFeld(
            entitaet=IndivEntitaet.EINHEIT,
            bezeichnung="Haustiere",
            typ=IndivFeldTyp.AUSWAHL,
            auswahlliste="keine\nKatze\nHund",
            position=2,
        )
    )
    add(
        IndivFeld(
            entitaet=IndivEntitaet.BESTANDSVERHAELTNIS,
            bezeichnung="Wohnbeihilfe",
            typ=IndivFeldTyp.JA_NEIN,
            position=0,
        )
    )
    session.flush()

    ids.benutzer = {"sb": clerk.id, "admin": admin.id}
    ids.mandant = {"01": m1.id, "02": m2.id}
    ids.objekt = {"1010": o1.id, "2020": o2.id, "3030": o3.id}
    ids.stiege = {"1010/1": st1.id, "1010/2": st2.id}
    ids.sachbereich = {k: v.id for k, v in sb.items()}
    ids.veh = {f"1010/{k}": v.id for k, v in vehs.items()}
    ids.vergabestelle = {"wien": wien.id, "graz": graz.id, "land": land.id}
    ids.einheit = {
        f"{e.objekt.objekt_nr}/{e.einheit_nr}": e.id
        for e in (e1, e2, e3, e4, e5, e6, e7, e8, g1, l1)
    }
    ids.person = {
        "Huber": huber.id,
        "Berger": berger.id,
        "Novak": novak.id,
        "Wagner": wagner.id,
        "Café Sonne": cafe.id,
        "Mayer": mayer.id,
        "Pichler": pichler.id,
        "Gruber": hausbesorger.id,
    }
    ids.bv = {
        "1010/0001/1": bv_huber.id,
        "1010/0002/1": bv_berger2.id,
        "1010/0002/2": bv_novak.id,
        "1010/0003/1": bv_wagner.id,
        "1010/0004/1": bv_berger4.id,
        "1010/0005/1": bv_cafe.id,
        "1010/0006/1": bv_garage.id,
        "1010/0007/1": bv_mayer.id,
        "2020/0001/1": bv_pichler.id,
    }
    ids.funktion = {"rw": f_rw.id, "om": f_om.id, "alt": f_alt.id}
    return ids
