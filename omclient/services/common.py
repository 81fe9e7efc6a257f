"""Writing OM data safely: RW ownership and the optimistic version counter.

Every service that changes an entity goes through :func:`apply_changes`; it
refuses fields owned by d+ RW (the mark in ``omclient.domain.base``) with a
:class:`ReadOnlyFieldError` before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from omclient.domain.base import Base, is_bookkeeping, is_rw_owned
from omclient.errors import ConflictError, NotFoundError, ValidationError

T = TypeVar("T", bound=Base)

ENTITY_NAMES = {
    "Einheit": "der Einheit",
    "Bestandsverhaeltnis": "des Bestandsverhältnisses",
    "Person": "der Person",
    "Objekt": "des Objekts",
}


def entity_label(entity: Any) -> str:
    name = entity.__name__ if isinstance(entity, type) else type(entity).__name__
    return ENTITY_NAMES.get(name, name)


def rw_fields_in(entity: Any, fields: Mapping[str, Any] | list[str]) -> list[str]:
    """The names among ``fields`` that d+ RW owns for ``entity``."""
    return [name for name in fields if is_rw_owned(entity, name)]


def check_writable(entity: Any, changes: Mapping[str, Any]) -> None:
    """Raise ReadOnlyFieldError if ``changes`` touch an RW-owned field of ``entity``."""
    from omclient.errors import ReadOnlyFieldError

    blocked = rw_fields_in(entity, changes)
    if blocked:
        raise ReadOnlyFieldError(entity_label(entity), blocked)


def apply_changes(entity: Base, changes: Mapping[str, Any]) -> list[str]:
    """Set OM-owned attributes of ``entity``; refuse bookkeeping, RW-owned and unknown ones.

    Returns the names whose value actually changed. Nothing is set when any
    field is refused.
    """
    mapper = inspect(type(entity))
    unknown = [name for name in changes if name not in mapper.column_attrs]
    if unknown:
        raise ValidationError(f"Unbekannte Felder: {', '.join(unknown)}")
    kept = [name for name in changes if is_bookkeeping(type(entity), name)]
    if kept:
        raise ValidationError(
            f"Diese Felder führt omclient selbst, sie können nicht geändert werden: "
            f"{', '.join(kept)}"
        )
    check_writable(entity, changes)
    changed = []
    for name, value in changes.items():
        if getattr(entity, name) != value:
            setattr(entity, name, value)
            changed.append(name)
    return changed


def get_or_404(session: Session, model: type[T], ident: int, what: str | None = None) -> T:
    obj = session.get(model, ident)
    if obj is None:
        raise NotFoundError(f"{what or model.__name__} {ident} wurde nicht gefunden.")
    return obj


CONFLICT_MESSAGE = (
    "Der Datensatz wurde inzwischen von jemand anderem gespeichert. Ihre Änderungen "
    "wurden nicht übernommen; bitte laden Sie den Datensatz neu und erfassen Sie sie erneut."
)


def check_version(entity: Any, expected_version: int | None) -> None:
    """Refuse a save based on an outdated copy (someone else saved meanwhile)."""
    if expected_version is not None and entity.version != expected_version:
        raise ConflictError(CONFLICT_MESSAGE)


@contextmanager
def conflicts_as_errors() -> Iterator[None]:
    """Turn SQLAlchemy's version-counter failure at flush into a ConflictError."""
    try:
        yield
    except StaleDataError as exc:
        raise ConflictError(CONFLICT_MESSAGE) from exc
