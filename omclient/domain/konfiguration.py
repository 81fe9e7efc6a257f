"""Configuration: value lists, configuration tables, global variables,
individual fields, users, and the DMS/Serienbrief settings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    ColumnElement,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from omclient.domain.base import SYSTEM_SOURCE, Base, RwImportMixin, rw_column, str_enum
from omclient.domain.enums import IndivEntitaet, IndivFeldTyp, Rolle

KONFIG_EINHEITEN_STATUS = 1302
KONFIG_UNTERBESTANDSARTEN = 1306
KONFIG_MIETZINS_KATEGORIE = 93106


class StatusAllerArt(Base):
    """Generic value lists keyed by table and group (e.g. Einheit / Stockwerk)."""

    __tablename__ = "status_aller_art"
    __table_args__ = (UniqueConstraint("tabelle", "gruppe", "wert"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tabelle: Mapped[str] = mapped_column(String(50))
    gruppe: Mapped[str] = mapped_column(String(50))
    wert: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    kennzeichen: Mapped[str | None] = mapped_column(String(50))


class Konfiguration(RwImportMixin, Base):
    """Rows of the numbered configuration tables.

    1302 Einheiten-Status (schluessel = Status-KZ, wert = text);
    1306 Unterbestandsarten per Bestandsart (schluessel = Bestandsart, wert = Unterart);
    93106 Mietzins-Kategorie from RW (schluessel = RW code, wert = Kategorie).
    """

    __tablename__ = "konfiguration"
    __table_args__ = (UniqueConstraint("tabelle", "schluessel", "wert"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tabelle: Mapped[int] = rw_column(Integer, index=True, per_row=True)
    schluessel: Mapped[str] = rw_column(String(50), per_row=True)
    wert: Mapped[str] = rw_column(String(200), per_row=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    @hybrid_property
    def von_rw(self) -> bool:
        """Whether the row belongs to table 93106, the Mietzins-Kategorien d+ RW delivers."""
        return self.tabelle == KONFIG_MIETZINS_KATEGORIE

    @von_rw.inplace.expression
    @classmethod
    def _von_rw_expression(cls) -> ColumnElement[bool]:
        return cls.tabelle == KONFIG_MIETZINS_KATEGORIE


class GlobaleVariable(Base):
    """Global settings such as GLOBAL_EINHEIT_GRUPPE_1_NAME."""

    __tablename__ = "globale_variable"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    wert: Mapped[str | None] = mapped_column(Text)
    beschreibung: Mapped[str | None] = mapped_column(String(200))


class IndivFeld(Base):
    """Definition of a company-specific field of an entity."""

    __tablename__ = "indiv_feld"
    __table_args__ = (UniqueConstraint("entitaet", "bezeichnung"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entitaet: Mapped[IndivEntitaet] = mapped_column(str_enum(IndivEntitaet))
    bezeichnung: Mapped[str] = mapped_column(String(100))
    typ: Mapped[IndivFeldTyp] = mapped_column(str_enum(IndivFeldTyp))
    auswahlliste: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    pflicht: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    def auswahl(self) -> list[str]:
        """The choice list, one entry per line."""
        return [line.strip() for line in (self.auswahlliste or "").splitlines() if line.strip()]


class IndivWert(Base):
    """Value of an IndivFeld for one record (stored as text, validated by type)."""

    __tablename__ = "indiv_wert"
    __table_args__ = (UniqueConstraint("feld_id", "datensatz_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feld_id: Mapped[int] = mapped_column(ForeignKey("indiv_feld.id", ondelete="CASCADE"))
    datensatz_id: Mapped[int] = mapped_column(Integer, index=True)
    wert: Mapped[str | None] = mapped_column(Text)

    feld: Mapped[IndivFeld] = relationship()


class Benutzer(Base):
    __tablename__ = "benutzer"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    rolle: Mapped[Rolle] = mapped_column(str_enum(Rolle), default=Rolle.SACHBEARBEITER)
    aktiv: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")

    @property
    def ist_admin(self) -> bool:
        return self.rolle is Rolle.ADMINISTRATOR


class SerienbriefVorlage(Base):
    """Mail-merge template; visible for its main data set (Hauptdatenmenge)."""

    __tablename__ = "serienbrief_vorlage"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    hauptdatenmenge: Mapped[str] = mapped_column(String(50), index=True)
    pfad: Mapped[str] = mapped_column(String(500))


class Einstellung(Base):
    """Key/value settings an administrator manages (DMS root, Immomio, Kaution …).

    Never holds secrets: passwords go to the OS keyring.
    """

    __tablename__ = "einstellung"

    id: Mapped[int] = mapped_column(primary_key=True)
    schluessel: Mapped[str] = mapped_column(String(100), unique=True)
    wert: Mapped[str | None] = mapped_column(Text)
    geaendert_am: Mapped[dt.datetime | None] = mapped_column(
        DateTime, info={"source": SYSTEM_SOURCE}
    )
    geaendert_von: Mapped[str | None] = mapped_column(String(100), info={"source": SYSTEM_SOURCE})
