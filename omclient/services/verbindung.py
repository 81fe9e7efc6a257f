"""Testing a database connection and turning driver errors into German messages.

Used by the first-start dialog ("Verbindung testen") and when the program
opens a PostgreSQL database. The PostgreSQL password comes from the argument
or the OS keyring (service ``omclient``, user ``postgresql://user@host:port/db``),
never from a file.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import keyring
import keyring.errors
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from omclient.config import KEYRING_SERVICE, keyring_benutzer
from omclient.errors import IntegrationError
from omclient.services.schluesselbund import keyring_verfuegbar

MIN_SERVER_VERSION_NUM = 130000
"""PostgreSQL 13: the oldest server omclient supports."""

MIN_SERVER_VERSION = "13"

KEIN_KEYRING = (
    "Auf diesem Rechner steht kein Schlüsselbund (Keyring) des Betriebssystems zur "
    "Verfügung. Das Datenbank-Passwort wird deshalb nicht gespeichert und bei jedem "
    "Start abgefragt."
)

FALSCHES_PASSWORT = "Anmeldung abgelehnt: Das Passwort für den Benutzer „{user}“ ist falsch."
PASSWORT_NOETIG = (
    "Der Server verlangt ein Passwort für den Benutzer „{user}“. Bitte geben Sie es ein."
)

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"failed to resolve host|could not translate host name|Name or service not known|"
            r"nodename nor servname|konnte Hostnamen|No such host",
            re.IGNORECASE,
        ),
        "Der Server „{host}“ wurde nicht gefunden. Bitte prüfen Sie den Servernamen.",
    ),
    (
        re.compile(
            r"password authentication failed|Passwort-Authentifizierung|"
            r"authentication failed|Authentifizierung.*fehlgeschlagen",
            re.IGNORECASE,
        ),
        FALSCHES_PASSWORT,
    ),
    (
        re.compile(r"no password supplied|kein Passwort angegeben", re.IGNORECASE),
        PASSWORT_NOETIG,
    ),
    (
        re.compile(r'database "[^"]*" does not exist|Datenbank »[^«]*« existiert nicht'),
        "Die Datenbank „{name}“ gibt es auf dem Server „{host}“ nicht. Bitte prüfen Sie den "
        "Namen oder lassen Sie sie von der IT anlegen.",
    ),
    (
        re.compile(r'role "[^"]*" does not exist|Rolle »[^«]*« existiert nicht'),
        "Den Benutzer „{user}“ gibt es auf dem Server „{host}“ nicht.",
    ),
    (
        re.compile(
            r"Connection refused|Verbindung verweigert|timeout expired|timed out|"
            r"could not connect|Network is unreachable|No route to host|"
            r"Zeitüberschreitung|konnte nicht verbinden",
            re.IGNORECASE,
        ),
        "Der Server „{host}:{port}“ ist nicht erreichbar. Läuft PostgreSQL dort, "
        "und lässt die Firewall die Verbindung zu?",
    ),
]


@dataclass(frozen=True)
class Verbindungstest:
    """Outcome of :func:`verbindung_testen`: ``ok`` and the German message to show."""

    ok: bool
    meldung: str
    server_version: str | None = None


@dataclass(frozen=True)
class Verbindungsangaben:
    """The parts of a database URL a dialog shows; a URL that cannot be parsed is empty."""

    backend: str = ""
    pfad: str | None = None
    host: str | None = None
    port: int | None = None
    name: str | None = None
    benutzer: str | None = None
    parameter: dict[str, str] = field(default_factory=dict)

    @property
    def ist_postgresql(self) -> bool:
        return self.backend == "postgresql"


def verbindungsangaben(url: str) -> Verbindungsangaben:
    """Split ``url`` into what the Datenbankverbindung dialog shows (never the password)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return Verbindungsangaben()
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return Verbindungsangaben(backend, pfad=parsed.database or None)
    return Verbindungsangaben(
        backend,
        host=parsed.host,
        port=parsed.port,
        name=parsed.database,
        benutzer=parsed.username,
        parameter={k: v for k, v in parsed.query.items() if isinstance(v, str)},
    )


def fehlermeldung(text: str, url: str) -> str:
    """The German message for a connection error ``text`` from psycopg/libpq."""
    parsed = make_url(url)
    values = {
        "host": parsed.host or "localhost",
        "port": parsed.port or 5432,
        "user": parsed.username or "",
        "name": parsed.database or "",
    }
    for pattern, message in _PATTERNS:
        if pattern.search(text):
            return message.format(**values)
    return f"Die Verbindung ist fehlgeschlagen: {text.strip()}"


