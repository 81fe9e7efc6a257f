"""Regenerate the initial Alembic revision from the models.

Development aid while no database outside development exists: deletes
migrations/versions/0001_*.py and autogenerates it anew against an empty
SQLite database. Once a release is out, add revisions instead.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command

from omclient.db import MIGRATIONS_DIR, alembic_config, make_engine


def main() -> None:
    versions = MIGRATIONS_DIR / "versions"
    others = [p for p in versions.glob("*.py") if not p.name.startswith("0001_")]
    if others:
        raise SystemExit(
            f"Es gibt schon weitere Revisionen: {others}; bitte neue Revision anlegen."
        )
    for old in versions.glob("0001_*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'empty.db'}")
        cfg = alembic_config(engine)
        command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
        engine.dispose()
    print("migrations/versions/0001_initial_schema.py neu erzeugt")


if __name__ == "__main__":
    main()
