"""Subcommands of the command line; each module exposes ``register(subparsers)``."""

from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal

from omclient.config import Settings
from omclient.db import Database, open_database
from omclient.formatting import parse_date, parse_decimal
from omclient.services.verbindung import mit_passwort


def open_db(settings: Settings) -> Database:
    """Open and migrate the configured database (PostgreSQL password from the keyring)."""
    return open_database(mit_passwort(settings.database_url))


def date_arg(text: str) -> dt.date:
    """argparse type for TT.MM.JJJJ dates."""
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def decimal_arg(text: str) -> Decimal:
    """argparse type for amounts in de_AT (1.234,56) or plain (1234.56) notation."""
    try:
        return parse_decimal(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
