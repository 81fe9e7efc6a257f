"""The fast path of record validation: well-formed canonical records without pydantic.

An export written by d+ RW (or by :mod:`omclient.rw.exporter`) is almost
entirely in canonical form: trimmed texts, ``TT.MM.JJJJ`` dates, amounts with
two decimals, ``ja``/``nein``. For each file a converter is generated from the
file's pydantic row model (its type hints and constraints) that accepts
exactly such records and returns their values; anything it does not accept in
full — an empty required field, a wrong date, ``1.234,5``, a text with spaces
around it — returns None, and the importer validates that record with the row
model, which gives the German message or the value of a non-canonical text.

So the row models stay the one definition of the format. The fast path is a
strict subset: whatever it accepts the model accepts with the same values
(``tests/unit/test_rw_fastpath.py`` checks that for every file and for
random texts), and for what it accepts the raw text *is* the canonical text
(:func:`omclient.rw.format.canon`), so the record's fingerprint needs no
rendering.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import hashlib
import operator
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import annotated_types
from pydantic import BeforeValidator, StringConstraints
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from omclient.rw.codegen import generated_function
from omclient.rw.format import (
    FileSpec,
    canon,
    parse_rw_bool,
    parse_rw_date,
    parse_rw_decimal,
    parse_rw_int,
)

Converted = tuple[dict[str, Any], Sequence[str]]
"""The record's values by column, and its canonical texts in column order."""

Converter = Callable[[Sequence[str]], "Converted | None"]

_SEPARATOR = "\x00"  # never in a record: the reader refuses NUL bytes


