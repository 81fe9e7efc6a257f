"""Backup and restore of the embedded (SQLite) database.

Backups use SQLite's online backup API, so a copy is consistent even while
omclient has the database open elsewhere. A restore checks the file first
(SQLite, an omclient database, a schema this program knows), keeps the
replaced database aside as ``<name>.vor-wiederherstellung-YYYYMMDD-HHMMSS`` and
swaps the files atomically. On PostgreSQL the server's own backup applies.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from omclient.db import alembic_config
from omclient.errors import OmError, ValidationError

log = logging.getLogger(__name__)

TAGESSICHERUNGEN_BEHALTEN = 14
SICHERUNGEN_ORDNER = "sicherungen"
_TAGESSICHERUNG = re.compile(r"^omclient-(\d{4}-\d{2}-\d{2})\.db$")
_SQLITE_HEADER = b"SQLite format 3\x00"
_OMCLIENT_TABLES = {"objekt", "einheit", "bestandsverhaeltnis"}

POSTGRESQL_HINWEIS = (
    "Die Datenbank liegt auf einem PostgreSQL-Server. Sie wird dort mit den Werkzeugen "
    "des Servers gesichert und wiederhergestellt (pg_dump und pg_restore, in der Regel "
    "nächtlich durch die IT). omclient sichert nur die lokale Datenbank eines Arbeitsplatzes."
)


class PostgresqlSicherungError(OmError):
    """Backup/restore asked for a PostgreSQL database: the server's backup applies."""

    title = "Datensicherung"

    def __init__(self) -> None:
        super().__init__(POSTGRESQL_HINWEIS)


@dataclass(frozen=True)
class Wiederherstellung:
    """A finished restore: what was restored and where the replaced database was put."""

    datenbank: Path
    quelle: Path
    beiseite: Path | None


