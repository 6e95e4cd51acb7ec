"""A period's figures and rows, read read-only and turned into pandas frames.

What the sheets show of a million requests the database counts and sums (GROUP BY): requests per slot of a quarter
of an hour (UTC) and kind, with what they took; what was sold per item and way it was made; and each step's wait
from the tap, listed in two comma-separated strings (the actors, and the waits as numbers, which numpy parses in C).
Python gets thousands of rows and two strings, not millions of rows. The raw rows (the Requests sheet) are read as
stored, on the driver's cursor (`Prepared.run_as_stored`), and each column is converted once, in pandas (times are
text on SQLite, one vectorised parse), instead of SQLAlchemy converting every value of every row. The database is
opened read-only: a report never changes it, and a file that is not Netbar's is told, not migrated or made WAL.
"""

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from math import gcd
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from sqlalchemy import (
    BigInteger,
    Connection,
    Engine,
    Text,
    and_,
    bindparam,
    case,
    cast,
    create_engine,
    func,
    inspect,
    select,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.expression import Select

from netbar.domain.ageing import AgeLimits
from netbar.domain.requests import RequestKind
from netbar.reports.period import Period, ReportError
from netbar.reports.sql import epoch_microseconds, joined
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


_Select = TypeVar("_Select", bound=Select[*tuple[Any, ...]])


def _in_period(statement: _Select) -> _Select:
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
# A line's choices as their JSON text on both databases (psycopg would parse PostgreSQL's `json` into lists, which
# cannot be grouped on there either); equal choices written differently meet again in pandas, by their names.
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

READS = (_READ_REQUESTS, _READ_LINES, _READ_STEPS)  # the raw rows (bench.report reads the same plainly)


def _total(value: ColumnElement[Any]) -> ColumnElement[int]:
    """SUM as an integer on both databases (PostgreSQL's SUM of a BIGINT is NUMERIC, which psycopg makes Decimal)."""
    return cast(func.sum(value), BigInteger)


_DONE = _REQUESTS.c.state == "done"
# The requests of the period with the slot each was received in: a stretch of `slot` microseconds (a quarter of an
# hour, or less: ReportData.slot_seconds) counted from 1970 in UTC, so every local hour and business day starts on
# a slot's start and the slot's start says both. A subquery, so the slot is grouped on by its name.
_RECEIVED = _in_period(
    select(
        (epoch_microseconds(_REQUESTS.c.created_at) // bindparam("slot", type_=BigInteger)).label("slot"),
        _REQUESTS.c.id,
        _REQUESTS.c.kind,
        _REQUESTS.c.state,
        _REQUESTS.c.total_fen,
    )
).subquery()
# A done renewal's minutes: looked up along the lines' index for those alone, not joined for every request.
_MINUTES_SOLD = (
    select(func.coalesce(func.sum(func.coalesce(_LINES.c.minutes, 0) * _LINES.c.qty), 0))
    .where(_LINES.c.request_id == _RECEIVED.c.id)
    .scalar_subquery()
)
_COUNT_SLOTS = Prepared(
    select(
        _RECEIVED.c.slot,
        _RECEIVED.c.kind,
        func.count().label("requests"),
        _total(case((_RECEIVED.c.state == "done", 1), else_=0)).label("done"),
        _total(case((_RECEIVED.c.state == "cancelled", 1), else_=0)).label("cancelled"),
        _total(case((_RECEIVED.c.state == "done", _RECEIVED.c.total_fen), else_=0)).label("revenue_fen"),
        _total(case((and_(_RECEIVED.c.state == "done", _RECEIVED.c.kind == "renewal"), _MINUTES_SOLD), else_=0)).label(
            "minutes_sold"
        ),
    ).group_by(_RECEIVED.c.slot, _RECEIVED.c.kind)
)
_SOLD_WAYS = (
    _in_period(
        select(
            _LINES.c.item_id,
            _LINES.c.name_zh,
            _LINES.c.name_en,
            _OPTIONS_TEXT.label("options"),
            _total(_LINES.c.qty).label("qty"),
            _total(_LINES.c.qty * _LINES.c.price_fen).label("revenue_fen"),
        ).select_from(_LINES.join(_REQUESTS, _REQUESTS.c.id == _LINES.c.request_id))
    )
    .where(_DONE)
    .group_by(_LINES.c.item_id, _LINES.c.name_zh, _LINES.c.name_en, _OPTIONS_TEXT)
    .subquery()
)
_SUM_SOLD = Prepared(
    # The category joined to the few groups, not to every line.
    select(_MENU.c.category, *_SOLD_WAYS.c).select_from(
        _SOLD_WAYS.join(_MENU, _MENU.c.id == _SOLD_WAYS.c.item_id, isouter=True)
    )
)
# Which (kind, step) a step is, as one number: the kind's position × 4 + the step's position, each its count (4, 3)
# where the report shows no such kind or step (a cancel).
_PAIR = case({kind: n for n, kind in enumerate(KINDS)}, value=_REQUESTS.c.kind, else_=len(KINDS)) * 4 + case(
    {step: n for n, step in enumerate(STEPS)}, value=_STEPS.c.state, else_=len(STEPS)
)
_PAIRS = 32  # more than the largest pair (19): a step's number is its microseconds × _PAIRS + its pair
_WAITED = epoch_microseconds(_STEPS.c.at) - epoch_microseconds(
    func.coalesce(_REQUESTS.c.tapped_at, _REQUESTS.c.created_at)
)
# Every step's actor, and its wait and pair packed in one number: two lists of 2 million, not 2 million rows. Which
# steps count is sorted out in pandas: a filter on a few categories, where SQL would test every row. The steps are
# scanned, not walked along their index on `at`: for a year, that fetched each request out of order, 3× the time.
_LIST_WAITS = Prepared(
    _in_period(
        select(
            joined(_STEPS.c.actor, _STEPS.c.id).label("actors"),
            joined(_WAITED * _PAIRS + _PAIR, _STEPS.c.id).label("waits"),
        ).select_from(_STEPS.join(_REQUESTS, _REQUESTS.c.id == _STEPS.c.request_id))
    )
)
# The Requests sheet's rows: one a line, and one for a request without lines (a call).
_COUNT_RAW_ROWS = Prepared(
    _in_period(
        select(func.count()).select_from(_REQUESTS.join(_LINES, _LINES.c.request_id == _REQUESTS.c.id, isouter=True))
    )
)


@contextmanager
def reading(url: str) -> Iterator[Connection]:
    """A read-only connection to Netbar's database at `url` (its engine opens more of them, for `read_figures`);
    ReportError if there is none there, or it is not Netbar's, or not at this netbar's schema."""
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
    """The period's figures and rows, read on first use (the figures ahead, at once: `read_figures`).

    A sheet is a function of this; one that needs other rows (a shift's) reads them with `frame`."""

    connection: Connection
    period: Period
    limits: AgeLimits = field(default_factory=AgeLimits)

    # The connection a thread of `read_figures` reads on; elsewhere, `connection`.
    _apart: threading.local = field(default_factory=threading.local, init=False, repr=False)

    def frame(self, statement: Prepared, **values: Any) -> pd.DataFrame:
        """`statement`'s rows in the period, as stored (convert the columns you use)."""
        period = {"start": self.period.start, "end": self.period.end, "slot": self.slot_seconds * 1_000_000}
        connection = getattr(self._apart, "connection", self.connection)
        columns, rows = statement.run_as_stored(connection, {**period, **values})
        return pd.DataFrame.from_records(rows, columns=columns, coerce_float=False)

    def read_figures(self) -> None:
        """Make the figures the sheets come from (not the raw rows) at once, each on a connection of its own: the
        database's CPU is most of a report's time, and the hub's PC has more than one core; Python's share of each
        (parsing the waits, local times) runs meanwhile. Each statement sees the database as of its own start, as
        each statement of a report always has on SQLite (whose driver begins no transaction for a SELECT) and on
        PostgreSQL (READ COMMITTED)."""
        self._make_at_once(_FIGURES)

    def read_rows(self) -> None:
        """Read the raw rows (`requests`, `lines`) at once, as `read_figures` does the figures: the driver's reading
        and pandas' parsing of one overlap the other's (a year's CSV, about a fifth sooner)."""
        self._make_at_once(("requests", "lines"))

    def _make_at_once(self, figures: tuple[str, ...]) -> None:
        with ThreadPoolExecutor(len(figures), thread_name_prefix="report") as pool:
            for made in [pool.submit(self._make_apart, name) for name in figures]:
                made.result()

    def _make_apart(self, figure: str) -> None:
        with self.connection.engine.connect() as connection:
            self._apart.connection = connection
            getattr(self, figure)  # made once, and kept (a cached property)

    @property
    def slot_seconds(self) -> int:
        """The slots requests are counted in: a quarter of an hour, as every time zone's offset from UTC is a whole
        number of quarters; shorter where the business day starts between quarters (06:10: 5 minutes)."""
        return 60 * gcd(15, self.period.day_starts_at.minute)

    @cached_property
    def slots(self) -> pd.DataFrame:
        """One row a slot and kind with requests: `day` (the business day) and `hour` (local) it is in, `kind`,
        `requests`, `done`, `cancelled`, `revenue_fen` (of those done) and `minutes_sold` (renewals done)."""
        frame = self.frame(_COUNT_SLOTS)
        starts = pd.to_datetime(frame.pop("slot").astype("int64") * self.slot_seconds, unit="s", utc=True)
        local = starts.dt.tz_convert(self.period.zone).dt.tz_localize(None)
        frame["day"] = (local - self.period.day_offset).dt.normalize()
        frame["hour"] = local.dt.hour
        counts = ["requests", "done", "cancelled", "revenue_fen", "minutes_sold"]
        return frame.astype(dict.fromkeys(counts, "int64"))

    @cached_property
    def sold(self) -> pd.DataFrame:
        """What the requests done took, one row a `category`, item and way it was made: the item's `item_id`,
        `name_zh`, `name_en`, its options' names (`options_zh`, `options_en`), `qty` and `revenue_fen`."""
        frame = self.frame(_SUM_SOLD).astype({"qty": "int64", "revenue_fen": "int64"})
        return _with_option_names(frame)

    @cached_property
    def waits(self) -> pd.DataFrame:
        """One row a step staff took (accepted, delivering, done) on a request received in the period: its
        request's `kind`, the `step`, `by` (the staff member's name) and `seconds` from the customer's tap."""
        ((actors, waits),) = self.frame(_LIST_WAITS).itertuples(index=False, name=None)
        packed = _numbers(waits)
        pair = packed % _PAIRS
        kind, step, by = pair // 4, pair % 4, _staff_of(actors)
        shown = (kind < len(KINDS)) & (step < len(STEPS)) & (by.codes >= 0)
        return pd.DataFrame(
            {
                "kind": pd.Categorical.from_codes(kind[shown], categories=KINDS),
                "step": pd.Categorical.from_codes(step[shown], categories=STEPS),
                "by": by[shown],
                # As pandas makes them from two times: whole microseconds ÷ 10⁶, the same double.
                "seconds": (packed[shown] // _PAIRS) / 1_000_000,
            }
        )

    @cached_property
    def raw_rows(self) -> int:
        """How many rows the Requests sheet has: a row a line, and one for each request without lines."""
        ((rows,),) = self.frame(_COUNT_RAW_ROWS).itertuples(index=False, name=None)
        return int(rows)

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
        return _with_option_names(frame)


def _with_option_names(frame: pd.DataFrame) -> pd.DataFrame:
    """`options` (the choices as JSON) replaced by `options_zh` and `options_en`, their names joined."""
    # Parsed once per distinct text (a menu has few ways to make a dish), not per line.
    texts = frame["options"].astype("string").fillna("[]")
    distinct = pd.Series(texts.unique())
    for language in ("zh", "en"):
        names = distinct.map(lambda text, lang=language: _option_names(text, lang))
        frame[f"options_{language}"] = texts.map(dict(zip(distinct, names, strict=True)))
    return frame.drop(columns="options")


def _staff_of(actors: str | None) -> pd.Categorical:
    """A `joined` list of actors as the staff members' names; missing where a seat acted."""
    codes, labels = pd.factorize(np.array(actors.split(",") if actors else [], dtype=object))
    staff = [n for n, label in enumerate(labels) if label.startswith("staff:")]
    # Each distinct actor is looked at once; every step gets its staff member's position among them, or -1.
    position = np.full(len(labels) + 1, -1)
    position[staff] = np.arange(len(staff))
    names = [labels[n].removeprefix("staff:") for n in staff]
    return pd.Categorical.from_codes(position[codes], categories=names)


def _numbers(joined_text: str | None) -> np.ndarray[Any, np.dtype[np.int64]]:
    """The integers of a `joined` aggregate's text (None: there were none)."""
    if not joined_text:
        return np.empty(0, dtype=np.int64)
    return np.fromstring(joined_text, dtype=np.int64, sep=",")


# ReportData's figures, the longest to make first.
_FIGURES = ("waits", "sold", "slots", "raw_rows")


def utc_times(column: pd.Series) -> pd.Series:
    """Times as the driver gave them (SQLite's text, or datetimes) as UTC timestamps, to the microsecond as stored.

    One unit for every column: pandas otherwise picks it from the values, and a column of none (no request tapped)
    comes out in seconds, which it will not fill from one in microseconds."""
    return pd.to_datetime(column, utc=True, format="ISO8601").dt.as_unit("us")


def _option_names(text: str, language: str) -> str:
    options = json.loads(text)
    return " + ".join(option[f"name_{language}"] for option in options or ())