def fingerprint(texts: Sequence[str]) -> int:
    """A stable 64-bit digest of a record's texts (same in every process and version)."""
    digest = hashlib.blake2b(_SEPARATOR.join(texts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


_blake2b_8 = functools.partial(hashlib.blake2b, digest_size=8)
_signed = functools.partial(int.from_bytes, byteorder="big", signed=True)


def line_fingerprints(lines: list[str], delimiter: str) -> list[int]:
    """``fingerprint(line.split(delimiter))`` of each line (no quoting), in bulk."""
    texts = map(operator.methodcaller("replace", delimiter, _SEPARATOR), lines)
    digests = map(operator.methodcaller("digest"), map(_blake2b_8, map(str.encode, texts)))
    return list(map(_signed, digests))


@dataclass(frozen=True)
class _Column:
    """What the fast path knows about one column."""

    name: str
    kind: str  # text, date, decimal, bool, int, enum, or "" (not supported: always pydantic)
    required: bool
    default: Any = None
    max_length: int = 0
    whole_digits: int = 0  # decimal: most digits before the comma
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    enum_values: dict[str, Any] | None = None


def _constraints(metadata: Sequence[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for meta in metadata:
        if isinstance(meta, FieldInfo):
            found.update(_constraints(meta.metadata))
        elif isinstance(meta, BeforeValidator):
            found.setdefault("parsers", []).append(meta.func)
        elif isinstance(meta, StringConstraints):
            found["string"] = meta
        elif isinstance(meta, annotated_types.Ge):
            found["ge"] = meta.ge
        elif isinstance(meta, annotated_types.Le):
            found["le"] = meta.le
        elif hasattr(meta, "max_digits") or hasattr(meta, "decimal_places"):
            for attr in ("max_digits", "decimal_places"):
                if getattr(meta, attr, None) is not None:
                    found[attr] = getattr(meta, attr)
        else:
            found.setdefault("unknown", []).append(meta)
    return found


def _column(name: str, hint: Any, default: Any) -> _Column:
    optional = False
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(args) < len(typing.get_args(hint))
        if len(args) != 1:
            return _Column(name, "", True)
        hint = args[0]
    metadata: Sequence[Any] = ()
    if typing.get_origin(hint) is typing.Annotated:
        hint, *metadata = typing.get_args(hint)
    c = _constraints(metadata)
    required = default is PydanticUndefined
    default = None if required else default
    if optional and required:  # ``X | None`` without default: pydantic requires the key
        return _Column(name, "", True)
    if c.get("unknown"):
        return _Column(name, "", required, default)
    parsers = c.get("parsers", [])
    if hint is str and not parsers:
        sc = c.get("string")
        if sc is None or not sc.strip_whitespace or (sc.min_length or 0) > 1 or sc.pattern:
            return _Column(name, "", required, default)
        if sc.to_upper or sc.to_lower or sc.strict or sc.ascii_only:
            return _Column(name, "", required, default)
        return _Column(name, "text", required, default, max_length=sc.max_length or 10**9)
    if hint is dt.date and parsers == [parse_rw_date]:
        return _Column(name, "date", required, default)
    if hint is bool and parsers == [parse_rw_bool]:
        return _Column(name, "bool", required, default)
    if hint is int and parsers == [parse_rw_int]:
        return _Column(name, "int", required, default)
    if hint is Decimal and parsers == [parse_rw_decimal]:
        places = c.get("decimal_places")
        if places is not None and places < 2:
            return _Column(name, "", required, default)
        max_digits = c.get("max_digits")
        whole = 15 if max_digits is None else max_digits - 2
        ge, le = c.get("ge"), c.get("le")
        return _Column(
            name,
            "decimal",
            required,
            default,
            whole_digits=whole,
            minimum=None if ge is None else Decimal(ge),
            maximum=None if le is None else Decimal(le),
        )
    if isinstance(hint, type) and issubclass(hint, enum.Enum) and not parsers:
        return _Column(name, "enum", required, default, enum_values={str(m.value): m for m in hint})
    return _Column(name, "", required, default)


def columns_of(spec: FileSpec) -> list[_Column]:
    """The fast-path view of every column of ``spec``, in file order."""
    hints = typing.get_type_hints(spec.model, include_extras=True)
    return [
        _column(name, hints[name], info.default) for name, info in spec.model.model_fields.items()
    ]


def _decimal(text: str, whole: int) -> Decimal | None:
    """``-?D,dd`` without leading zeros and at most ``whole`` digits before the comma."""
    if len(text) < 4 or text[-3] != "," or not text.isascii():
        return None
    digits = text[1:-3] if text[0] == "-" else text[:-3]
    if not digits or len(digits) > whole or not digits.isdigit() or not text[-2:].isdigit():
        return None
    if digits[0] == "0" and (len(digits) > 1 or text[0] == "-"):
        return None  # 007,00 and -0,xx are not canonical: pydantic decides
    return Decimal(text.replace(",", "."))


def _date(text: str) -> dt.date | None:
    if len(text) != 10 or text[2] != "." or text[5] != "." or not text.isascii():
        return None
    day, month, year = text[:2], text[3:5], text[6:]
    if not (day.isdigit() and month.isdigit() and year.isdigit()):
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _int(text: str) -> int | None:
    body = text[1:] if text[:1] == "-" else text
    if not body or len(body) > 9 or not body.isascii() or not body.isdigit():
        return None
    value = int(text)
    return value if str(value) == text else None


_BOOL = {"ja": True, "nein": False}


CACHE_SIZE = 50_000
"""Converted texts remembered per date or amount column (exports repeat them a lot)."""


def _cached(index: int, out: str, call: str) -> list[str]:
    return [
        f"{out} = cache{index}.get(v)",
        f"if {out} is None:",
        f"    {out} = {call}",
        f"    if {out} is None: return None",
        f"    if len(cache{index}) < {CACHE_SIZE}: cache{index}[v] = {out}",
    ]


def _code(index: int, col: _Column, env: dict[str, Any]) -> list[str]:
    """Source lines turning ``f[index]`` into ``c{index}`` or returning None."""
    out = f"c{index}"
    lines = [f"v = f[{index}]", "if v:"]
    body: list[str]
    if col.kind == "text":
        body = [f"if len(v) > {col.max_length} or v.strip() != v: return None", f"{out} = v"]
    elif col.kind == "date":
        env[f"cache{index}"] = {}
        body = _cached(index, out, "_date(v)")
    elif col.kind == "decimal":
        env[f"cache{index}"] = {}
        body = _cached(index, out, f"_decimal(v, {col.whole_digits})")
        if col.minimum is not None:
            env[f"min{index}"] = col.minimum
            body.append(f"if {out} < min{index}: return None")
        if col.maximum is not None:
            env[f"max{index}"] = col.maximum
            body.append(f"if {out} > max{index}: return None")
    elif col.kind == "bool":
        body = [f"{out} = _BOOL.get(v)", f"if {out} is None: return None"]
    elif col.kind == "int":
        body = [f"{out} = _int(v)", f"if {out} is None: return None"]
    elif col.kind == "enum":
        env[f"enum{index}"] = col.enum_values
        body = [f"{out} = enum{index}.get(v)", f"if {out} is None: return None"]
    else:
        raise AssertionError(col.kind)
    lines += ["    " + line for line in body]
    if col.required:
        lines += ["else:", "    return None"]
    elif col.default is None:
        lines += ["else:", f"    {out} = None"]
    else:
        env[f"default{index}"] = col.default
        lines += [
            "else:",
            f"    {out} = default{index}",
            "    if t is f: t = list(f)",
            f"    t[{index}] = {canon(col.default)!r}",
        ]
    return lines


def converter(spec: FileSpec) -> Converter:
    """The generated fast converter of ``spec``'s records (see the module text).

    It takes the record's texts in file order and returns its values by column
    and its canonical texts, or None when the row model has to decide. Each
    call makes a new converter with empty caches (one per file and import).
    """
    cols = columns_of(spec)
    if any(not col.kind for col in cols):
        return lambda fields: None
    env: dict[str, Any] = {
        "_date": _date,
        "_decimal": _decimal,
        "_int": _int,
        "_BOOL": _BOOL,
        "checks": spec.model.checks,
    }
    lines = ["def convert(f):", "    t = f"]
    for index, col in enumerate(cols):
        lines += ["    " + line for line in _code(index, col, env)]
    pairs = ", ".join(f"{col.name!r}: c{i}" for i, col in enumerate(cols))
    lines += [
        f"    values = {{{pairs}}}",
        "    for check in checks:",
        "        if check(values) is not None: return None",
        "    return values, t",
    ]
    return typing.cast(
        Converter, generated_function("convert", "\n".join(lines), env, f"fastpath {spec.name}")
    )
