"""Immomio settings: transport, address, user, separator, Mandanten, Anbieter.

Each Mandant is listed under its own OpenImmo Anbieter (``anbieter``, stored as
JSON); a Mandant without one is not sent. ``nicht_senden`` names the
Einheitsarten the administrator keeps off Immomio (e.g. Keller).

Everything but the password is stored in ``Einstellung`` rows (keys
``immomio.*``). The password lives only in the OS keyring (service
:data:`KEYRING_SERVICE`, user name ``<benutzer>@<host>``). When the machine has
no usable keyring backend, :func:`keyring_verfuegbar` says so and the caller
must ask for the password at each push; it is never written anywhere.

Which Leerstandsgründe keep a unit off the market is kept where the reasons
themselves are kept: the value list ``StatusAllerArt`` (table
``Bestandsverhaeltnis``, group ``Leerstandsgrund``) marks them with the
kennzeichen ``nicht_vermarkten``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
from typing import Literal
from urllib.parse import urlsplit

import keyring
import keyring.errors
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from omclient.domain import Einstellung, Mandant, StatusAllerArt
from omclient.domain.enums import Einheitsart
from omclient.errors import IntegrationError, ValidationError
from omclient.services.benutzer import require_admin
from omclient.services.dto import BenutzerDto
from omclient.services.schluesselbund import keyring_verfuegbar

log = logging.getLogger(__name__)

KEYRING_SERVICE = "omclient-immomio"
PREFIX = "immomio."
SEPARATOREN = ("-", "_", ".", "/", "|")
TRANSPORTE = {"https": "HTTPS (Immomio API)", "ftp": "FTP (DIT-Bestandsimport)", "ftps": "FTPS"}
LEERSTANDSGRUND_TABELLE = "Bestandsverhaeltnis"
LEERSTANDSGRUND_GRUPPE = "Leerstandsgrund"
NICHT_VERMARKTEN = "nicht_vermarkten"

Transport = Literal["https", "ftp", "ftps"]


class MandantAnbieter(BaseModel):
    """The OpenImmo Anbieter under which one Mandant's units are listed."""

    model_config = ConfigDict(frozen=True)

    mandant_nr: str
    firma: str
    anbieternr: str = ""
    openimmo_anid: str


class ImmomioEinstellungen(BaseModel):
    """The Immomio settings an administrator maintains (no password)."""

    model_config = ConfigDict(frozen=True)

    transport: Transport = "https"
    url: str = ""
    benutzer: str = ""
    separator: str = "-"
    mandanten: tuple[str, ...] = ()
    anbieter_firma: str = ""
    anbieternr: str = ""
    openimmo_anid: str = ""
    kontakt_name: str = ""
    kontakt_email: str = ""
    kontakt_telefon: str = ""
    ftp_verzeichnis: str = "/"
    feedback_verzeichnis: str = "feedback"
    timeout_s: float = Field(default=30.0, gt=0)
    batch_groesse: int = Field(default=200, gt=0)
    anbieter: tuple[MandantAnbieter, ...] = ()
    nicht_senden: tuple[str, ...] = ()
    stammdaten_pfad: str = "stammdaten"

    def anbieter_fuer(self, mandant_nr: str) -> MandantAnbieter | None:
        """The Anbieter of ``mandant_nr``: its own entry; with a single configured
        Mandant and no entry, the general Anbieter fields; else None (not sent)."""
        for entry in self.anbieter:
            if entry.mandant_nr == mandant_nr:
                return entry
        allgemein = self.anbieter_firma.strip() and self.openimmo_anid.strip()
        if not self.anbieter and allgemein and self.mandanten == (mandant_nr,):
            return MandantAnbieter(
                mandant_nr=mandant_nr,
                firma=self.anbieter_firma.strip(),
                anbieternr=self.anbieternr.strip(),
                openimmo_anid=self.openimmo_anid.strip(),
            )
        return None

    @property
    def host(self) -> str:
        """Host name of the URL (for FTP the URL may be a bare host name)."""
        text = self.url.strip()
        if "://" not in text:
            text = f"//{text}"
        return urlsplit(text).hostname or ""

    @property
    def keyring_user(self) -> str:
        return f"{self.benutzer}@{self.host}"

    def probleme(self) -> list[str]:
        """Everything that keeps these settings from being used for a transfer."""
        problems: list[str] = []
        if self.transport not in TRANSPORTE:
            problems.append(f"Unbekannte Übertragungsart „{self.transport}“.")
        if not self.url.strip():
            problems.append("Bitte die Adresse (URL bzw. Server) angeben.")
        elif self.transport == "https":
            parts = urlsplit(self.url.strip())
            if parts.scheme != "https" and parts.hostname not in ("127.0.0.1", "localhost"):
                problems.append("Die API-Adresse muss mit https:// beginnen.")
            if not parts.hostname:
                problems.append("Die API-Adresse ist keine gültige URL.")
        elif not self.host:
            problems.append("Der FTP-Server ist keine gültige Adresse.")
        if not self.benutzer.strip():
            problems.append("Bitte den Benutzernamen (API- bzw. FTP-Benutzer) angeben.")
        if self.separator not in SEPARATOREN:
            problems.append(
                "Der Separator für zusammengesetzte IDs muss eines dieser Zeichen sein: "
                + " ".join(SEPARATOREN)
            )
        if not self.mandanten:
            problems.append("Bitte mindestens eine Mandantennummer angeben.")
        if len(self.mandanten) > 1 and not self.anbieter:
            problems.append(
                "Bei mehreren Mandanten bitte für jeden Mandanten den Anbieter "
                "(Firma, Anbieternr., OpenImmo-ANID) angeben."
            )
        elif not self.anbieter:
            if not self.anbieter_firma.strip():
                problems.append("Bitte die Firma des Anbieters angeben.")
            if not self.openimmo_anid.strip():
                problems.append("Bitte die OpenImmo-ANID des Anbieters angeben.")
        for entry in self.anbieter:
            if not entry.firma.strip() or not entry.openimmo_anid.strip():
                problems.append(
                    f"Anbieter des Mandanten {entry.mandant_nr}: bitte Firma und "
                    "OpenImmo-ANID angeben."
                )
        return problems


