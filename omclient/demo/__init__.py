"""The demo portfolio: generated as an RW export and imported through the real path.

:func:`fill_database` writes a deterministic RW export (``generator``), imports
it with the RW importer, then adds the OM-owned data (``om``) with bulk
inserts. :func:`ensure_demo_database` is what the GUI's ``--demo`` mode calls.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import func, select

from omclient import domain as d
from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.db import Database, open_database
from omclient.demo.generator import (
    BIG_OBJEKT_DEFAULT_FROM,
    BIG_OBJEKT_MANDANT,
    BIG_OBJEKT_NR,
    BIG_OBJEKT_UNITS,
    PARALLEL_FROM,
    DemoUmfang,
    buchungsmonate_fuer,
    write_rw_export,
)
from omclient.demo.om import write_om_data
from omclient.errors import ValidationError
from omclient.rw.importer import ProgressFn, RwImportErgebnis, import_export

__all__ = [
    "BIG_OBJEKT_DEFAULT_FROM",
    "BIG_OBJEKT_MANDANT",
    "BIG_OBJEKT_NR",
    "BIG_OBJEKT_UNITS",
    "DEMO_UNITS",
    "PARALLEL_FROM",
    "DemoUmfang",
    "buchungsmonate_fuer",
    "ensure_demo_database",
    "fill_database",
    "write_rw_export",
]

DEMO_UNITS = 1500
"""Size of the GUI's demo database (``omclient --demo``, ``make run``)."""


def fill_database(
    database: Database,
    *,
    units: int,
    seed: int,
    big_objekt: int | None = None,
    buchungsmonate: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
    progress: ProgressFn | None = None,
    workers: int | None = None,
) -> tuple[DemoUmfang, RwImportErgebnis]:
    """Fill an empty database with exactly ``units`` Einheiten of demo data.

    Writes the RW export to a temporary folder (big demos in one process per
    core, ``workers``), imports it (recorded as an RW import run), then adds the
    OM-owned data made beside it. Refuses a database that already holds Einheiten.
    """
    with database.sessions() as session:
        existing = session.scalar(select(func.count()).select_from(d.Einheit)) or 0
    if existing:
        raise ValidationError(
            f"Die Datenbank enthält bereits {existing} Einheiten; die Demo-Daten werden nur "
            "in eine leere Datenbank geschrieben."
        )
    stichtag = clock.today()
    with tempfile.TemporaryDirectory(prefix="omclient-demo-") as tmp:
        umfang = write_rw_export(
            Path(tmp) / "rw-export",
            units=units,
            seed=seed,
            stichtag=stichtag,
            big_objekt=big_objekt,
            buchungsmonate=buchungsmonate,
            workers=workers,
            om_ordner=Path(tmp) / "om",
            small_om=units <= 20_000,
        )
        ergebnis = import_export(
            database.sessions,
            Path(tmp) / "rw-export",
            benutzer="demo",
            progress=progress,
            clock=clock,
        )
        with database.engine.begin() as conn:
            write_om_data(conn, umfang.om_dateien)
    return umfang, ergebnis


def ensure_demo_database(
    url: str,
    units: int = DEMO_UNITS,
    seed: int = 1,
    clock: Clock = SYSTEM_CLOCK,
    progress: ProgressFn | None = None,
) -> bool:
    """Create and fill the demo database at ``url`` on first use.

    Returns True when it was filled now, False when it already held data.
    A few thousand units with a year of postings take a few seconds;
    ``progress`` gets the import's ``(done, total, text)``.
    """
    database = open_database(url)
    try:
        with database.sessions() as session:
            if session.scalar(select(func.count()).select_from(d.Einheit)):
                return False
        fill_database(
            database, units=units, seed=seed, buchungsmonate=12, clock=clock, progress=progress
        )
        return True
    finally:
        database.dispose()
