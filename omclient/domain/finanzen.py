"""Money of a tenancy: Sicherheitsleistungen, Zahlungsdaten, Vorschreibungen,
Buchungen, and the Richtsätze used for the Kaution interest."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from omclient.domain.base import Base, RwImportMixin, rw_column, str_enum
from omclient.domain.enums import Vorschreibungsart, Zahlungsart

if TYPE_CHECKING:
    from omclient.domain.stammdaten import Einheit


class Kaution(Base):
    """Rent deposit of a Bestandsverhältnis and the account it is kept on."""

    __tablename__ = "kaution"

    id: Mapped[int] = mapped_column(primary_key=True)
    bestandsverhaeltnis_id: Mapped[int] = mapped_column(
        ForeignKey("bestandsverhaeltnis.id"), unique=True
    )
    betrag: Mapped[Decimal | None] = mapped_column()
    einzahlungsdatum: Mapped[dt.date | None] = mapped_column(Date)
    kontoinhaber: Mapped[str | None] = mapped_column(String(200))
    bank: Mapped[str | None] = mapped_column(String(200))
    iban: Mapped[str | None] = mapped_column(String(34))
    bic: Mapped[str | None] = mapped_column(String(11))
    auszahlungsdatum: Mapped[dt.date | None] = mapped_column(Date)
    auszahlungsbetrag: Mapped[Decimal | None] = mapped_column()


class Finanzierungsbeitrag(Base):
    """Tenant's financing contribution, with an optional Forderungsabtretung."""

    __tablename__ = "finanzierungsbeitrag"

    id: Mapped[int] = mapped_column(primary_key=True)
    bestandsverhaeltnis_id: Mapped[int] = mapped_column(
        ForeignKey("bestandsverhaeltnis.id"), unique=True
    )
    betrag: Mapped[Decimal | None] = mapped_column()
    datum: Mapped[dt.date | None] = mapped_column(Date)
    verwohnung_prozent_jahr: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    rueckzahlung_betrag: Mapped[Decimal | None] = mapped_column()
    rueckzahlung_datum: Mapped[dt.date | None] = mapped_column(Date)
    abtretung_an: Mapped[str | None] = mapped_column(String(200))
    abtretung_datum: Mapped[dt.date | None] = mapped_column(Date)
    abtretung_betrag: Mapped[Decimal | None] = mapped_column()


class FbStundung(Base):
    """Deferral of (part of) the Finanzierungsbeitrag, paid back in instalments."""

    __tablename__ = "fb_stundung"

    id: Mapped[int] = mapped_column(primary_key=True)
    bestandsverhaeltnis_id: Mapped[int] = mapped_column(
        ForeignKey("bestandsverhaeltnis.id"), index=True
    )
    betrag: Mapped[Decimal] = mapped_column()
    raten: Mapped[int] = mapped_column(Integer)
    beginn: Mapped[dt.date] = mapped_column(Date)
    zinssatz: Mapped[Decimal] = mapped_column(Numeric(6, 3), default=Decimal("0"))
    bemerkung: Mapped[str | None] = mapped_column(Text)


class Bankgarantie(Base):
    __tablename__ = "bankgarantie"

    id: Mapped[int] = mapped_column(primary_key=True)
    bestandsverhaeltnis_id: Mapped[int] = mapped_column(
        ForeignKey("bestandsverhaeltnis.id"), index=True
    )
    bank: Mapped[str] = mapped_column(String(200))
    nummer: Mapped[str | None] = mapped_column(String(50))
    betrag: Mapped[Decimal] = mapped_column()
    gueltig_bis: Mapped[dt.date | None] = mapped_column(Date)


class Sparbuch(Base):
    """Savings book as security. The Losungswort lives in the OS keyring only;
    ``losungswort_hinterlegt`` says whether one was stored there."""

    __tablename__ = "sparbuch"

    id: Mapped[int] = mapped_column(primary_key=True)
    bestandsverhaeltnis_id: Mapped[int] = mapped_column(
        ForeignKey("bestandsverhaeltnis.id"), index=True
    )
    bank: Mapped[str] = mapped_column(String(200))
    nummer: Mapped[str | None] = mapped_column(String(50))
    betrag: Mapped[Decimal] = mapped_column()
    losungswort_hinterlegt: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class WbfPruefung(Base):
    """Check of housing-subsidy (Wohnbauförderung) eligibility."""

    __tablename__ = "wbf_pruefung"

    id: Mapped[int] = mapped_column(primary_key=True)
    bestandsverhaeltnis_id: Mapped[int] = mapped_column(
        ForeignKey("bestandsverhaeltnis.id"), index=True
    )
    datum: Mapped[dt.date] = mapped_column(Date)
    ergebnis: Mapped[str | None] = mapped_column(String(100))
    haushaltsgroesse: Mapped[int | None] = mapped_column(Integer)
    haushaltseinkommen: Mapped[Decimal | None] = mapped_column()
    einkommensgrenze: Mapped[Decimal | None] = mapped_column()
    naechste_pruefung: Mapped[dt.date | None] = mapped_column(Date)
    bemerkung: Mapped[str | None] = mapped_column(Text)


