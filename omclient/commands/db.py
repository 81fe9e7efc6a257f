"""``omclient db upgrade`` and ``omclient db stats``."""

from __future__ import annotations

import argparse

from omclient.commands import open_db
from omclient.config import Settings
from omclient.db import head_revisions
from omclient.services.stats import entity_counts


def register(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="Datenbank: Schema aktualisieren, Kennzahlen")
    db_sub = db.add_subparsers(title="Datenbank-Befehle", metavar="BEFEHL", required=True)
    up = db_sub.add_parser("upgrade", help="Schema auf den neuesten Stand bringen")
    up.set_defaults(func=upgrade)
    stats = db_sub.add_parser("stats", help="Anzahl je Hauptentität (name=anzahl)")
    stats.set_defaults(func=stats_cmd)


def upgrade(args: argparse.Namespace, settings: Settings) -> int:
    database = open_db(settings)
    print(f"{database.display_name}: Schema-Stand {', '.join(sorted(head_revisions()))}")
    database.dispose()
    return 0


def stats_cmd(args: argparse.Namespace, settings: Settings) -> int:
    database = open_db(settings)
    with database.sessions() as session:
        for name, count in entity_counts(session).items():
            print(f"{name}={count}")
    database.dispose()
    return 0
