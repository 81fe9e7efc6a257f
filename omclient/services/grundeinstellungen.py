"""Grundeinstellungen administrators manage: Vergabestellen, Status aller Art,
Konfigurationstabellen 1302/1306/93106, Globale Variablen, Benutzer and the DMS root.

Every change is administrator-only, validated first and written in the caller's
transaction. Rows are returned as plain dicts of column values (the editor shows
them generically).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from omclient.domain import (
    Benutzer,
    Einheit,
    Einstellung,
    GlobaleVariable,
    Konfiguration,
    StatusAllerArt,
    Vergabestelle,
)
from omclient.domain.base import Base
from omclient.domain.enums import Rolle
from omclient.domain.konfiguration import (
    KONFIG_EINHEITEN_STATUS,
    KONFIG_MIETZINS_KATEGORIE,
    KONFIG_UNTERBESTANDSARTEN,
)
from omclient.errors import NotFoundError, ValidationError
from omclient.services.benutzer import require_admin
from omclient.services.dto import BenutzerDto

KONFIG_TABELLEN = {
    KONFIG_EINHEITEN_STATUS: "1302 Einheiten Status",
    KONFIG_UNTERBESTANDSARTEN: "1306 Unterbestandsarten je Bestandsart",
    KONFIG_MIETZINS_KATEGORIE: "93106 Mietzins-Kategorie (Konvertierung aus d+ RW)",
}

DMS_ROOT_KEY = "dms.root"


@dataclass(frozen=True)
class Bereich:
    """One editable list of the Grundeinstellungen.

    ``required`` fields must not be empty; ``unique`` is the set of fields whose
    combination must not repeat; ``in_use`` counts references that forbid deletion.
    """

    key: str
    model: type[Base]
    order_by: tuple[str, ...]
    required: tuple[str, ...]
    unique: tuple[str, ...]
    in_use: Callable[[Session, Any], int] | None = None
    deletable: bool = True


def _vergabestelle_in_use(session: Session, row: Any) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Einheit).where(Einheit.vergabestelle_id == row.id)
        )
        or 0
    )


BEREICHE: dict[str, Bereich] = {
    "vergabestellen": Bereich(
        "vergabestellen", Vergabestelle, ("name",), ("name",), ("name",), _vergabestelle_in_use
    ),
    "status_aller_art": Bereich(
        "status_aller_art",
        StatusAllerArt,
        ("tabelle", "gruppe", "position", "wert"),
        ("tabelle", "gruppe", "wert"),
        ("tabelle", "gruppe", "wert"),
    ),
    "konfiguration": Bereich(
        "konfiguration",
        Konfiguration,
        ("tabelle", "schluessel", "position", "wert"),
        ("tabelle", "schluessel", "wert"),
        ("tabelle", "schluessel", "wert"),
    ),
    "globale_variablen": Bereich(
        "globale_variablen", GlobaleVariable, ("name",), ("name",), ("name",)
    ),
    "benutzer": Bereich(
        "benutzer", Benutzer, ("login",), ("login", "name", "rolle"), ("login",), deletable=False
    ),
}

LABELS = {
    "name": "Name",
    "wert": "Wert",
    "tabelle": "Tabelle",
    "gruppe": "Gruppe",
    "schluessel": "Schlüssel",
    "login": "Anmeldename",
    "rolle": "Rolle",
}


def _columns(model: type[Base]) -> list[str]:
    return [c.key for c in model.__mapper__.column_attrs if c.key != "id"]


def _as_dict(row: Any) -> dict[str, Any]:
    data = {"id": row.id}
    for name in _columns(type(row)):
        value = getattr(row, name)
        data[name] = (
            value.value if hasattr(value, "value") and not isinstance(value, int) else value
        )
    return data


def list_rows(session: Session, bereich: str, **filters: Any) -> list[dict[str, Any]]:
    """The rows of ``bereich`` (optionally filtered by column values), in display order."""
    spec = BEREICHE[bereich]
    query = select(spec.model)
    for name, value in filters.items():
        query = query.where(getattr(spec.model, name) == value)
    query = query.order_by(*(getattr(spec.model, name) for name in spec.order_by))
    return [_as_dict(row) for row in session.scalars(query)]


def _validate(
    session: Session, spec: Bereich, values: Mapping[str, Any], own_id: int | None
) -> None:
    problems = []
    columns = set(_columns(spec.model))
    unknown = [k for k in values if k not in columns]
    if unknown:
        raise ValidationError(f"Unbekannte Felder: {', '.join(unknown)}")
    for name in spec.required:
        value = values.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(f"{LABELS.get(name, name)}: bitte ausfüllen.")
    if problems:
        raise ValidationError(
            problems[0] if len(problems) == 1 else "Bitte ergänzen Sie die Angaben.", problems
        )
    query = select(spec.model.id)  # type: ignore[attr-defined]
    for name in spec.unique:
        query = query.where(getattr(spec.model, name) == values.get(name))
    existing = session.scalar(query)
    if existing is not None and existing != own_id:
        shown = ", ".join(str(values.get(n)) for n in spec.unique)
        raise ValidationError(f"Der Eintrag „{shown}“ ist bereits vorhanden.")


def save_row(
    session: Session,
    user: BenutzerDto,
    bereich: str,
    values: Mapping[str, Any],
    row_id: int | None = None,
) -> int:
    """Create (``row_id`` None) or change a row; returns its id."""
    require_admin(user, "Das Ändern der Grundeinstellungen")
    spec = BEREICHE[bereich]
    row = None
    merged: dict[str, Any] = {}
    if row_id is not None:
        row = session.get(spec.model, row_id)
        if row is None:
            raise NotFoundError("Der Eintrag wurde inzwischen gelöscht.")
        merged = _as_dict(row)
        merged.pop("id")
    merged.update(values)
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in merged.items()}
    _validate(session, spec, cleaned, row_id)
    if spec.model is Benutzer and row is not None:
        _keep_one_admin(session, row, cleaned)
    if row is None:
        row = spec.model(**{k: v for k, v in cleaned.items() if v is not None})
        session.add(row)
    else:
        for name, value in cleaned.items():
            setattr(row, name, value)
    session.flush()
    return int(row.id)  # type: ignore[attr-defined]


def _keep_one_admin(session: Session, row: Any, values: Mapping[str, Any]) -> None:
    new_role = values.get("rolle")
    if row.rolle is Rolle.ADMINISTRATOR and new_role not in (Rolle.ADMINISTRATOR, "Administrator"):
        admins = session.scalar(
            select(func.count()).select_from(Benutzer).where(Benutzer.rolle == Rolle.ADMINISTRATOR)
        )
        if (admins or 0) <= 1:
            raise ValidationError(
                "Es muss mindestens ein Administrator bleiben. Ernennen Sie zuerst einen anderen."
            )


def delete_row(session: Session, user: BenutzerDto, bereich: str, row_id: int) -> None:
    """Delete a row unless it is still used (clear German message then)."""
    require_admin(user, "Das Ändern der Grundeinstellungen")
    spec = BEREICHE[bereich]
    if not spec.deletable:
        raise ValidationError("Einträge dieser Liste können nicht gelöscht werden.")
    row = session.get(spec.model, row_id)
    if row is None:
        return
    if spec.in_use is not None:
        count = spec.in_use(session, row)
        if count:
            raise ValidationError(
                f"Der Eintrag wird noch von {count} Einheit(en) verwendet und kann nicht "
                "gelöscht werden. Entfernen Sie zuerst die Zuordnung."
            )
    session.delete(row)
    session.flush()


def get_setting(session: Session, key: str) -> str | None:
    return session.scalar(select(Einstellung.wert).where(Einstellung.schluessel == key))


def set_setting(session: Session, user: BenutzerDto, key: str, value: str | None) -> None:
    """Store an administrator setting (never a secret)."""
    require_admin(user, "Das Ändern der Grundeinstellungen")
    row = session.scalar(select(Einstellung).where(Einstellung.schluessel == key))
    if row is None:
        row = Einstellung(schluessel=key)
        session.add(row)
    row.wert = value
    row.geaendert_am = dt.datetime.now()
    row.geaendert_von = user.login
    session.flush()