def ist_passwortfehler(meldung: str) -> bool:
    """True when :func:`fehlermeldung` said the password is wrong or missing."""
    return any(
        meldung.startswith(text.split("{", 1)[0]) for text in (FALSCHES_PASSWORT, PASSWORT_NOETIG)
    )


def version_pruefen(server_version_num: int, server_version: str) -> str | None:
    """None when the server is new enough, else the German message."""
    if server_version_num < MIN_SERVER_VERSION_NUM:
        return (
            f"Der Server läuft mit PostgreSQL {server_version}; omclient braucht "
            f"PostgreSQL {MIN_SERVER_VERSION} oder neuer. Bitte wenden Sie sich an die IT."
        )
    return None


def gespeichertes_passwort(url: str) -> str | None:
    """The password of ``url``'s login from the keyring, None if none (or no keyring)."""
    if not keyring_verfuegbar():
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_benutzer(url))
    except keyring.errors.KeyringError:
        return None


def passwort_speichern(url: str, passwort: str) -> None:
    """Remember the password of ``url``'s login in the keyring; IntegrationError if none."""
    if not keyring_verfuegbar():
        raise IntegrationError(KEIN_KEYRING)
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_benutzer(url), passwort)
    except keyring.errors.KeyringError as exc:
        raise IntegrationError(
            f"Das Passwort konnte nicht im Schlüsselbund gespeichert werden: {type(exc).__name__}"
        ) from exc


def passwort_vergessen(url: str) -> None:
    """Remove a remembered password (e.g. the clerk unticked "Passwort merken")."""
    if not keyring_verfuegbar():
        return
    with contextlib.suppress(keyring.errors.KeyringError):
        keyring.delete_password(KEYRING_SERVICE, keyring_benutzer(url))


def mit_passwort(url: str, passwort: str | None = None) -> str:
    """``url`` with ``passwort`` (or the remembered one) for PostgreSQL; SQLite unchanged.

    A URL that cannot be parsed is returned as is; opening it gives the message.
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return url
    if parsed.get_backend_name() != "postgresql" or parsed.password:
        return url
    secret = passwort if passwort is not None else gespeichertes_passwort(url)
    if not secret:
        return url
    return parsed.set(password=secret).render_as_string(hide_password=False)


def verbindung_testen(url: str, passwort: str | None = None, timeout: int = 5) -> Verbindungstest:
    """Connect to ``url`` once and report in German what a clerk needs to know.

    PostgreSQL: host not found, not reachable, wrong password, no such database
    or user, server older than PostgreSQL 13, or success with the version.
    SQLite: whether the file's folder can be written.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_testen(Path(parsed.database or ""))
    import psycopg
    from psycopg.conninfo import make_conninfo

    params = {key: value for key, value in parsed.query.items() if isinstance(value, str)}
    secret = passwort if passwort is not None else gespeichertes_passwort(url)
    try:
        conninfo = make_conninfo(
            host=parsed.host or None,
            port=parsed.port or None,
            user=parsed.username or None,
            dbname=parsed.database or None,
            password=secret or parsed.password or None,
            connect_timeout=timeout,
            **params,
        )
        conn = psycopg.connect(conninfo)
    except psycopg.Error as exc:
        return Verbindungstest(False, fehlermeldung(str(exc), url))
    try:
        version_num = conn.info.server_version
        row = conn.execute("SHOW server_version").fetchone()
        version = str(row[0]).split()[0] if row else str(version_num)
    finally:
        conn.close()
    problem = version_pruefen(version_num, version)
    if problem:
        return Verbindungstest(False, problem, version)
    return Verbindungstest(True, f"Verbindung erfolgreich: PostgreSQL {version}", version)


def _sqlite_testen(path: Path) -> Verbindungstest:
    if path.exists() and path.is_dir():
        return Verbindungstest(False, f"„{path}“ ist ein Ordner, keine Datenbankdatei.")
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not os.access(folder, os.W_OK):
        return Verbindungstest(False, f"In den Ordner „{folder}“ darf nicht geschrieben werden.")
    if path.exists():
        return Verbindungstest(True, f"Die vorhandene Datenbank „{path}“ wird verwendet.")
    return Verbindungstest(True, f"Die Datenbank „{path}“ wird beim Start neu angelegt.")
