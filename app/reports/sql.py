"""The SQL a report's aggregation needs that SQLite and PostgreSQL spell differently, compiled by SQLAlchemy for each.

SQLite keeps a time as UTC text (`2026-11-20 02:00:00.000000`), PostgreSQL as a `timestamptz`: both become whole
microseconds since 1970 here, so a time's quarter of an hour, and the seconds between two times, are exact integer
arithmetic in the database, as pandas would compute them from the parsed times.
"""

import sqlite3
from typing import Any

from sqlalchemy import BigInteger, Text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

# unixepoch() came with SQLite 3.38 (2022); strftime('%s') says the same in text, at twice the cost.
_SQLITE_SECONDS = "unixepoch({})" if sqlite3.sqlite_version_info >= (3, 38) else "CAST(strftime('%s', {}) AS INTEGER)"


class epoch_microseconds(FunctionElement[int]):
    """A stored time as whole microseconds since 1970 (UTC)."""

    type = BigInteger()
    inherit_cache = True


@compiles(epoch_microseconds, "sqlite")
def _sqlite_microseconds(element: epoch_microseconds, compiler: SQLCompiler, **kw: Any) -> str:
    (time,) = element.clauses
    text = compiler.process(time, **kw)
    fraction = f"CAST(substr({text}, 21) AS INTEGER)"
    # The date functions round a fraction to milliseconds: from .9995 s on that carries into the next second, so
    # those few (1 in 2,000) have their whole seconds read from the text without its fraction; the rest as they are
    # (cutting the text costs more than reading it).
    whole = _SQLITE_SECONDS.format(text)
    cut = _SQLITE_SECONDS.format(f"substr({text}, 1, 19)")
    return f"((CASE WHEN {fraction} < 999500 THEN {whole} ELSE {cut} END) * 1000000 + {fraction})"


@compiles(epoch_microseconds, "postgresql")
def _postgresql_microseconds(element: epoch_microseconds, compiler: SQLCompiler, **kw: Any) -> str:
    (time,) = element.clauses
    # EXTRACT(EPOCH …) is numeric (exact) since PostgreSQL 14.
    return f"CAST(EXTRACT(EPOCH FROM {compiler.process(time, **kw)}) * 1000000 AS BIGINT)"


class joined(FunctionElement[str]):
    """An aggregate: every value of the group as one text, comma-separated: a million numbers come back as one
    string that numpy parses in C, not as a million rows of Python objects. `joined(value, order)`: several
    `joined` of one select list their values in the same order, `order`'s."""

    type = Text()
    inherit_cache = True


@compiles(joined, "sqlite")
def _sqlite_joined(element: joined, compiler: SQLCompiler, **kw: Any) -> str:
    value, _ = _arguments(element)
    # SQLite feeds every aggregate of a select the same rows in the same order: the lists line up as they are.
    return f"group_concat({compiler.process(value, **kw)}, ',')"


@compiles(joined, "postgresql")
def _postgresql_joined(element: joined, compiler: SQLCompiler, **kw: Any) -> str:
    value, order = _arguments(element)
    # PostgreSQL does not promise one order to several aggregates: each is told it.
    return f"string_agg(CAST({compiler.process(value, **kw)} AS TEXT), ',' ORDER BY {compiler.process(order, **kw)})"


def _arguments(element: joined) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    value, order = element.clauses
    return value, order
