"""A period's rows, read once in one read-only transaction and turned into pandas frames.

Read with Core statements on the driver's cursor (`Prepared.run_as_stored`): a million requests come back as the
driver stores them and each column is converted once, in pandas (times are text on SQLite, one vectorised parse),
instead of SQLAlchemy converting every value of every row. The database is opened read-only: a report never
changes it, and a file that is not Netbar's is told, not migrated or made WAL.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, Text, and_, bindparam, cast, create_engine, inspect, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import Select

from netbar.domain.ageing import AgeLimits
from netbar.domain.requests import RequestKind
from netbar.reports.period import Period, ReportError
from netbar.store.database import DatabaseUrlError, async_url
from netbar.store.models import MenuItemRow, RequestLineRow, RequestRow, RequestStepRow
from netbar.store.prepared import Prepared

_REQUESTS = RequestRow.__table__
_LINES = RequestLineRow.__table__
_STEPS = RequestStepRow.__table__
_MENU = MenuItemRow.__table__
_NEEDED_TABLES = {"requests", "request_lines", "request_steps", "menu_items"}
# The steps service times are measured to, in the order a request takes them.
STEPS = ("accepted", "delivering", "done")
KINDS = tuple(kind.value for kind in RequestKind)


# Typed as the column, so a bound time is converted as the column stores it.
_START = bindparam("start", type_=_REQUESTS.c.created_at.type)
_END = bindparam("end", type_=_REQUESTS.c.created_at.type)


def _in_period(statement: Select[Any]) -> Select[Any]:
    """Requests received in the period (the hub's clock: a seat's cannot move one into another day)."""
    created = _REQUESTS.c.created_at
    return statement.where(and_(created >= _START, created < _END))


_READ_REQUESTS = Prepared(
    _in_period(
        select(
            _REQUESTS.c.id,
            _REQUESTS.c.seat_id,
            _REQUESTS.c.kind,
            _REQUESTS.c.state,
            _REQUESTS.c.payment,
            _REQUESTS.c.total_fen,
            _REQUESTS.c.created_at,
            _REQUESTS.c.tapped_at,
            _REQUESTS.c.cancel_reason,
            _REQUESTS.c.handled_by,
            _REQUESTS.c.calls,
            _REQUESTS.c.note,
        )
    )
)
# A line's choices as their JSON text on both databases (psycopg would parse PostgreSQL's `json` into lists).
_OPTIONS_TEXT = cast(_LINES.c.options, Text)
_READ_LINES = Prepared(
    _in_period(
        select(
            _LINES.c.request_id,
            _LINES.c.position,
            _LINES.c.item_id,
            _LINES.c.name_zh,
            _LINES.c.name_en,
            _LINES.c.qty,
            _LINES.c.price_fen,
            _LINES.c.minutes,
            _OPTIONS_TEXT.label("options"),
            _MENU.c.category,
        )
        .select_from(_LINES.join(_REQUESTS, _REQUESTS.c.id == _LINES.c.request_id))
        .join(_MENU, _MENU.c.id == _LINES.c.item_id, isouter=True)
    )
)
_READ_STEPS = Prepared(
    _in_period(
        select(_STEPS.c.request_id, _STEPS.c.state, _STEPS.c.actor, _STEPS.c.at)
        .select_from(_STEPS.join(_REQUESTS, _REQUESTS.c.id == _STEPS.c.request_id))
        # No step comes before its request: along the index on `at`, a recent period's steps are read, not a year's.
        .where(_STEPS.c.at >= bindparam("start", type_=_STEPS.c.at.type))
    )
)

READS = (_READ_REQUESTS, _READ_LINES, _READ_STEPS)  # what a report reads (bench.report reads the same plainly)


@contextmanager
def reading(url: str) -> Iterator[Connection]:
    """A read-only transaction on Netbar's database at `url`; ReportError if there is none there, or it is not
    Netbar's, or not at this netbar's schema."""
    engine = _read_only_engine(url)
    try:
        with engine.connect() as connection:
            _check_schema(connection)
            with connection.begin():
                yield connection
    except DBAPIError as error:
        raise ReportError(f"cannot read the database {url}: {error.orig}") from None
    finally:
        engine.dispose()


def _read_only_engine(url: str) -> Engine:
    try:
        parsed = async_url(url)
    except DatabaseUrlError as error:
        raise ReportError(str(error)) from None
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "").expanduser()
        if not path.is_file():
            raise ReportError(f"no database at {path}")
        # mode=ro: SQLite itself refuses to write; the file is never created, converted to WAL or upgraded.
        return create_engine(f"sqlite+pysqlite:///file:{path.resolve()}?mode=ro&uri=true")
    engine = create_engine(parsed.set(drivername="postgresql+psycopg"))
    return engine.execution_options(postgresql_readonly=True)


def _check_schema(connection: Connection) -> None:
    from netbar.store.migrate import schema_state_of

    tables = set(inspect(connection).get_table_names())
    if not tables >= _NEEDED_TABLES:
        raise ReportError("the database is not Netbar's (it has no requests, request_lines, request_steps tables)")
    if problem := schema_state_of(connection).problem():
        raise ReportError(problem)
    connection.rollback()  # the checks' implicit transaction: the report reads in one of its own


@dataclass
class ReportData:
    """The period's rows, read on first use within the report's one read transaction.

    A sheet is a function of this; one that needs other rows (a shift's) reads them with `frame`."""

    connection: Connection
    period: Period
    limits: AgeLimits = field(default_factory=AgeLimits)

    def frame(self, statement: Prepared, **values: Any) -> pd.DataFrame:
        """`statement`'s rows in the period, as stored (convert the columns you use)."""
        columns, rows = statement.run_as_stored(
            self.connection, {"start": self.period.start, "end": self.period.end, **values}
        )
        return pd.DataFrame.from_records(rows, columns=columns, coerce_float=False)

    @cached_property
    def requests(self) -> pd.DataFrame:
        """One row a request: its columns; `created`, `tapped`, `since` (the tap, else when received) in UTC;
        `day` (its business day) and `hour` (local); per step `<step>_at` (UTC) and `<step>_by` (the staff name)."""
        frame = self.frame(_READ_REQUESTS).rename(columns={"seat_id": "seat"})
        frame["created"] = utc_times(frame.pop("created_at"))
        frame["tapped"] = utc_times(frame.pop("tapped_at"))
        frame["since"] = frame["tapped"].fillna(frame["created"])
        local = frame["created"].dt.tz_convert(self.period.zone).dt.tz_localize(None)
        frame["day"] = (local - self.period.day_offset).dt.normalize()
        frame["hour"] = local.dt.hour
        frame["total_fen"] = frame["total_fen"].astype("int64")
        frame = frame.set_index("id", drop=False)
        steps = self.frame(_READ_STEPS)
        steps["at"] = utc_times(steps["at"])
        # A few staff and seats act thousands of times: each distinct actor is looked at once.
        names = {actor: actor.removeprefix("staff:") for actor in steps["actor"].unique() if actor.startswith("staff:")}
        steps["by"] = steps["actor"].map(names)
        for state in (*STEPS, "cancelled"):
            taken = steps[steps["state"] == state].drop_duplicates("request_id", keep="last")
            taken = taken.set_index("request_id")
            frame[f"{state}_at"] = taken["at"].reindex(frame.index)
            frame[f"{state}_by"] = taken["by"].reindex(frame.index)
        return frame

    @cached_property
    def lines(self) -> pd.DataFrame:
        """One row a request line: its columns, `category` (the menu item's), `options_zh` and `options_en` (the
        choices' names, joined), `revenue_fen` (qty × price)."""
        frame = self.frame(_READ_LINES)
        for column in ("qty", "price_fen"):
            frame[column] = frame[column].astype("int64")
        frame["revenue_fen"] = frame["qty"] * frame["price_fen"]
        # Options are JSON text: parsed once per distinct text (a menu has few ways to make a dish), not per line.
        texts = frame["options"].astype("string").fillna("[]")
        distinct = pd.Series(texts.unique())
        for language in ("zh", "en"):
            names = distinct.map(lambda text, lang=language: _option_names(text, lang))
            frame[f"options_{language}"] = texts.map(dict(zip(distinct, names, strict=True)))
        return frame.drop(columns="options")


def utc_times(column: pd.Series) -> pd.Series:
    """Times as the driver gave them (SQLite's text, or datetimes) as UTC timestamps."""
    return pd.to_datetime(column, utc=True, format="ISO8601")


def _option_names(text: str, language: str) -> str:
    options = json.loads(text)
    return " + ".join(option[f"name_{language}"] for option in options or ())
