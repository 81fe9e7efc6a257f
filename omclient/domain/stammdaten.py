"""Master data: Mandant, Objekt, Einheit, Person, Bestandsverhältnis and their links.

Columns created with :func:`rw_column` are owned by d+ RW (see ``base``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from omclient.domain.base import Base, RwFelderMixin, RwImportMixin, rw_column, str_enum
from omclient.domain.enums import (
    BvArt,
    Einheitsart,
    Heizungsart,
    Typus,
    VerkettungsRolle,
)


class Mandant(RwImportMixin, Base):
    """A client company whose portfolio is managed."""

    __tablename__ = "mandant"

    id: Mapped[int] = mapped_column(primary_key=True)
    mandant_nr: Mapped[str] = rw_column(String(20), unique=True)
    name: Mapped[str] = rw_column(String(200))
    strasse: Mapped[str | None] = rw_column(String(200))
    plz: Mapped[str | None] = rw_column(String(10))
    ort: Mapped[str | None] = rw_column(String(100))
    land: Mapped[str] = rw_column(String(3), default="AUT", server_default="AUT")
    telefon: Mapped[str | None] = rw_column(String(50))
    email: Mapped[str | None] = rw_column(String(200))
    uid_nr: Mapped[str | None] = rw_column(String(20))
    aktiv: Mapped[bool] = rw_column(Boolean, default=True, server_default="1")

    objekte: Mapped[list[Objekt]] = relationship(back_populates="mandant")


class Objekt(RwImportMixin, Base):
    """A property (Wirtschaftseinheit) with an Objektnummer."""

    __tablename__ = "objekt"
    __table_args__ = (UniqueConstraint("mandant_id", "objekt_nr"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mandant_id: Mapped[int] = rw_column(ForeignKey("mandant.id"), index=True)
    objekt_nr: Mapped[str] = rw_column(String(20), index=True)
    bezeichnung: Mapped[str] = rw_column(String(200), index=True)
    strasse: Mapped[str | None] = rw_column(String(200))
    hausnummer: Mapped[str | None] = rw_column(String(20))
    plz: Mapped[str | None] = rw_column(String(10))
    ort: Mapped[str | None] = rw_column(String(100))
    land: Mapped[str] = rw_column(String(3), default="AUT", server_default="AUT")
    baujahr: Mapped[int | None] = rw_column(Integer)
    bezugsdatum: Mapped[dt.date | None] = rw_column(Date)
    aktiv: Mapped[bool] = rw_column(Boolean, default=True, server_default="1")
    # OM-owned
    aufzug: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    fahrradraum: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    bemerkung: Mapped[str | None] = mapped_column(Text)

    mandant: Mapped[Mandant] = relationship(back_populates="objekte")
    stiegenhaeuser: Mapped[list[Stiegenhaus]] = relationship(
        back_populates="objekt", order_by="Stiegenhaus.nummer"
    )
    einheiten: Mapped[list[Einheit]] = relationship(back_populates="objekt")
    verrechnungseinheiten: Mapped[list[Verrechnungseinheit]] = relationship(back_populates="objekt")


class Stiegenhaus(RwImportMixin, Base):
    __tablename__ = "stiegenhaus"
    __table_args__ = (UniqueConstraint("objekt_id", "nummer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    objekt_id: Mapped[int] = rw_column(ForeignKey("objekt.id"), index=True)
    nummer: Mapped[str] = rw_column(String(20))
    bezeichnung: Mapped[str] = rw_column(String(200))
    aktiv: Mapped[bool] = rw_column(Boolean, default=True, server_default="1")

    objekt: Mapped[Objekt] = relationship(back_populates="stiegenhaeuser")


class Sachbereich(RwImportMixin, Base):
    """Cost domain: BK Betriebskosten, HK Heizkosten, IK Instandhaltung, …"""

    __tablename__ = "sachbereich"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = rw_column(String(10), unique=True)
    bezeichnung: Mapped[str] = rw_column(String(100))


class Verrechnungseinheit(RwImportMixin, Base):
    """Billing unit (VEH) of an Objekt within a Sachbereich."""

    __tablename__ = "verrechnungseinheit"
    __table_args__ = (UniqueConstraint("objekt_id", "sachbereich_id", "nummer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    objekt_id: Mapped[int] = rw_column(ForeignKey("objekt.id"), index=True)
    sachbereich_id: Mapped[int] = rw_column(ForeignKey("sachbereich.id"), index=True)
    nummer: Mapped[str] = rw_column(String(20))
    bezeichnung: Mapped[str] = rw_column(String(200))
    aktiv: Mapped[bool] = rw_column(Boolean, default=True, server_default="1")

    objekt: Mapped[Objekt] = relationship(back_populates="verrechnungseinheiten")
    sachbereich: Mapped[Sachbereich] = relationship()


class Vergabestelle(Base):
    """Body (often a municipality) that may hold the allocation right of units."""

    __tablename__ = "vergabestelle"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    gemeindekennziffer: Mapped[str | None] = mapped_column(String(10))
    zuweisungsberechtigt: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    bemerkung: Mapped[str | None] = mapped_column(Text)


class Einheit(RwFelderMixin, RwImportMixin, Base):
    """A unit: Wohnung, Lokal, Garage, Parkplatz, Keller- or Dachbodenabteil."""

    __tablename__ = "einheit"
    __table_args__ = (
        UniqueConstraint("objekt_id", "einheit_nr"),
        CheckConstraint("kategorie IN ('A','B','C','D')", name="kategorie_a_bis_d"),
        Index("ix_einheit_objekt_aktiv", "objekt_id", "aktiv"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    # Bereich Daten (from RW)
    objekt_id: Mapped[int] = rw_column(ForeignKey("objekt.id"))
    einheit_nr: Mapped[str] = rw_column(String(20))
    top_nr: Mapped[str | None] = rw_column(String(20))
    gebaeudeteil: Mapped[str | None] = rw_column(String(50))
    typus: Mapped[Typus] = rw_column(str_enum(Typus), default=Typus.MIETE)
    einheitsart: Mapped[Einheitsart] = rw_column(str_enum(Einheitsart), default=Einheitsart.WOHNUNG)
    raeume: Mapped[int | None] = rw_column(Integer)
    wohnungscode: Mapped[str | None] = rw_column(String(20))
    nettonutzflaeche: Mapped[Decimal | None] = rw_column(Numeric(10, 2))
    aktiv: Mapped[bool] = rw_column(Boolean, default=True, server_default="1")
    heizkostenordnungsbegriff: Mapped[str | None] = rw_column(String(50))
    heizkostenfirma: Mapped[str | None] = rw_column(String(200))
    stockwerk: Mapped[str | None] = rw_column(String(50), conditional=True)
    erstbezug: Mapped[dt.date | None] = rw_column(Date)
    # Bereich Daten (OM)
    stiegenhaus_id: Mapped[int | None] = mapped_column(ForeignKey("stiegenhaus.id"), index=True)
    lage: Mapped[str | None] = mapped_column(String(100))
    kategorie: Mapped[str | None] = mapped_column(String(1))
    anzahl_raeume: Mapped[int | None] = mapped_column(Integer)
    vergabestelle_id: Mapped[int | None] = mapped_column(ForeignKey("vergabestelle.id"), index=True)

    # Bereich Kennzeichen
    status: Mapped[str | None] = rw_column(String(50))
    bestandsart: Mapped[str | None] = rw_column(String(50))
    behindertengerecht: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    altersgerecht: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    mietzins_kategorie: Mapped[str | None] = rw_column(String(50), conditional=True)
    datum_erstvermietung: Mapped[dt.date | None] = mapped_column(Date)
    status_kz: Mapped[str | None] = mapped_column(String(50))
    finanzierung: Mapped[str | None] = mapped_column(String(100))
    unterbestandsart: Mapped[str | None] = mapped_column(String(50))

    # Bereich Adresse (RW)
    strasse: Mapped[str | None] = rw_column(String(200))
    hausnummer: Mapped[str | None] = rw_column(String(20))
    stiege: Mapped[str | None] = rw_column(String(20))
    tuer: Mapped[str | None] = rw_column(String(20))
    plz: Mapped[str | None] = rw_column(String(10))
    ort: Mapped[str | None] = rw_column(String(100))
    land: Mapped[str] = rw_column(String(3), default="AUT", server_default="AUT")

    # Bereich Indiv Daten, Bemerkungen
    indiv_daten_1: Mapped[str | None] = mapped_column(String(200))
    indiv_daten_2: Mapped[str | None] = mapped_column(String(200))
    indiv_daten_3: Mapped[str | None] = mapped_column(String(200))
    indiv_daten_4: Mapped[str | None] = mapped_column(String(200))
    bemerkung: Mapped[str | None] = mapped_column(Text)
    bemerkung_fibu: Mapped[str | None] = rw_column(Text)

    # Vermarktung (Immomio)
    verfuegbar_ab: Mapped[dt.date | None] = mapped_column(Date)
    heizungsart: Mapped[Heizungsart | None] = mapped_column(str_enum(Heizungsart))
    hwb_wert: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    hwb_klasse: Mapped[str | None] = mapped_column(String(3))
    fgee_wert: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    fgee_klasse: Mapped[str | None] = mapped_column(String(3))
    energieausweis_gueltig_bis: Mapped[dt.date | None] = mapped_column(Date)
    keller: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    einbaukueche: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    gegensprechanlage: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    gaeste_wc: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    balkon: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    vermarktung_text: Mapped[str | None] = mapped_column(Text)

    objekt: Mapped[Objekt] = relationship(back_populates="einheiten")
    stiegenhaus: Mapped[Stiegenhaus | None] = relationship()
    vergabestelle: Mapped[Vergabestelle | None] = relationship()
    bestandsverhaeltnisse: Mapped[list[Bestandsverhaeltnis]] = relationship(
        back_populates="einheit", order_by="Bestandsverhaeltnis.bezugsdatum"
    )

    __mapper_args__ = {"version_id_col": version}


class Person(RwImportMixin, Base):
    """A Bestandnehmer (tenant or owner) or Funktionsträger."""

    __tablename__ = "person"
    __table_args__ = (
        UniqueConstraint("mandant_id", "person_nr"),
        Index("ix_person_nachname_vorname", "nachname", "vorname"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mandant_id: Mapped[int] = rw_column(ForeignKey("mandant.id"))
    person_nr: Mapped[str] = rw_column(String(20))
    anrede: Mapped[str | None] = rw_column(String(20))
    titel: Mapped[str | None] = rw_column(String(50))
    vorname: Mapped[str | None] = rw_column(String(100))
    nachname: Mapped[str | None] = rw_column(String(100))
    firma: Mapped[str | None] = rw_column(String(200))
    strasse: Mapped[str | None] = rw_column(String(200))
    hausnummer: Mapped[str | None] = rw_column(String(20))
    plz: Mapped[str | None] = rw_column(String(10))
    ort: Mapped[str | None] = rw_column(String(100))
    land: Mapped[str] = rw_column(String(3), default="AUT", server_default="AUT")
    geburtsdatum: Mapped[dt.date | None] = rw_column(Date)
    email: Mapped[str | None] = rw_column(String(200))
    telefon: Mapped[str | None] = rw_column(String(50))
    # OM-owned
    mobil: Mapped[str | None] = mapped_column(String(50))
    bemerkung: Mapped[str | None] = mapped_column(Text)

    mandant: Mapped[Mandant] = relationship()

    @property
    def anzeigename(self) -> str:
        """Name as shown in lists: company, or 'Nachname Vorname' with title."""
        return anzeigename(self.firma, self.titel, self.nachname, self.vorname)


def anzeigename(
    firma: str | None, titel: str | None, nachname: str | None, vorname: str | None
) -> str:
    """A person's name as lists show it (also for query rows without a Person object)."""
    if firma:
        return firma
    return " ".join([p for p in (titel, nachname, vorname) if p])


