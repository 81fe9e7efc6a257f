"""Equipment of units, its templates and inspections."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from omclient.domain.base import Base

if TYPE_CHECKING:
    from omclient.domain.stammdaten import Einheit


class Ausstattungsgruppe(Base):
    """Group of equipment (Bodenbeläge, Sanitär, Heizung, Balkon/Loggia, Abteile, …)."""

    __tablename__ = "ausstattungsgruppe"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Ausstattung(Base):
    """An equipment item explicitly assigned to one Einheit."""

    __tablename__ = "ausstattung"

    id: Mapped[int] = mapped_column(primary_key=True)
    einheit_id: Mapped[int] = mapped_column(ForeignKey("einheit.id"), index=True)
    gruppe_id: Mapped[int] = mapped_column(ForeignKey("ausstattungsgruppe.id"), index=True)
    bezeichnung: Mapped[str] = mapped_column(String(200))
    raum: Mapped[str | None] = mapped_column(String(100))
    menge: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("1"))
    mengeneinheit: Mapped[str | None] = mapped_column(String(20))
    hersteller: Mapped[str | None] = mapped_column(String(100))
    einbaudatum: Mapped[dt.date | None] = mapped_column(Date)
    zustand: Mapped[str | None] = mapped_column(String(50))
    aktiv: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    bemerkung: Mapped[str | None] = mapped_column(Text)

    einheit: Mapped[Einheit] = relationship()
    gruppe: Mapped[Ausstattungsgruppe] = relationship()
    instandhaltungen: Mapped[list[Instandhaltung]] = relationship(
        back_populates="ausstattung", order_by="Instandhaltung.datum"
    )


class Ausstattungsvorlage(Base):
    """A fixed group of equipment items, booked onto a unit in one go."""

    __tablename__ = "ausstattungsvorlage"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    bemerkung: Mapped[str | None] = mapped_column(Text)

    positionen: Mapped[list[AusstattungsvorlagePosition]] = relationship(
        back_populates="vorlage", order_by="AusstattungsvorlagePosition.position"
    )


class AusstattungsvorlagePosition(Base):
    __tablename__ = "ausstattungsvorlage_position"

    id: Mapped[int] = mapped_column(primary_key=True)
    vorlage_id: Mapped[int] = mapped_column(ForeignKey("ausstattungsvorlage.id"), index=True)
    gruppe_id: Mapped[int] = mapped_column(ForeignKey("ausstattungsgruppe.id"))
    bezeichnung: Mapped[str] = mapped_column(String(200))
    raum: Mapped[str | None] = mapped_column(String(100))
    menge: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("1"))
    mengeneinheit: Mapped[str | None] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)

    vorlage: Mapped[Ausstattungsvorlage] = relationship(back_populates="positionen")
    gruppe: Mapped[Ausstattungsgruppe] = relationship()


class Instandhaltung(Base):
    """An inspection of an equipment item: date, result, next due date."""

    __tablename__ = "instandhaltung"

    id: Mapped[int] = mapped_column(primary_key=True)
    ausstattung_id: Mapped[int] = mapped_column(ForeignKey("ausstattung.id"), index=True)
    datum: Mapped[dt.date] = mapped_column(Date)
    ergebnis: Mapped[str | None] = mapped_column(String(200))
    naechste_faelligkeit: Mapped[dt.date | None] = mapped_column(Date)
    pruefer: Mapped[str | None] = mapped_column(String(100))
    bemerkung: Mapped[str | None] = mapped_column(Text)

    ausstattung: Mapped[Ausstattung] = relationship(back_populates="instandhaltungen")
