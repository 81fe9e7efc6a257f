"""Declarative base, naming convention and the one RW ownership mark.

A column owned by d+ RW is declared with :func:`rw_column` (or carries
``info={"source": "rw"}``). Conditional ownership — a field that is RW's only
when RW converted a value for it (e.g. Stockwerk, Bezugsdatum) — is declared
with ``rw_column(..., conditional=True)``; the RW importer records such fields
per row in ``rw_felder``. Everything that needs to know ownership asks
:func:`is_rw_owned` (lists: :func:`rw_owned_fields`, :func:`rw_felder_fields`);
there is no other list and no other rule.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
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
SYSTEM_SOURCE = "system"
"""Mark of bookkeeping columns omclient keeps itself (ownership lists, fingerprints,
change stamps): no clerk and no generic change writes them."""

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


def rw_column(
    *args: Any, conditional: bool = False, per_row: bool = False, **kwargs: Any
) -> MappedColumn[Any]:
    """A column owned by d+ RW: greyed and italic in the UI, refused by services.

    ``conditional=True``: owned only for rows where the RW import delivered a
    value (listed in the row's ``rw_felder``); otherwise OM may fill it.
    ``per_row=True``: owned only in the rows RW delivered — the table also holds
    rows made in OM; the model's ``von_rw`` (a hybrid: a Python test and an SQL
    condition) tells them apart, and the RW import writes only RW's rows.
    """
    info = dict(kwargs.pop("info", {}) or {})
    info["source"] = RW_SOURCE
    if conditional:
        info["conditional"] = True
    if per_row:
        info["per_row"] = True
    return mapped_column(*args, info=info, **kwargs)


class RwFelderMixin:
    """Rows with conditionally RW-owned columns keep the converted field names."""

    rw_felder: Mapped[str] = mapped_column(
        String(500), default="", server_default="", info={"source": SYSTEM_SOURCE}
    )

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

    rw_fingerprint: Mapped[int | None] = mapped_column(
        BigInteger, default=None, info={"source": SYSTEM_SOURCE}
    )


def is_bookkeeping(model: type[Any], column_name: str) -> bool:
    """Whether ``column_name`` is kept by omclient itself, never by a change a user asks for.

    Primary keys, the optimistic version counter and the columns marked
    :data:`SYSTEM_SOURCE` (``rw_felder``, ``rw_fingerprint``, change stamps).
    """
    mapper = inspect(model, raiseerr=False)
    if mapper is None:
        return False
    attr = mapper.column_attrs.get(column_name)
    if attr is None:
        return False
    column = attr.columns[0]
    if column.primary_key:
        return True
    if mapper.version_id_col is not None and column is mapper.version_id_col:
        return True
    return bool(column.info.get("source") == SYSTEM_SOURCE)


def _column_info(model: type[Any], field: str) -> dict[str, Any] | None:
    mapper = inspect(model, raiseerr=False)
    attr = mapper.attrs.get(field) if mapper is not None else None
    if attr is None or not hasattr(attr, "columns"):
        return None
    return dict(attr.columns[0].info)


def is_rw_owned(
    target: Any, column_name: str, rw_felder: str | Iterable[str] | None = None
) -> bool:
    """Whether d+ RW owns ``column_name`` of ``target``: the one ownership rule.

    ``target`` is a mapped class or an instance of one. Unmarked columns, names
    that are no column (relationships, display-only fields) and unmapped
    classes answer False.

    * Plain RW columns: always True.
    * Conditionally owned columns (``rw_column(conditional=True)``): an instance
      answers from its own ``rw_felder`` (RW converted a value for this row);
      a class answers True ("may be RW's") unless ``rw_felder`` is given —
      the list of one row, e.g. the ``rw_felder`` of a DTO the form shows:
      ``is_rw_owned(Einheit, "stockwerk", dto.rw_felder)``. A form without a
      loaded record passes ``rw_felder=""``: the field is OM's until RW fills it.
    * Columns RW owns in its own rows only (``rw_column(per_row=True)``): an
      instance answers its ``von_rw``; a class answers True without
      ``rw_felder`` and False with it (a row's field list cannot tell).

    ``rw_felder`` is the comma-separated text the column holds, or any
    iterable of field names.
    """
    model = target if isinstance(target, type) else type(target)
    info = _column_info(model, column_name)
    if not info or info.get("source") != RW_SOURCE:
        return False
    if info.get("per_row"):
        if not isinstance(target, type):
            return bool(target.von_rw)
        return rw_felder is None
    if not info.get("conditional"):
        return True
    if not isinstance(target, type):
        rw_felder = getattr(target, "rw_felder", None) or ""
    elif rw_felder is None:
        return True
    if isinstance(rw_felder, str):
        rw_felder = rw_felder.split(",")
    return column_name in set(rw_felder)


def is_conditionally_rw_owned(model: type[Any], column_name: str) -> bool:
    """Whether the class alone cannot say if RW owns ``column_name``: it depends on the row.

    True for conditionally owned columns and for columns RW owns in its own rows
    only; ask :func:`is_rw_owned` with the row (or its ``rw_felder``) then.
    """
    return is_rw_owned(model, column_name) and not is_rw_owned(model, column_name, "")


def rw_owned_fields(model: type[Any]) -> list[str]:
    """All attribute names of ``model`` carrying the RW mark (conditional included)."""
    mapper = inspect(model)
    return [prop.key for prop in mapper.column_attrs if is_rw_owned(model, prop.key)]


def rw_felder_fields(model: type[Any]) -> list[str]:
    """The conditionally owned columns of ``model``: those a row lists in ``rw_felder``."""
    return [
        name
        for name in rw_owned_fields(model)
        if not is_rw_owned(model, name, "") and is_rw_owned(model, name, (name,))
    ]
