"""`netbar db copy`: the hub's database into another, empty one (an SQLite file into PostgreSQL), every row of every
table, then read back from both and compared row for row before it is called done."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, text

from netbar.store.database import create_plain_engine
from netbar.store.models import Base

CHUNK = 1000


class CopyError(Exception):
    pass


@dataclass(frozen=True)
class Copied:
    rows: dict[str, int]  # table → rows copied, and found the same in both

    def summary(self) -> str:
        tables = ", ".join(f"{table} {count}" for table, count in self.rows.items() if count)
        return f"copied {sum(self.rows.values())} rows, each checked against the original ({tables})"


def copy_rows(source_url: str, target_url: str) -> Copied:
    """Copy every row from `source_url` into `target_url` (both at the same schema; the target's tables empty) in
    one transaction on the target, and compare them row for row before it commits."""
    source, target = create_plain_engine(source_url), create_plain_engine(target_url)
    try:
        with source.connect() as reading, target.begin() as writing:
            tables = Base.metadata.sorted_tables  # parents before children
            for table in tables:
                if writing.scalar(select(func.count()).select_from(table)):
                    where = _shown(target_url)
                    raise CopyError(f"{table.name} already has rows in {where}: copy into an empty database")
            for table in tables:
                for chunk in _chunks(_rows(reading, table)):
                    writing.execute(insert(table), chunk)
            if writing.dialect.name == "postgresql":
                _continue_sequences(writing, tables)
            counts = {table.name: _same_rows(reading, writing, table) for table in tables}
        return Copied(counts)
    finally:
        source.dispose()
        target.dispose()


def _rows(connection: Connection, table: Table) -> Iterator[dict[str, Any]]:
    ordered = select(table).order_by(*table.primary_key.columns)
    for row in connection.execute(ordered).mappings():
        yield dict(row)


def _chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _continue_sequences(connection: Connection, tables: list[Table]) -> None:
    """The ids PostgreSQL gives next follow the copied ones (the event log's are given from the log itself)."""
    for table in tables:
        column = table.autoincrement_column
        if column is None:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'),"
                f" coalesce((SELECT max({column.name}) FROM {table.name}), 0) + 1, false)"
            )
        )


def _same_rows(reading: Connection, writing: Connection, table: Table) -> int:
    count = 0
    copies = _rows(writing, table)
    for original in _rows(reading, table):
        copy = next(copies, None)
        if copy != original:
            raise CopyError(f"{table.name}: row {original} was copied as {copy}; nothing was copied")
        count += 1
    if (extra := next(copies, None)) is not None:
        raise CopyError(f"{table.name}: the copy has a row the original has not ({extra}); nothing was copied")
    return count


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
