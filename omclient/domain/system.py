"""Run records: RW imports, Immomio transfers and sync states, Interessenten."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from omclient.domain.base import Base, str_enum
from omclient.domain.enums import ImportErgebnis


class RwImportLauf(Base):
    """One run of the RW import: when, who, what, how many, result."""

    __tablename__ = "rw_import_lauf"

    id: Mapped[int] = mapped_column(primary_key=True)
    gestartet_am: Mapped[dt.datetime] = mapped_column(DateTime)
    beendet_am: Mapped[dt.datetime | None] = mapped_column(DateTime)
    benutzer: Mapped[str] = mapped_column(String(100))
    quelle: Mapped[str] = mapped_column(String(500))
    datei_hash: Mapped[str] = mapped_column(String(64))
    art: Mapped[str] = mapped_column(String(10))
    mandant_nr: Mapped[str | None] = mapped_column(String(20))
    neu: Mapped[int] = mapped_column(Integer, default=0)
    geaendert: Mapped[int] = mapped_column(Integer, default=0)
    unveraendert: Mapped[int] = mapped_column(Integer, default=0)
    deaktiviert: Mapped[int] = mapped_column(Integer, default=0)
    details: Mapped[str | None] = mapped_column(Text)
    ergebnis: Mapped[ImportErgebnis] = mapped_column(str_enum(ImportErgebnis))
    meldungen: Mapped[str | None] = mapped_column(Text)


class ImmomioSyncStand(Base):
    """What was last confirmed sent to Immomio for one Einheit."""

    __tablename__ = "immomio_sync_stand"

    id: Mapped[int] = mapped_column(primary_key=True)
    einheit_id: Mapped[int] = mapped_column(ForeignKey("einheit.id"), unique=True)
    externe_id: Mapped[str] = mapped_column(String(100), unique=True)
    inhalt_hash: Mapped[str | None] = mapped_column(String(64))
    gesendet_am: Mapped[dt.datetime | None] = mapped_column(DateTime)
    zurueckgezogen_am: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ImmomioStammdatenStand(Base):
    """What Immomio last confirmed of one Stammdaten record (Wirtschaftseinheit,
    Verwaltungseinheit, Mieter, Mietvertrag), keyed by kind and composite id."""

    __tablename__ = "immomio_stammdaten_stand"
    __table_args__ = (UniqueConstraint("entitaet", "externe_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entitaet: Mapped[str] = mapped_column(String(30))
    externe_id: Mapped[str] = mapped_column(String(120))
    inhalt_hash: Mapped[str | None] = mapped_column(String(64))
    gesendet_am: Mapped[dt.datetime] = mapped_column(DateTime)
    geloescht_am: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ImmomioUebertragung(Base):
    """One transfer to Immomio (or a dry run) and its result."""

    __tablename__ = "immomio_uebertragung"

    id: Mapped[int] = mapped_column(primary_key=True)
    gestartet_am: Mapped[dt.datetime] = mapped_column(DateTime)
    beendet_am: Mapped[dt.datetime | None] = mapped_column(DateTime)
    benutzer: Mapped[str] = mapped_column(String(100))
    art: Mapped[str] = mapped_column(String(20))
    transport: Mapped[str] = mapped_column(String(20))
    neu: Mapped[int] = mapped_column(Integer, default=0)
    geaendert: Mapped[int] = mapped_column(Integer, default=0)
    zurueckgezogen: Mapped[int] = mapped_column(Integer, default=0)
    ergebnis: Mapped[str] = mapped_column(String(30))
    meldung: Mapped[str | None] = mapped_column(Text)


class Interessent(Base):
    """A prospective tenant who asked about a unit (from Immomio)."""

    __tablename__ = "interessent"

    id: Mapped[int] = mapped_column(primary_key=True)
    vorname: Mapped[str | None] = mapped_column(String(100))
    nachname: Mapped[str] = mapped_column(String(100), index=True)
    geburtsdatum: Mapped[dt.date | None] = mapped_column(Date)
    email: Mapped[str | None] = mapped_column(String(200), index=True)
    telefon: Mapped[str | None] = mapped_column(String(50))
    anfrage_text: Mapped[str | None] = mapped_column(Text)
    einheit_id: Mapped[int | None] = mapped_column(ForeignKey("einheit.id"), index=True)
    externe_objekt_id: Mapped[str | None] = mapped_column(String(100))
    quelle: Mapped[str | None] = mapped_column(String(50))
    erstellt_am: Mapped[dt.datetime] = mapped_column(DateTime)
    zimmer_min: Mapped[int | None] = mapped_column(Integer)
    flaeche_min: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    miete_max: Mapped[Decimal | None] = mapped_column()
