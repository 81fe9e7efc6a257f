"""Bulk writing straight through the database driver, for the RW import and the demo.

SQLAlchemy's executemany of dictionaries spends most of its time preparing
each row's parameters; for hundreds of thousands of rows the importer and the
demo data generator build the driver's SQL and tuples themselves
(:func:`insert_statements`, :func:`update_statements`), read plain rows from
the driver's cursor (:func:`driver_rows`), and let a second thread store one
batch while the next one is prepared (:class:`BackgroundWriter`). Values pass
their column type's bind processor, so they are stored as SQLAlchemy would.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, cast

from sqlalchemy import Connection, Enum, Table, func, literal, select, text
from sqlalchemy.sql import ClauseElement

from omclient.rw.codegen import generated_function

# Bound values per SQLite statement (SQLITE_MAX_VARIABLE_NUMBER: 32766 since 3.32).
SQLITE_VARIABLES = 32_000 if sqlite3.sqlite_version_info >= (3, 32) else 999


def driver_rows(conn: Connection, stmt: ClauseElement) -> Iterator[tuple[Any, ...]]:
    """The rows of ``stmt`` (plain values only) straight from the driver's cursor.

    Hundreds of thousands of ids, fingerprints and key texts are read per import;
    SQLAlchemy's result rows would cost more than the query. Runs in the same
    transaction (the connection's own DBAPI connection).
    """
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(10_000):
            yield from rows
    finally:
        cursor.close()


class BackgroundWriter:
    """Runs bulk writes on a second thread, one at a time.

    The database driver releases the GIL while SQLite (or PostgreSQL) stores
    the rows, so reading and checking the next records goes on meanwhile on
    the other core. Whoever uses the connection otherwise waits first
    (:meth:`wait`, as :attr:`omclient.rw.run.Run.conn` does); an error of the write is raised there.
    """

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rw-import")
        self.pending: Future[None] | None = None

    def submit(self, fn: Callable[..., None], *args: Any) -> None:
        self.wait()
        self.pending = self.pool.submit(fn, *args)

    def wait(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        self.pool.shutdown(wait=True)


class IdBlocks:
    """Ids for new rows, taken before the rows are written (later rows refer to them).

    SQLite: after the largest id of the table — the import holds the only write
    transaction; PostgreSQL: from the column's sequence, so the database's own
    numbering carries on after them. Either way a block at a time.
    """

    def __init__(self, conn: Connection, writer: BackgroundWriter, block: int) -> None:
        self.conn = conn
        self.writer = writer  # waited for only before the connection is used
        self.block = block
        self._free: dict[str, list[int]] = {}
        self._last: dict[str, int] = {}

    def take(self, table: Table) -> int:
        """The id for the next new row of ``table``."""
        free = self._free.get(table.name)
        if not free:
            if self.conn.dialect.name == "sqlite":
                last = self._last.get(table.name)
                if last is None:
                    self.writer.wait()
                    last = self.conn.execute(select(func.max(table.c.id))).scalar() or 0
                self._last[table.name] = last + self.block
                free = list(range(last + self.block, last, -1))
            else:
                self.writer.wait()
                free = list(
                    self.conn.execute(
                        text(
                            "SELECT nextval(pg_get_serial_sequence(:t, 'id')) "
                            "FROM generate_series(1, :n)"
                        ),
                        {"t": table.name, "n": self.block},
                    ).scalars()
                )
                free.reverse()
            self._free[table.name] = free
        return free.pop()


@functools.cache
def _parameters_for(
    dialect: Any, table: Table, names: tuple[str, ...]
) -> Callable[[Sequence[Mapping[str, Any]]], list[tuple[Any, ...]]]:
    """A generated function turning value dictionaries into the driver's tuples.

    Each value passes its column type's bind processor, the conversion
    SQLAlchemy applies itself (dates as text and amounts as numbers on SQLite,
    enumerations by value) — without SQLAlchemy's per-row preparation.
    """
    env: dict[str, Any] = {}
    items = []
    for i, name in enumerate(names):
        type_ = table.c[name].type
        processor = type_.dialect_impl(dialect).bind_processor(dialect)
        if processor is None:
            items.append(f"r[{name!r}]")
        else:
            if type_.python_type in (dt.date, bool) or isinstance(type_, Enum):
                # Few distinct values (dates, flags, enumerations): convert each once.
                processor = functools.lru_cache(maxsize=1 << 14)(processor)
            env[f"p{i}"] = processor
            items.append(f"(None if (v{i} := r[{name!r}]) is None else p{i}(v{i}))")
    source = f"def parameters(rows):\n    return [({', '.join(items)},) for r in rows]\n"
    return cast(
        Callable[[Sequence[Mapping[str, Any]]], list[tuple[Any, ...]]],
        generated_function("parameters", source, env, f"parameters {table.name}"),
    )


class BulkInsert:
    """An INSERT of many rows straight through the driver's ``executemany``.

    SQLAlchemy's executemany of dictionaries spends most of its time preparing
    each row's parameters; here they come from :func:`_parameters_for`, and
    columns not given get their scalar default.
    """

    def __init__(self, dialect: Any, table: Table, names: Sequence[str]) -> None:
        missing = [c for c in table.c if c.name not in names and c.default is not None]
        if any(not c.default.is_scalar for c in missing):  # type: ignore[union-attr]
            raise AssertionError(f"{table.name}: Standardwert ohne festen Wert")
        self.names = list(names)
        columns = [*self.names, *(c.name for c in missing)]
        marker = "?" if dialect.paramstyle == "qmark" else "%s"
        # Defaults are constants: written into the statement, not bound per row.
        defaults = [
            str(
                literal(c.default.arg, c.type).compile(  # type: ignore[union-attr]
                    dialect=dialect, compile_kwargs={"literal_binds": True}
                )
            )
            for c in missing
        ]
        quote = dialect.identifier_preparer
        self.sql = (
            f"INSERT INTO {quote.format_table(table)} "
            f"({', '.join(quote.quote(c) for c in columns)}) "
            f"VALUES ({', '.join([marker] * len(self.names) + defaults)})"
        )
        self.build = _parameters_for(dialect, table, tuple(self.names))

        # SQLite: many rows per statement. sqlite3 holds the GIL while it binds and
        # releases it while SQLite stores — per statement, not per row — so the
        # writer thread really runs beside the reading one.
        self.per_statement = 0
        if dialect.name == "sqlite":
            self.per_statement = max(1, SQLITE_VARIABLES // len(self.names))
            self.values_sql = self.sql.split(" VALUES ", 1)
        self._multi: dict[int, str] = {}

    def _multi_sql(self, rows: int) -> str:
        sql = self._multi.get(rows)
        if sql is None:
            head, one = self.values_sql
            sql = self._multi[rows] = f"{head} VALUES {', '.join([one] * rows)}"
        return sql

    def parameters(self, rows: Sequence[dict[str, Any]]) -> list[tuple[str, Any]]:
        """The statements for ``rows``: (SQL, parameters) each."""
        params = self.build(rows)
        per = self.per_statement
        if not per:
            return [(self.sql, params)]
        return [
            (self._multi_sql(len(chunk)), tuple(itertools.chain.from_iterable(chunk)))
            for chunk in (params[i : i + per] for i in range(0, len(params), per))
        ]

    def execute(self, conn: Connection, statements: Statements) -> None:
        execute_statements(conn, statements)


@functools.cache
def _bulk_insert_for(dialect: Any, table: Table, names: tuple[str, ...]) -> BulkInsert:
    return BulkInsert(dialect, table, names)


def _check_paramstyle(conn: Connection) -> None:
    if conn.dialect.paramstyle not in ("qmark", "format", "pyformat"):
        raise AssertionError(f"Parameterstil {conn.dialect.paramstyle} nicht unterstützt")


def bulk_insert(conn: Connection, table: Table, names: tuple[str, ...]) -> BulkInsert:
    _check_paramstyle(conn)
    return _bulk_insert_for(conn.dialect, table, names)


Statements = list[tuple[str, Any]]
"""(SQL, parameters) pairs for the driver: one row's tuple, or a list of them for executemany."""


def insert_statements(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> Statements:
    """The driver statements inserting ``rows`` (dictionaries with the same keys).

    The path of the importer's own INSERTs (:class:`BulkInsert`): values pass
    their column type's bind processor, constant defaults fill the columns not given.
    Only reads the connection's dialect, so it may be called while another
    thread executes statements on the connection.
    """
    if not rows:
        return []
    inserter = bulk_insert(conn, table, tuple(rows[0]))
    return inserter.parameters(rows)


def update_statements(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> Statements:
    """The driver statement for ``UPDATE … SET <columns> WHERE id = row["id"]`` over ``rows``.

    One prepared statement, each value through its column type's bind processor.
    """
    if not rows:
        return []
    _check_paramstyle(conn)
    dialect = conn.dialect
    columns = [n for n in rows[0] if n != "id"]
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer
    sql = (
        f"UPDATE {quote.format_table(table)} SET "
        + ", ".join(f"{quote.quote(n)} = {marker}" for n in columns)
        + f" WHERE {quote.quote('id')} = {marker}"
    )
    return [(sql, _parameters_for(dialect, table, (*columns, "id"))(rows))]


def execute_statements(conn: Connection, statements: Statements) -> None:
    for sql, params in statements:
        conn.exec_driver_sql(sql, params)


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dictionaries with the same keys) straight through the driver."""
    execute_statements(conn, insert_statements(conn, table, rows))
