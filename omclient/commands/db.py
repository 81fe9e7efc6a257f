"""``omclient db upgrade``, ``db stats``, ``db backup PATH`` and ``db restore PATH``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from omclient.commands import open_db
from omclient.config import Settings
from omclient.db import head_revisions
from omclient.services.datensicherung import sicherung_erstellen, wiederherstellen
from omclient.services.stats import entity_counts


def register(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="Datenbank: Schema aktualisieren, Kennzahlen, Datensicherung")
    db_sub = db.add_subparsers(title="Datenbank-Befehle", metavar="BEFEHL", required=True)
    up = db_sub.add_parser("upgrade", help="Schema auf den neuesten Stand bringen")
    up.set_defaults(func=upgrade)
    stats = db_sub.add_parser("stats", help="Anzahl je Hauptentität (name=anzahl)")
    stats.set_defaults(func=stats_cmd)
    backup = db_sub.add_parser(
        "backup",
        help="die lokale Datenbank (SQLite) sichern, auch während omclient geöffnet ist",
    )
    backup.add_argument("pfad", metavar="PFAD", type=Path, help="Zieldatei der Sicherung")
    backup.set_defaults(func=backup_cmd)
    restore = db_sub.add_parser(
        "restore",
        help="die lokale Datenbank aus einer Sicherung wiederherstellen "
        "(die bisherige bleibt daneben liegen)",
    )
    restore.add_argument("pfad", metavar="PFAD", type=Path, help="die Sicherungsdatei")
    restore.set_defaults(func=restore_cmd)


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


def backup_cmd(args: argparse.Namespace, settings: Settings) -> int:
    ziel = sicherung_erstellen(settings.database_url, args.pfad)
    print(f"Datensicherung geschrieben: {ziel}")
    return 0


def restore_cmd(args: argparse.Namespace, settings: Settings) -> int:
    result = wiederherstellen(settings.database_url, args.pfad, dt.datetime.now())
    print(f"Datenbank {result.datenbank} aus {result.quelle} wiederhergestellt.")
    if result.beiseite:
        print(f"Die bisherige Datenbank liegt als {result.beiseite}.")
    return 0