class Zahlungsdaten(Base):
    """Payment data of a Bestandsverhältnis; printed on the Kontoauszug."""

    __tablename__ = "zahlungsdaten"

    id: Mapped[int] = mapped_column(primary_key=True)
    bestandsverhaeltnis_id: Mapped[int] = mapped_column(
        ForeignKey("bestandsverhaeltnis.id"), unique=True
    )
    zahlungsart: Mapped[Zahlungsart] = mapped_column(str_enum(Zahlungsart))
    kontoinhaber: Mapped[str | None] = mapped_column(String(200))
    iban: Mapped[str | None] = mapped_column(String(34))
    bic: Mapped[str | None] = mapped_column(String(11))
    bank: Mapped[str | None] = mapped_column(String(200))
    mandatsreferenz: Mapped[str | None] = mapped_column(String(35))
    mandatsdatum: Mapped[dt.date | None] = mapped_column(Date)
    faelligkeitstag: Mapped[int | None] = mapped_column(Integer)


class Vorschreibung(RwImportMixin, Base):
    """Monthly charge of a kind (Grundmiete, Betriebskosten, …), valid from a date.

    Linked to the Einheit; ``bestandsverhaeltnis_id`` is empty for the target
    rent of a vacant unit.
    """

    __tablename__ = "vorschreibung"
    __table_args__ = (
        UniqueConstraint("einheit_id", "bestandsverhaeltnis_id", "art", "gueltig_ab"),
        Index("ix_vorschreibung_bv", "bestandsverhaeltnis_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    einheit_id: Mapped[int] = rw_column(ForeignKey("einheit.id"))
    bestandsverhaeltnis_id: Mapped[int | None] = rw_column(ForeignKey("bestandsverhaeltnis.id"))
    art: Mapped[Vorschreibungsart] = rw_column(str_enum(Vorschreibungsart))
    betrag_netto: Mapped[Decimal] = rw_column(Numeric(12, 2))
    ust_prozent: Mapped[Decimal] = rw_column(Numeric(5, 2), default=Decimal("10"))
    gueltig_ab: Mapped[dt.date] = rw_column(Date)
    gueltig_bis: Mapped[dt.date | None] = rw_column(Date)

    einheit: Mapped[Einheit] = relationship()


class Buchung(RwImportMixin, Base):
    """A posting on the account of a Bestandsverhältnis (Soll = charge, Haben = payment)."""

    __tablename__ = "buchung"
    __table_args__ = (
        UniqueConstraint("buchungs_nr"),
        Index("ix_buchung_bv_datum", "bestandsverhaeltnis_id", "datum"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bestandsverhaeltnis_id: Mapped[int] = rw_column(ForeignKey("bestandsverhaeltnis.id"))
    buchungs_nr: Mapped[str] = rw_column(String(30))
    datum: Mapped[dt.date] = rw_column(Date)
    beleg_nr: Mapped[str | None] = rw_column(String(30))
    text: Mapped[str] = rw_column(String(200))
    soll: Mapped[Decimal] = rw_column(Numeric(12, 2), default=Decimal("0"))
    haben: Mapped[Decimal] = rw_column(Numeric(12, 2), default=Decimal("0"))


class Richtsatz(Base):
    """Interest rate (% p.a.) for deposits, valid from ``gueltig_ab``."""

    __tablename__ = "richtsatz"

    id: Mapped[int] = mapped_column(primary_key=True)
    gueltig_ab: Mapped[dt.date] = mapped_column(Date, unique=True)
    zinssatz: Mapped[Decimal] = mapped_column(Numeric(7, 4))
    bemerkung: Mapped[str | None] = mapped_column(String(200))


class RichtsatzAenderung(Base):
    """Audit of changes to the Richtsätze."""

    __tablename__ = "richtsatz_aenderung"

    id: Mapped[int] = mapped_column(primary_key=True)
    zeitpunkt: Mapped[dt.datetime] = mapped_column(DateTime)
    benutzer: Mapped[str] = mapped_column(String(100))
    aktion: Mapped[str] = mapped_column(String(20))
    gueltig_ab: Mapped[dt.date] = mapped_column(Date)
    zinssatz_alt: Mapped[Decimal | None] = mapped_column(Numeric(7, 4))
    zinssatz_neu: Mapped[Decimal | None] = mapped_column(Numeric(7, 4))
    bemerkung: Mapped[str | None] = mapped_column(String(200))