class Bestandsverhaeltnis(RwFelderMixin, RwImportMixin, Base):
    """The time-bounded link person ↔ Einheit: a tenancy or an ownership."""

    __tablename__ = "bestandsverhaeltnis"
    __table_args__ = (
        UniqueConstraint("einheit_id", "bv_nr"),
        Index("ix_bv_einheit_bezug", "einheit_id", "bezugsdatum"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    einheit_id: Mapped[int] = rw_column(ForeignKey("einheit.id"))
    person_id: Mapped[int | None] = rw_column(ForeignKey("person.id"), index=True)
    bv_nr: Mapped[str] = rw_column(String(20))
    art: Mapped[BvArt] = rw_column(str_enum(BvArt), default=BvArt.MIETE)
    bestandsart: Mapped[str | None] = rw_column(String(50), index=True)
    bezugsdatum: Mapped[dt.date | None] = rw_column(Date, conditional=True)
    auszugsdatum: Mapped[dt.date | None] = rw_column(Date, conditional=True)
    befristung_bis: Mapped[dt.date | None] = rw_column(Date, conditional=True)
    aktiv: Mapped[bool] = rw_column(Boolean, default=True, server_default="1")
    # OM-owned
    unterbestandsart: Mapped[str | None] = mapped_column(String(50))
    leerstand_grund: Mapped[str | None] = mapped_column(String(100))
    leerstand_kommentar: Mapped[str | None] = mapped_column(Text)
    kaution_aktiv: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    finanzierungsbeitrag_aktiv: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default="0"
    )
    bankgarantie_aktiv: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    sparbuch_aktiv: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    sonstiges_aktiv: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    buergschaft_buerge: Mapped[str | None] = mapped_column(String(200))
    buergschaft_betrag: Mapped[Decimal | None] = mapped_column()
    vergebuehrung_datum: Mapped[dt.date | None] = mapped_column(Date)
    vergebuehrung_betrag: Mapped[Decimal | None] = mapped_column()
    bemerkung: Mapped[str | None] = mapped_column(Text)

    einheit: Mapped[Einheit] = relationship(back_populates="bestandsverhaeltnisse")
    person: Mapped[Person | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    def ist_aktiv_am(self, stichtag: dt.date) -> bool:
        """Active when ``stichtag`` lies between Bezug (or open) and Auszug (incl.)."""
        if not self.aktiv:
            return False
        if self.bezugsdatum is not None and self.bezugsdatum > stichtag:
            return False
        return self.auszugsdatum is None or self.auszugsdatum >= stichtag


class Funktionsart(Base):
    """Kind of function (e.g. 31000 Hausbesorger). ``aus_rw``: owned by d+ RW."""

    __tablename__ = "funktionsart"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    bezeichnung: Mapped[str] = mapped_column(String(100))
    aus_rw: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class Funktion(RwImportMixin, Base):
    """A role a person holds at an Einheit or a Bestandsverhältnis, from Beginn to Ende."""

    __tablename__ = "funktion"
    __table_args__ = (
        CheckConstraint(
            "einheit_id IS NOT NULL OR bestandsverhaeltnis_id IS NOT NULL",
            name="einheit_oder_bv",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    funktionsart_id: Mapped[int] = rw_column(
        ForeignKey("funktionsart.id"), index=True, per_row=True
    )
    person_id: Mapped[int] = rw_column(ForeignKey("person.id"), index=True, per_row=True)
    einheit_id: Mapped[int | None] = rw_column(ForeignKey("einheit.id"), index=True, per_row=True)
    bestandsverhaeltnis_id: Mapped[int | None] = rw_column(
        ForeignKey("bestandsverhaeltnis.id"), index=True, per_row=True
    )
    beginn: Mapped[dt.date | None] = rw_column(Date, per_row=True)
    ende: Mapped[dt.date | None] = rw_column(Date, per_row=True)
    bemerkung: Mapped[str | None] = mapped_column(Text)
    rw_schluessel: Mapped[str | None] = rw_column(String(50), unique=True, per_row=True)

    funktionsart: Mapped[Funktionsart] = relationship()
    person: Mapped[Person] = relationship()

    @hybrid_property
    def von_rw(self) -> bool:
        """Whether d+ RW delivered this Funktion (it has RW's key); OM's own have none."""
        return self.rw_schluessel is not None

    @von_rw.inplace.expression
    @classmethod
    def _von_rw_expression(cls) -> ColumnElement[bool]:
        return cls.rw_schluessel.is_not(None)


class Verkettung(RwImportMixin, Base):
    """Chain of tenancies from d+ RW: a Haupt- and a Sub-Bestandnehmer."""

    __tablename__ = "verkettung"
    __table_args__ = (UniqueConstraint("haupt_bv_id", "sub_bv_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    haupt_bv_id: Mapped[int] = rw_column(ForeignKey("bestandsverhaeltnis.id"), index=True)
    sub_bv_id: Mapped[int] = rw_column(ForeignKey("bestandsverhaeltnis.id"), index=True)
    art: Mapped[str | None] = rw_column(String(50))
    aktiv: Mapped[bool] = rw_column(Boolean, default=True, server_default="1")

    haupt: Mapped[Bestandsverhaeltnis] = relationship(foreign_keys=[haupt_bv_id])
    sub: Mapped[Bestandsverhaeltnis] = relationship(foreign_keys=[sub_bv_id])

    @staticmethod
    def rolle_von(verkettung: Verkettung, bv_id: int) -> VerkettungsRolle:
        return VerkettungsRolle.HAUPT if verkettung.haupt_bv_id == bv_id else VerkettungsRolle.SUB


class Flaechenaufteilung(Base):
    """A unit's area and share per Verrechnungseinheit."""

    __tablename__ = "flaechenaufteilung"
    __table_args__ = (UniqueConstraint("einheit_id", "verrechnungseinheit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    einheit_id: Mapped[int] = mapped_column(ForeignKey("einheit.id"))
    verrechnungseinheit_id: Mapped[int] = mapped_column(
        ForeignKey("verrechnungseinheit.id"), index=True
    )
    flaeche: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    anteil: Mapped[Decimal] = mapped_column(Numeric(12, 6))
    gueltig_ab: Mapped[dt.date | None] = mapped_column(Date)

    einheit: Mapped[Einheit] = relationship()
    verrechnungseinheit: Mapped[Verrechnungseinheit] = relationship()