_FIELDS = [name for name in ImmomioEinstellungen.model_fields]
_LISTEN = ("mandanten", "nicht_senden")


def _als_text(name: str, value: object) -> str:
    if name in _LISTEN:
        return ",".join(value)  # type: ignore[arg-type]
    if name == "anbieter":
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def load_settings(session: Session) -> ImmomioEinstellungen:
    """The stored settings (defaults for whatever was never saved)."""
    rows = session.scalars(
        select(Einstellung).where(Einstellung.schluessel.startswith(PREFIX))
    ).all()
    values: dict[str, object] = {}
    for row in rows:
        name = row.schluessel.removeprefix(PREFIX)
        if name not in _FIELDS or row.wert is None:
            continue
        if name in _LISTEN:
            values[name] = tuple(m for m in row.wert.split(",") if m)
        elif name == "anbieter":
            values[name] = json.loads(row.wert or "[]")
        else:
            values[name] = row.wert
    return ImmomioEinstellungen.model_validate(values)


def validate_settings(session: Session, settings: ImmomioEinstellungen) -> None:
    """Raise ValidationError listing every problem (incl. unknown Mandanten)."""
    problems = settings.probleme()
    known = set(session.scalars(select(Mandant.mandant_nr)).all())
    unknown = [m for m in settings.mandanten if m not in known]
    unknown += [a.mandant_nr for a in settings.anbieter if a.mandant_nr not in known]
    if unknown:
        problems.append(f"Unbekannte Mandantennummer(n): {', '.join(dict.fromkeys(unknown))}")
    arten = {a.value for a in Einheitsart}
    fremd = [a for a in settings.nicht_senden if a not in arten]
    if fremd:
        problems.append(f"Unbekannte Einheitsart(en): {', '.join(fremd)}")
    if problems:
        raise ValidationError("Die Immomio-Einstellungen sind unvollständig.", problems)