def sqlite_pfad(url: str) -> Path:
    """The database file of a SQLite ``url``; PostgresqlSicherungError for PostgreSQL."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise ValidationError(f"Die Datenbank-Adresse „{url}“ ist ungültig.") from None
    if parsed.get_backend_name() != "sqlite":
        raise PostgresqlSicherungError()
    if not parsed.database or parsed.database == ":memory:":
        raise ValidationError("Eine Datenbank im Arbeitsspeicher kann nicht gesichert werden.")
    return Path(parsed.database)


def _open_readonly(path: Path, *, immutable: bool) -> sqlite3.Connection:
    # A backup file is read as immutable: no -wal/-shm files appear next to it.
    flags = "mode=ro&immutable=1" if immutable else "mode=ro"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True)


def _copy(source: Path, target: Path, *, immutable: bool = False) -> None:
    """Copy ``source`` to ``target`` with the backup API (consistent, includes the WAL).

    The copy is a single self-contained file (rollback journal, not WAL);
    omclient switches it back to WAL when it opens it.
    """
    src = _open_readonly(source, immutable=immutable)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def sicherung_erstellen(url: str, ziel: Path) -> Path:
    """Write a consistent copy of the database of ``url`` to ``ziel`` (replaced atomically)."""
    quelle = sqlite_pfad(url)
    if not quelle.is_file():
        raise ValidationError(f"Die Datenbank „{quelle}“ gibt es nicht.")
    ziel = ziel.expanduser()
    if ziel.is_dir():
        raise ValidationError(f"„{ziel}“ ist ein Ordner. Bitte geben Sie einen Dateinamen an.")
    if ziel.resolve() == quelle.resolve():
        raise ValidationError("Die Sicherung kann nicht die Datenbank selbst überschreiben.")
    if not ziel.parent.is_dir():
        raise ValidationError(f"Den Ordner „{ziel.parent}“ gibt es nicht.")
    temp = ziel.with_name(f".{ziel.name}.tmp")
    try:
        _copy(quelle, temp)
        os.replace(temp, ziel)
    except (OSError, sqlite3.Error) as exc:
        raise ValidationError(
            f"Die Sicherung nach „{ziel}“ ist fehlgeschlagen: {exc}. Es wurde nichts geschrieben."
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    return ziel


def _known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def sicherung_pruefen(pfad: Path) -> str:
    """Check that ``pfad`` is an omclient database this program can open; its revision.

    ValidationError (German, naming the reason) for: no file, not SQLite, damaged,
    not an omclient database, written by a newer omclient.
    """
    if not pfad.is_file():
        raise ValidationError(f"Die Datei „{pfad}“ gibt es nicht.")
    with pfad.open("rb") as handle:
        header = handle.read(len(_SQLITE_HEADER))
    if header != _SQLITE_HEADER:
        raise ValidationError(
            f"„{pfad.name}“ ist keine omclient-Datensicherung (keine SQLite-Datenbank)."
        )
    try:
        conn = _open_readonly(pfad, immutable=True)
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            revisions: set[str] = set()
            if "alembic_version" in tables:
                revisions = {
                    row[0] for row in conn.execute("SELECT version_num FROM alembic_version")
                }
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise ValidationError(
            f"„{pfad.name}“ kann nicht gelesen werden ({exc}); die Datei ist beschädigt."
        ) from exc
    if not check or check[0] != "ok":
        raise ValidationError(f"„{pfad.name}“ ist beschädigt (SQLite-Prüfung: {check}).")
    if not revisions or not _OMCLIENT_TABLES.issubset(tables):
        raise ValidationError(f"„{pfad.name}“ ist keine omclient-Datenbank.")
    unknown = revisions - _known_revisions()
    if unknown:
        raise ValidationError(
            f"„{pfad.name}“ wurde von einer neueren omclient-Version geschrieben (Schema-Stand "
            f"{', '.join(sorted(unknown))}). Bitte aktualisieren Sie zuerst omclient."
        )
    return sorted(revisions)[0]


def _in_use(datenbank: Path) -> bool:
    """True when another connection keeps the database open (its WAL file stays)."""
    conn = sqlite3.connect(datenbank)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return datenbank.with_name(datenbank.name + "-wal").exists()


def wiederherstellen(url: str, quelle: Path, jetzt: dt.datetime) -> Wiederherstellung:
    """Replace the database of ``url`` with the backup ``quelle``.

    Nothing changes when the backup is refused or the database is still open
    elsewhere (ValidationError). The database in place is first copied aside to
    ``<name>.vor-wiederherstellung-YYYYMMDD-HHMMSS`` next to it; then the checked
    copy replaces it in one rename. The caller must have closed its own
    connections (e.g. ``engine.dispose()``).
    """
    datenbank = sqlite_pfad(url)
    quelle = quelle.expanduser()
    sicherung_pruefen(quelle)
    if datenbank.exists() and quelle.resolve() == datenbank.resolve():
        raise ValidationError("Die Sicherung ist die Datenbank selbst.")
    if datenbank.exists() and _in_use(datenbank):
        raise ValidationError(
            "Die Datenbank ist noch in einem anderen omclient-Fenster oder Programm geöffnet. "
            "Bitte schließen Sie omclient überall und versuchen Sie es erneut."
        )
    datenbank.parent.mkdir(parents=True, exist_ok=True)
    temp = datenbank.with_name(f".{datenbank.name}.wiederherstellung.tmp")
    beiseite: Path | None = None
    try:
        _copy(quelle, temp, immutable=True)
        sicherung_pruefen(temp)
        if datenbank.exists():
            beiseite = datenbank.with_name(
                f"{datenbank.name}.vor-wiederherstellung-{jetzt:%Y%m%d-%H%M%S}"
            )
            _copy(datenbank, beiseite)
        os.replace(temp, datenbank)
    except (OSError, sqlite3.Error) as exc:
        raise ValidationError(
            f"Die Wiederherstellung ist fehlgeschlagen: {exc}. Die Datenbank ist unverändert."
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            datenbank.with_name(datenbank.name + suffix).unlink()
    return Wiederherstellung(datenbank, quelle, beiseite)


def tagessicherung(
    url: str, data_dir: Path, heute: dt.date, behalten: int = TAGESSICHERUNGEN_BEHALTEN
) -> Path | None:
    """The automatic backup at the first start of a day; keeps the newest ``behalten``.

    Writes ``<data_dir>/sicherungen/omclient-YYYY-MM-DD.db`` unless today's exists.
    Returns the new file, or None when there was nothing to do (PostgreSQL, no
    database file yet, already done today).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    quelle = sqlite_pfad(url)
    if not quelle.is_file():
        return None
    ordner = data_dir / SICHERUNGEN_ORDNER
    ziel = ordner / f"omclient-{heute.isoformat()}.db"
    if ziel.exists():
        return None
    ordner.mkdir(parents=True, exist_ok=True)
    sicherung_erstellen(url, ziel)
    alte = sorted(
        (path for path in ordner.iterdir() if _TAGESSICHERUNG.match(path.name)),
        key=lambda path: path.name,
    )
    for path in alte[:-behalten] if behalten else alte:
        path.unlink()
    return ziel


def tagessicherung_still(url: str, data_dir: Path, heute: dt.date) -> Path | None:
    """:func:`tagessicherung` that never raises: a failure is logged (no paths or data)."""
    try:
        return tagessicherung(url, data_dir, heute)
    except Exception as exc:  # a failed backup must never stop the program's start
        log.warning("Tägliche Datensicherung fehlgeschlagen: %s", type(exc).__name__)
        return None
