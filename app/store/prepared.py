"""The statements every command runs, compiled once per database and run straight on the driver's cursor.

SQLAlchemy's `Connection.execute` costs some 90 µs a statement on this machine, the driver's own cursor 6–25 µs
(issue 8's profile): on a command of eight statements that was most of the hub's time. A `Prepared` statement is a
Core statement written as usual, compiled the first time it runs on a dialect — the SQL text, the order of its
parameters and each column's conversions (an aware datetime to SQLite's text, JSON to text and back) — and from
then on only the conversions and the driver's `execute` run. Every parameter is named (`bindparam`) and given
on each call; constants are written into the statement.
"""

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Column, Connection, Dialect, Insert
from sqlalchemy.sql.expression import ReturnsRows

_Convert = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]  # in the statement's order
    positional: bool
    constants: dict[str, Any]
    # Each parameter's name with its conversion, and each returned column's that has one, by position: worked out
    # once, as a quarter of the writer's time went on turning values to and from the driver's (issue 8's profile).
    to_driver: tuple[tuple[str, _Convert], ...]
    from_driver: tuple[tuple[int, Callable[[Any], Any]], ...]
    row: type[tuple[Any, ...]]
    returns_rows: bool
    id_from_cursor: bool  # the new row's id is the cursor's `lastrowid`, not a row the statement returns

    def parameters(self, values: Mapping[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        if self.constants:
            values = {**self.constants, **values}
        converted = [values[name] if convert is None else convert(values[name]) for name, convert in self.to_driver]
        return tuple(converted) if self.positional else dict(zip(self.names, converted, strict=True))

    def rows(self, fetched: Sequence[Any]) -> list[Any]:
        make = self.row._make  # type: ignore[attr-defined]
        if not self.from_driver:
            return [make(row) for row in fetched]
        rows = []
        for row in fetched:
            values = list(row)
            for index, convert in self.from_driver:
                values[index] = convert(values[index])
            rows.append(make(values))
        return rows


@dataclass(frozen=True)
class Converted:
    """Rows as the driver gave them, and as `Prepared.run` converts them."""

    stored: tuple[Any, ...]
    rows: tuple[Any, ...]


class Prepared:
    """A Core statement (a select, or an insert, update or delete with or without RETURNING) run on the cursor.

    Its parameters are `bindparam`s given by name on each call, or constants written in it (`column == "call"`);
    an `in_()` is not supported (SQLAlchemy expands it per call). Rows come back as named tuples, converted as
    SQLAlchemy would convert them."""

    def __init__(
        self, statement: ReturnsRows, *, postgresql: ReturnsRows | None = None, new_id: Column[Any] | None = None
    ) -> None:
        """`new_id`: `statement` is an insert, and returns this column, its table's integer key, of the row it
        made. SQLite's RETURNING doubles the cost of an insert (11 µs more of its 11, issue 8's profile), so there
        the id is the cursor's `lastrowid`; other databases run `statement.returning(new_id)`."""
        if new_id is not None and not isinstance(statement, Insert):
            raise ValueError("only an insert returns a new id")
        self.statement = statement
        # What PostgreSQL runs instead, where it must differ (the event log's gap-free ids): the same parameters.
        self._postgresql = postgresql
        self._new_id = new_id
        self._compiled: dict[tuple[str, str], _Compiled] = {}

    def run(self, connection: Connection, values: Mapping[str, Any]) -> list[Any]:
        """Run on `connection`'s driver connection, inside whatever transaction it has open; the rows, if any."""
        compiled, fetched = self._fetch(connection, values)
        # An insert without RETURNING may still return its new id where the dialect adds it (PostgreSQL): unasked.
        return compiled.rows(fetched) if compiled.returns_rows else []

    def run_unless_unchanged(
        self, connection: Connection, values: Mapping[str, Any], last: "Converted | None"
    ) -> "Converted":
        """As `run`, with the driver's rows kept beside the converted ones: given what an earlier call returned,
        the same is returned when the driver's rows are unchanged, so a read repeated on every welcome (the menu,
        with each item's options as JSON) converts its rows only when they changed."""
        compiled, fetched = self._fetch(connection, values)
        stored = tuple(fetched)
        if last is not None and last.stored == stored:
            return last
        return Converted(stored, tuple(compiled.rows(fetched)))

    def run_as_stored(self, connection: Connection, values: Mapping[str, Any]) -> tuple[list[str], Sequence[Any]]:
        """As `run`, but the column names and the rows as the driver gives them, unconverted: for reading a million
        rows, where the caller converts whole columns at once (a time's text, one parse per column)."""
        compiled, fetched = self._fetch(connection, values)
        return list(compiled.row._fields), fetched  # type: ignore[attr-defined]

    def _fetch(self, connection: Connection, values: Mapping[str, Any]) -> tuple[_Compiled, Sequence[Any]]:
        dialect = connection.dialect
        # By driver too: asyncpg's SQL ($1) is not psycopg's (%(name)s).
        compiled = self._compiled.get((dialect.name, dialect.driver)) or self._compile(dialect)
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(compiled.sql, compiled.parameters(values))
            if compiled.id_from_cursor:
                return compiled, [(cursor.lastrowid,)]
            return compiled, cursor.fetchall() if cursor.description else []
        finally:
            cursor.close()

    def _compile(self, dialect: Dialect) -> _Compiled:
        statement, new_id = self.statement, self._new_id
        if dialect.name == "postgresql" and self._postgresql is not None:
            statement, new_id = self._postgresql, None  # returns what it returns
        id_from_cursor = new_id is not None and dialect.name == "sqlite"
        if new_id is not None and not id_from_cursor:
            statement = cast(Insert, statement).returning(new_id)
        compiled = statement.compile(dialect=dialect)
        binds = {name: bind for bind, name in compiled.bind_names.items()}
        if any(bind.expanding for bind in binds.values()):
            raise ValueError("a prepared statement cannot hold an in_(): it is expanded anew on every call")
        names = tuple(compiled.positiontup or ()) if compiled.positional else tuple(binds)
        # A select's columns, or what an insert returns
        columns = [new_id] if new_id is not None and id_from_cursor else list(statement.exported_columns)
        prepared = _Compiled(
            sql=compiled.string,
            names=names,
            positional=compiled.positional,
            constants={name: bind.value for name, bind in binds.items() if not bind.required},
            to_driver=tuple((name, binds[name].type.dialect_impl(dialect).bind_processor(dialect)) for name in names),
            from_driver=tuple(
                (index, convert)
                for index, column in enumerate(columns)
                if (convert := column.type.dialect_impl(dialect).result_processor(dialect, None)) is not None
            ),
            row=namedtuple("Row", [column.key for column in columns], rename=True),
            returns_rows=bool(columns),
            id_from_cursor=id_from_cursor,
        )
        self._compiled[(dialect.name, dialect.driver)] = prepared
        return prepared
