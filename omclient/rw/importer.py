"""The RW import: validate an export completely, then apply it in one transaction.

Contract of :func:`import_export`:

* Every record of every file is validated (pydantic row models, references
  between files and to the database, duplicate keys, manifest row counts).
  All problems are collected; if there is any, the transaction is rolled back
  and a :class:`~omclient.errors.ValidationError` lists them as
  ``datei:zeile:spalte: Meldung`` — the database is unchanged.
* Otherwise records are upserted by natural key, writing only RW-owned columns
  (the one mark, :func:`~omclient.domain.base.is_rw_owned`; in tables shared
  with OM only the rows RW delivered). Conditionally owned fields
  (Stockwerk, Mietzins-Kategorie, Bezug, Auszug, Befristung) are written when
  RW delivers a value and then listed in ``rw_felder``; an empty value leaves
  what OM entered, unless RW had delivered that field before.
* A ``full`` export marks records of its Mandanten that it no longer contains
  as inactive (Objekte, Stiegen, VEHs, Einheiten, Bestandsverhältnisse,
  Verkettungen) or ended (Funktionen, Vorschreibungen); nothing is deleted.
* The same export twice changes nothing the second time: each record is
  compared with the stored one in a canonical text form (the way the exporter
  writes it), so an unchanged record costs one hash and no write.
* Each run, also a failed, cancelled or dry one, is recorded in ``RwImportLauf``.

What each file means is declared in :mod:`omclient.rw.targets`; the work over
them is :class:`omclient.rw.run.Run`; this module opens the export, runs the
targets in file order in one transaction and records the run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from omclient import domain as d
from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.config import os_login
from omclient.domain.enums import ImportErgebnis
from omclient.dto import Dto
from omclient.errors import OmError, ValidationError
from omclient.memory import gc_paused
from omclient.rw.format import FILES, Manifest
from omclient.rw.reader import ExportQuelle, Fehlerliste, read_manifest
from omclient.rw.run import Context, EntitaetZaehler, ImportAbgebrochen, ProgressFn, Run
from omclient.rw.targets import TARGETS

__all__ = [
    "EntitaetZaehler",
    "ImportAbgebrochen",
    "ProgressFn",
    "RwImportErgebnis",
    "RwImportLaufDto",
    "import_export",
    "import_history",
]


class RwImportErgebnis(Dto):
    """What a run did (or, for a dry run, would do)."""

    lauf_id: int
    quelle: str
    art: str
    mandanten: list[str]
    exportiert_am: dt.datetime
    probelauf: bool
    entitaeten: list[EntitaetZaehler]
    dauer_s: float

    @property
    def neu(self) -> int:
        return sum(e.neu for e in self.entitaeten)

    @property
    def geaendert(self) -> int:
        return sum(e.geaendert for e in self.entitaeten)

    @property
    def unveraendert(self) -> int:
        return sum(e.unveraendert for e in self.entitaeten)

    @property
    def deaktiviert(self) -> int:
        return sum(e.deaktiviert for e in self.entitaeten)

    @property
    def zeilen(self) -> int:
        return self.neu + self.geaendert + self.unveraendert

    @property
    def aenderungen(self) -> int:
        return self.neu + self.geaendert + self.deaktiviert


class RwImportLaufDto(Dto):
    id: int
    gestartet_am: dt.datetime
    beendet_am: dt.datetime | None
    benutzer: str
    quelle: str
    datei_hash: str
    art: str
    mandant_nr: str | None
    neu: int
    geaendert: int
    unveraendert: int
    deaktiviert: int
    ergebnis: ImportErgebnis
    meldungen: str | None


@gc_paused()
def import_export(
    sessions: sessionmaker[Session],
    path: Path | str,
    *,
    dry_run: bool = False,
    benutzer: str | None = None,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> RwImportErgebnis:
    """Import the RW export at ``path`` (folder or .zip) in one transaction.

    ``dry_run``: do everything, report the counts, then roll back.
    Raises ValidationError listing every problem (nothing changed) or
    ImportAbgebrochen when ``cancel`` is set (nothing changed). Either way,
    and on success, the run is recorded in RwImportLauf.
    """
    path = Path(path)
    user = benutzer or os_login()
    started = clock.now()
    t0 = time.perf_counter()
    quelle_text = str(path)
    try:
        quelle = ExportQuelle(path)
    except ValidationError as err:
        _record_failure(sessions, started, clock, user, quelle_text, "", None, None, err)
        raise
    with quelle:
        try:
            manifest = read_manifest(quelle)
        except ValidationError as err:
            _record_failure(
                sessions, started, clock, user, quelle_text, quelle.sha256, None, None, err
            )
            raise
        fehler = Fehlerliste()
        _check_files(quelle, manifest, fehler)
        total = sum(entry.zeilen for entry in manifest.dateien.values())
        session = sessions()
        runs: list[Run] = []
        try:
            trans = session.begin()
            conn = session.connection()
            ctx = Context(conn, manifest, fehler, progress, cancel, total)
            run = Run(ctx)
            runs.append(run)
            for target in TARGETS:
                present = target.spec.name in manifest.dateien and quelle.has(target.spec.name)
                if not target.by_fingerprint or not present:
                    run.load(target)
                if present:
                    run.import_file(target, quelle)
                if manifest.kind == "full":
                    run.deactivate_missing(target)
                if not target.referenced:
                    run.maps[target.stem] = {}  # no later file refers to these records
            run.finish()
            if progress is not None:
                progress(total, total, "fertig")
            if fehler:
                raise fehler.as_error()
            ergebnis = ImportErgebnis.PROBELAUF if dry_run else ImportErgebnis.ERFOLGREICH
            counts = list(run.zaehler.values())
            lauf = _lauf(
                started, clock, user, quelle_text, quelle.sha256, manifest, counts, ergebnis, None
            )
            if dry_run:
                trans.rollback()
                with session.begin():
                    session.add(lauf)
            else:
                session.add(lauf)
                trans.commit()
            return RwImportErgebnis(
                lauf_id=lauf.id,
                quelle=quelle_text,
                art=manifest.kind,
                mandanten=manifest.mandanten,
                exportiert_am=manifest.exported_at,
                probelauf=dry_run,
                entitaeten=counts,
                dauer_s=time.perf_counter() - t0,
            )
        except (ValidationError, ImportAbgebrochen) as err:
            _stop(runs)
            session.rollback()
            _record_failure(
                sessions, started, clock, user, quelle_text, quelle.sha256, manifest, None, err
            )
            raise
        except BaseException:
            _stop(runs)
            session.rollback()
            raise
        finally:
            session.close()


def _stop(runs: list[Run]) -> None:
    """Stop the writer of a failed run; its own error is secondary then."""
    for run in runs:
        with contextlib.suppress(Exception):
            run.finish()


def _check_files(quelle: ExportQuelle, manifest: Manifest, fehler: Fehlerliste) -> None:
    for name in manifest.dateien:
        if not quelle.has(name):
            fehler.add(name, 0, 0, "Datei fehlt, obwohl manifest.json sie aufführt")
    known = {spec.name for spec in FILES}
    for name in sorted(quelle.names() & known):
        if name not in manifest.dateien:
            fehler.add(name, 0, 0, "Datei ist nicht in manifest.json aufgeführt")
    if manifest.kind == "full":
        for spec in FILES:
            if spec.name not in manifest.dateien:
                fehler.add(spec.name, 0, 0, "Datei fehlt: ein Vollexport braucht alle Dateien")


def _lauf(
    started: dt.datetime,
    clock: Clock,
    user: str,
    quelle: str,
    sha: str,
    manifest: Manifest | None,
    counts: Iterable[EntitaetZaehler],
    ergebnis: ImportErgebnis,
    meldungen: str | None,
) -> d.RwImportLauf:
    counts = list(counts)
    return d.RwImportLauf(
        gestartet_am=started,
        beendet_am=clock.now(),
        benutzer=user[:100],
        quelle=quelle[-500:],
        datei_hash=sha,
        art=manifest.kind if manifest else "",
        mandant_nr=",".join(manifest.mandanten)[:20] if manifest else None,
        neu=sum(c.neu for c in counts),
        geaendert=sum(c.geaendert for c in counts),
        unveraendert=sum(c.unveraendert for c in counts),
        deaktiviert=sum(c.deaktiviert for c in counts),
        details=json.dumps([c.model_dump() for c in counts], ensure_ascii=False),
        ergebnis=ergebnis,
        meldungen=meldungen,
    )


def _record_failure(
    sessions: sessionmaker[Session],
    started: dt.datetime,
    clock: Clock,
    user: str,
    quelle: str,
    sha: str,
    manifest: Manifest | None,
    counts: Iterable[EntitaetZaehler] | None,
    err: OmError,
) -> None:
    ergebnis = (
        ImportErgebnis.ABGEBROCHEN if isinstance(err, ImportAbgebrochen) else ImportErgebnis.FEHLER
    )
    lines = [err.message]
    if isinstance(err, ValidationError):
        lines += [p for p in err.problems if p != err.message]
    with sessions.begin() as session:
        session.add(
            _lauf(
                started,
                clock,
                user,
                quelle,
                sha,
                manifest,
                counts or [],
                ergebnis,
                "\n".join(lines),
            )
        )


def import_history(sessions: sessionmaker[Session], limit: int = 200) -> list[RwImportLaufDto]:
    """Past runs, newest first."""
    with sessions() as session:
        rows = session.scalars(
            select(d.RwImportLauf).order_by(d.RwImportLauf.id.desc()).limit(limit)
        ).all()
        return [RwImportLaufDto.model_validate(r) for r in rows]