def save_settings(
    session: Session,
    user: BenutzerDto,
    settings: ImmomioEinstellungen,
    nicht_vermarkten: list[str] | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Store ``settings`` (administrators only; validated first, then one transaction).

    ``nicht_vermarkten``: when given, exactly these Leerstandsgründe are marked
    as "not to be marketed".
    """
    require_admin(user, "Das Ändern der Immomio-Einstellungen")
    stamp = now or dt.datetime.now()
    with session.begin():
        validate_settings(session, settings)
        if nicht_vermarkten is not None:
            grundliste = {g.wert for g in leerstandsgruende(session)}
            unknown = [g for g in nicht_vermarkten if g not in grundliste]
            if unknown:
                raise ValidationError(f"Unbekannte Leerstandsgründe: {', '.join(unknown)}")
        existing = {
            row.schluessel: row
            for row in session.scalars(
                select(Einstellung).where(Einstellung.schluessel.startswith(PREFIX))
            )
        }
        for name, value in settings.model_dump().items():
            text = _als_text(name, value)
            key = PREFIX + name
            row = existing.get(key)
            if row is None:
                session.add(
                    Einstellung(
                        schluessel=key, wert=text, geaendert_am=stamp, geaendert_von=user.login
                    )
                )
            elif row.wert != text:
                row.wert = text
                row.geaendert_am = stamp
                row.geaendert_von = user.login
        if nicht_vermarkten is not None:
            for grund in leerstandsgruende(session):
                if grund.wert in nicht_vermarkten:
                    grund.kennzeichen = NICHT_VERMARKTEN
                elif grund.kennzeichen == NICHT_VERMARKTEN:
                    grund.kennzeichen = None


def leerstandsgruende(session: Session) -> list[StatusAllerArt]:
    """All Leerstandsgründe of the value list, in their order."""
    return list(
        session.scalars(
            select(StatusAllerArt)
            .where(
                StatusAllerArt.tabelle == LEERSTANDSGRUND_TABELLE,
                StatusAllerArt.gruppe == LEERSTANDSGRUND_GRUPPE,
            )
            .order_by(StatusAllerArt.position, StatusAllerArt.wert)
        )
    )


class MandantWahl(BaseModel):
    """A Mandant the push can be limited to."""

    model_config = ConfigDict(frozen=True)

    mandant_nr: str
    name: str


class LeerstandsgrundWahl(BaseModel):
    """A Leerstandsgrund and whether it keeps a unit off the market."""

    model_config = ConfigDict(frozen=True)

    wert: str
    nicht_vermarkten: bool


class EinstellungenFormular(BaseModel):
    """What the settings dialog shows: the settings and the choices for them."""

    model_config = ConfigDict(frozen=True)

    einstellungen: ImmomioEinstellungen
    mandanten: list[MandantWahl]
    leerstandsgruende: list[LeerstandsgrundWahl]


def einstellungen_formular(session: Session) -> EinstellungenFormular:
    """The stored settings, every Mandant (by number) and the Leerstandsgründe (in order)."""
    return EinstellungenFormular(
        einstellungen=load_settings(session),
        mandanten=[
            MandantWahl(mandant_nr=m.mandant_nr, name=m.name)
            for m in session.scalars(select(Mandant).order_by(Mandant.mandant_nr))
        ],
        leerstandsgruende=[
            LeerstandsgrundWahl(wert=g.wert, nicht_vermarkten=g.kennzeichen == NICHT_VERMARKTEN)
            for g in leerstandsgruende(session)
        ],
    )


def nicht_vermarkten_gruende(session: Session) -> set[str]:
    """Leerstandsgründe that keep a vacant unit off the market (e.g. Sanierung)."""
    return {g.wert for g in leerstandsgruende(session) if g.kennzeichen == NICHT_VERMARKTEN}


KEIN_KEYRING = (
    "Auf diesem Rechner steht kein Schlüsselbund (Keyring) des Betriebssystems zur "
    "Verfügung. Das Immomio-Passwort wird deshalb nicht gespeichert und bei jeder "
    "Übertragung abgefragt."
)


def passwort_speichern(settings: ImmomioEinstellungen, passwort: str) -> None:
    """Put the password into the OS keyring; IntegrationError when there is none."""
    if not keyring_verfuegbar():
        raise IntegrationError(KEIN_KEYRING)
    try:
        keyring.set_password(KEYRING_SERVICE, settings.keyring_user, passwort)
    except keyring.errors.KeyringError as exc:
        raise IntegrationError(
            f"Das Passwort konnte nicht im Schlüsselbund gespeichert werden: {type(exc).__name__}"
        ) from exc


def passwort_lesen(settings: ImmomioEinstellungen) -> str | None:
    """The stored password, or None (no keyring, nothing stored, keyring locked)."""
    if not keyring_verfuegbar():
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, settings.keyring_user)
    except keyring.errors.KeyringError:
        log.warning("Schlüsselbund nicht lesbar; Passwort wird abgefragt")
        return None


def passwort_loeschen(settings: ImmomioEinstellungen) -> None:
    if not keyring_verfuegbar():
        return
    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        keyring.delete_password(KEYRING_SERVICE, settings.keyring_user)
