"""Records the Infogrid lists: Verträge, Vermerke, Aufträge, Schlüssel.

Each is linked to an Einheit or a Bestandsverhältnis (never only to the Objekt).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from omclient.domain.base import Base, str_enum
from omclient.domain.enums import InfoArt, InfoKontext

_LINK_CHECK = "einheit_id IS NOT NULL OR bestandsverhaeltnis_id IS NOT NULL"


class _Verknuepft:
    """Columns linking a record to an Einheit or a Bestandsverhältnis."""

    einheit_id: Mapped[int | None] = mapped_column(ForeignKey("einheit.id"), index=True)
    bestandsverhaeltnis_id: Mapped[int | None] = mapped_column(
        ForeignKey("bestandsverhaeltnis.id"), index=True
    )


class Vertrag(_Verknuepft, Base):
    __tablename__ = "vertrag"
    __table_args__ = (CheckConstraint(_LINK_CHECK, name="verknuepft"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vertragsart: Mapped[str] = mapped_column(String(100))
    nummer: Mapped[str | None] = mapped_column(String(50))
    beginn: Mapped[dt.date | None] = mapped_column(Date)
    ende: Mapped[dt.date | None] = mapped_column(Date)
    betrag: Mapped[Decimal | None] = mapped_column()
    bemerkung: Mapped[str | None] = mapped_column(Text)


class Vermerk(_Verknuepft, Base):
    __tablename__ = "vermerk"
    __table_args__ = (CheckConstraint(_LINK_CHECK, name="verknuepft"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    datum: Mapped[dt.date] = mapped_column(Date)
    betreff: Mapped[str] = mapped_column(String(200))
    text: Mapped[str | None] = mapped_column(Text)
    benutzer: Mapped[str | None] = mapped_column(String(100))


class Auftrag(_Verknuepft, Base):
    """Work order (ticket), e.g. created from an Ausstattung item."""

    __tablename__ = "auftrag"
    __table_args__ = (CheckConstraint(_LINK_CHECK, name="verknuepft"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nummer: Mapped[str | None] = mapped_column(String(30))
    datum: Mapped[dt.date] = mapped_column(Date)
    betreff: Mapped[str] = mapped_column(String(200))
    beschreibung: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(30), default="offen")
    ausstattung_id: Mapped[int | None] = mapped_column(ForeignKey("ausstattung.id"))
    verrechnungseinheit_id: Mapped[int | None] = mapped_column(ForeignKey("verrechnungseinheit.id"))


class Schluessel(_Verknuepft, Base):
    """Keys handed over: number, kind, count, date."""

    __tablename__ = "schluessel"
    __table_args__ = (CheckConstraint(_LINK_CHECK, name="verknuepft"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nummer: Mapped[str | None] = mapped_column(String(50))
    art: Mapped[str] = mapped_column(String(100))
    anzahl: Mapped[int] = mapped_column(Integer, default=1)
    ausgabedatum: Mapped[dt.date | None] = mapped_column(Date)
    rueckgabedatum: Mapped[dt.date | None] = mapped_column(Date)
    bemerkung: Mapped[str | None] = mapped_column(Text)


class InfogridEinstellung(Base):
    """Which kinds the Infogrid shows in a context, and in which order (admin)."""

    __tablename__ = "infogrid_einstellung"
    __table_args__ = (UniqueConstraint("kontext", "art"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kontext: Mapped[InfoKontext] = mapped_column(str_enum(InfoKontext))
    art: Mapped[InfoArt] = mapped_column(str_enum(InfoArt))
    position: Mapped[int] = mapped_column(Integer, default=0)
    sichtbar: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")


class InfogridAusblendung(Base):
    """An Infogrid entry a user hid by right-click."""

    __tablename__ = "infogrid_ausblendung"
    __table_args__ = (UniqueConstraint("benutzer_id", "kontext", "art"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    benutzer_id: Mapped[int] = mapped_column(ForeignKey("benutzer.id"))
    kontext: Mapped[InfoKontext] = mapped_column(str_enum(InfoKontext))
    art: Mapped[InfoArt] = mapped_column(str_enum(InfoArt))
    zeitpunkt: Mapped[dt.datetime | None] = mapped_column(DateTime)
