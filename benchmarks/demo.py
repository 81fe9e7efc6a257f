"""Benchmark of ``omclient demo`` (issue 2 item 7: 250,000 units in at most 2 minutes).

Fills a fresh SQLite database with ``--units`` Einheiten through the real path
(RW export → RW import → OM-owned data) and prints one line::

    demo units=… seconds=… import_s=… rows=… peak_rss_mb=… worker_rss_mb=…
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from omclient import domain as d
from omclient.db import open_database
from omclient.demo import fill_database


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=250_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-demo-"))
    try:
        database = open_database(f"sqlite:///{work / 'demo.db'}")
        started = time.perf_counter()
        umfang, ergebnis = fill_database(database, units=args.units, seed=args.seed)
        seconds = time.perf_counter() - started
        with database.sessions() as session:
            einheiten = session.scalar(select(func.count()).select_from(d.Einheit))
        database.dispose()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    assert einheiten == args.units, (einheiten, args.units)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The generator's worker processes (big demos): the largest one's peak.
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"demo units={args.units} seconds={seconds:.1f} import_s={ergebnis.dauer_s:.1f} "
        f"rows={umfang.zeilen} peak_rss_mb={peak_mb:.0f} worker_rss_mb={worker_mb:.0f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
