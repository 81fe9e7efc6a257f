"""Declarative base, naming convention and the one RW ownership mark.

A column owned by d+ RW is declared with :func:`rw_column` (or carries
``info={"source": "rw"}``). Conditional ownership — a field that is RW's only
when RW converted a value for it (e.g. Stockwerk, Bezugsdatum) — is declared
with ``rw_column(..., conditional=True)``; the RW importer records such fields
per row in ``rw_felder``. Everything that needs to know ownership asks
:func:`is_rw_owned` / :func:`rw_owned_fields`; there is no other list.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Enum, MetaData, Numeric, String, inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

RW_SOURCE = "rw"

Money = Numeric(12, 2, asdecimal=True)


def str_enum(cls: type[enum.Enum]) -> Enum:
    """A portable enum column storing the German value as VARCHAR."""
    return Enum(
        cls,
        native_enum=False,
        length=30,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {Decimal: Money}


def rw_column(*args: Any, conditional: bool = False, **kwargs: Any) -> MappedColumn[Any]:
    """A column owned by d+ RW: greyed and italic in the UI, refused by services.

    ``conditional=True``: owned only for rows where the RW import delivered a
    value (listed in the row's ``rw_felder``); otherwise OM may fill it.
    """
    info = dict(kwargs.pop("info", {}) or {})
    info["source"] = RW_SOURCE
    if conditional:
        info["conditional"] = True
    return mapped_column(*args, info=info, **kwargs)


class RwFelderMixin:
    """Rows with conditionally RW-owned columns keep the converted field names."""

    rw_felder: Mapped[str] = mapped_column(String(500), default="", server_default="")

    def rw_converted(self) -> set[str]:
        return {name for name in (self.rw_felder or "").split(",") if name}


class RwImportMixin:
    """Rows the RW import writes keep the fingerprint of the record that RW delivered.

    A 64-bit digest of the record's canonical text (see ``omclient.rw.format``);
    the importer compares it with the next export's record to skip unchanged
    ones without reading or re-rendering the stored columns. NULL (a record
    created in OM, or one a full export deactivated) means "compare in full".
    Only the RW importer writes it.
    """

    rw_fingerprint: Mapped[int | None] = mapped_column(BigInteger, default=None)


def _column_info(model: type[Any], field: str) -> dict[str, Any] | None:
    mapper = inspect(model)
    attr = mapper.attrs.get(field)
    if attr is None or not hasattr(attr, "columns"):
        return None
    return dict(attr.columns[0].info)


def is_rw_owned(entity: Any, field: str) -> bool:
    """True when d+ RW owns ``field`` of ``entity`` (a model class or an instance).

    For conditionally owned fields a class answers True (it *may* be RW's);
    an instance answers whether RW converted a value for this row.
    """
    model = entity if isinstance(entity, type) else type(entity)
    info = _column_info(model, field)
    if not info or info.get("source") != RW_SOURCE:
        return False
    if info.get("conditional") and not isinstance(entity, type):
        converted: set[str] = entity.rw_converted() if hasattr(entity, "rw_converted") else set()
        return field in converted
    return True


def is_conditionally_rw_owned(model: type[Any], field: str) -> bool:
    info = _column_info(model, field)
    return bool(info and info.get("source") == RW_SOURCE and info.get("conditional"))


def rw_owned_fields(model: type[Any]) -> list[str]:
    """All attribute names of ``model`` carrying the RW mark (conditional included)."""
    mapper = inspect(model)
    return [
        prop.key for prop in mapper.column_attrs if prop.columns[0].info.get("source") == RW_SOURCE
    ]
