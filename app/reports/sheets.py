"""The report's tables, one function a sheet, each a DataFrame of what the sheet shows.

Money stays in integer fen in every table (columns named `… (fen)`); the writers turn it into yuan only as they
write (netbar.reports.workbook). Times of day are the venue's, without a zone (Excel has none). Service times are
in seconds. Adding a sheet is one function here and one line in SHEETS.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo

import pandas as pd
from sqlalchemy import bindparam, select

from netbar.domain.requests import LIFECYCLE, Action
from netbar.reports.data import KINDS, STEPS, ReportData, utc_times
from netbar.store.models import ShiftRow
from netbar.store.prepared import Prepared

ALL_STAFF = "All staff"
TOTAL = "Total"
CATEGORIES = ("food", "drink", "time")
# The step that takes a request up, whose time is measured against the kind's limit: accepted, or done for a kind
# that is never accepted (a renewal is completed straight away), as the domain's lifecycle says.
FIRST_STEP = {
    kind.value: "accepted" if any(action is Action.ACCEPT for _, action in steps) else "done"
    for kind, steps in LIFECYCLE.items()
}


@dataclass(frozen=True)
class Chart:
    """A native chart of a table's first rows (`rows` says how many): the column `categories` along the axis, one
    series per column in `series`."""

    title: str
    categories: str
    series: tuple[str, ...]
    y_title: str
    rows: Callable[[pd.DataFrame], int]  # how many of the table's first rows it shows
    stacked: bool = False


@dataclass(frozen=True)
class Sheet:
    """A sheet: its name, the function that makes its table, its chart; past `most_rows` a workbook says where the
    rows are instead of holding them (CSV always holds them)."""

    name: str
    table: Callable[[ReportData], pd.DataFrame]
    chart: Chart | None = None
    most_rows: int | None = None
    rows: Callable[[ReportData], int] | None = None  # how many rows `table` would make, known cheaply


# A workbook sheet holds at most 1,048,575 rows, and XlsxWriter writes some 5,000 of these (30 cells each) a second
# here: past this many (a month of a small café) the raw rows go to CSV, which takes a million in seconds.
RAW_ROWS_IN_A_WORKBOOK = 20_000


# An ordered line's columns as both the Items and the Requests sheets head them.
_LINE_COLUMNS = {
    "item_id": "Item id",
    "name_zh": "Item (zh)",
    "name_en": "Item (en)",
    "options_zh": "Options (zh)",
    "options_en": "Options (en)",
    "qty": "Quantity",
}


def summary(data: ReportData) -> pd.DataFrame:
    """Per business day of the period, then its total: requests (by kind), done, cancelled, revenue (what was
    done; a refund is cancelled) and the minutes sold (renewals done)."""
    slots = data.slots
    table = pd.DataFrame(
        {
            "Day": slots["day"],
            "Requests": slots["requests"],
            **{kind.capitalize(): slots["requests"].where(slots["kind"] == kind, 0) for kind in KINDS},
            "Done": slots["done"],
            "Cancelled": slots["cancelled"],
            "Revenue (fen)": slots["revenue_fen"],
            "Time sold (min)": slots["minutes_sold"],
        }
    )
    days = pd.DatetimeIndex(pd.to_datetime(data.period.days), name="Day")
    per_day = table.groupby("Day").sum().reindex(days, fill_value=0).astype("int64").reset_index()
    per_day["Day"] = per_day["Day"].dt.date.astype("object")
    total = per_day.drop(columns="Day").sum().to_frame().T
    total.insert(0, "Day", TOTAL)
    return pd.concat([per_day, total], ignore_index=True)


def items(data: ReportData) -> pd.DataFrame:
    """What was sold (requests done): per category, its total first, then each item and way it was made (its
    options), by revenue."""
    keys = ["category", "item_id", "name_zh", "name_en", "options_zh", "options_en"]
    # The database summed per way the dish was made as stored; choices that read the same are one way here.
    sold = data.sold.fillna({"category": ""}).groupby(keys, as_index=False)[["qty", "revenue_fen"]].sum()
    parts = []
    for category in sorted(sold["category"].unique(), key=lambda c: (*CATEGORIES, c).index(c)):
        rows = sold[sold["category"] == category].sort_values(["revenue_fen", "qty"], ascending=False)
        names = {"item_id": "", "name_zh": "全部", "name_en": TOTAL, "options_zh": "", "options_en": ""}
        total = {"category": category, **names, "qty": rows["qty"].sum(), "revenue_fen": rows["revenue_fen"].sum()}
        parts += [pd.DataFrame([total]), rows]
    table = pd.concat(parts, ignore_index=True) if parts else sold
    return table.rename(
        columns={
            "category": "Category",
            **_LINE_COLUMNS,
            "revenue_fen": "Revenue (fen)",
        }
    ).astype({"Quantity": "int64", "Revenue (fen)": "int64"})


def service_times(data: ReportData) -> pd.DataFrame:
    """Per kind, for all staff and then each staff member: seconds from the customer's tap to each step (median,
    90th percentile, worst, count), and the share taken (accepted; a renewal, done) within the kind's amber limit.

    A step counts for the staff member who took it."""
    waits = data.waits
    limits = pd.Series({kind: getattr(data.limits, kind)[0] for kind in KINDS})
    first = waits[_first_steps(waits)]
    within = first["seconds"] < first["kind"].map(limits).astype("int64") * 60
    taken = pd.DataFrame({"kind": first["kind"], "by": first["by"], "within": within})
    parts = [_per_kind_and_staff(taken, "within", {"Taken": "size", "Within limit": "mean"})]
    for step in STEPS:
        reached = waits.loc[waits["step"] == step, ["kind", "by", "seconds"]]
        label = step.capitalize()
        hows = {"median (s)": "median", "p90 (s)": _p90, "worst (s)": "max", "count": "size"}
        parts.append(_per_kind_and_staff(reached, "seconds", {f"{label} {name}": how for name, how in hows.items()}))
    table = pd.concat(parts, axis=1)
    for kind in KINDS:  # every kind has its own row, served or not
        if (kind, ALL_STAFF) not in table.index:
            table.loc[(kind, ALL_STAFF), :] = None
    counts = ["Taken", *(f"{step.capitalize()} count" for step in STEPS)]
    table[counts] = table[counts].fillna(0).astype("int64")
    table.insert(2, "Limit (min)", table.index.get_level_values(0).map(limits).astype("int64"))
    table.index.names = ["Kind", "Staff"]
    table = table.reset_index()
    # The kinds' own rows first, together (the chart shows them), then each staff member's; kinds in their order.
    order = table["Kind"].map({kind: n for n, kind in enumerate(KINDS)})
    table = table.assign(_all=table["Staff"] != ALL_STAFF, _kind=order).sort_values(["_all", "_kind", "Staff"])
    return table.drop(columns=["_all", "_kind"]).reset_index(drop=True)


def _first_steps(waits: pd.DataFrame) -> pd.Series:
    """Which of `waits` are their request's FIRST_STEP."""
    first = pd.Series(False, index=waits.index)
    for kind, step in FIRST_STEP.items():
        first |= (waits["kind"] == kind) & (waits["step"] == step)
    return first


def _p90(values: pd.Series) -> float:
    return float(values.quantile(0.9))


def _per_kind_and_staff(frame: pd.DataFrame, column: str, hows: dict[str, object]) -> pd.DataFrame:
    """Each of `hows` (column name: aggregation) of `column` per kind over all staff (`ALL_STAFF`), and per (kind,
    staff member). Kinds and names are made categories first: grouped on, they are hashed once, not per figure."""
    frame = frame.astype({"kind": "category", "by": "category"})
    every = frame.groupby("kind", observed=True)[column].agg(**hows)
    every.index = pd.MultiIndex.from_arrays([every.index.astype(str), [ALL_STAFF] * len(every)], names=["kind", "by"])
    each = frame.groupby(["kind", "by"], observed=True)[column].agg(**hows)
    each.index = each.index.set_levels([level.astype(str) for level in each.index.levels])
    return pd.concat([every, each])


def hours(data: ReportData) -> pd.DataFrame:
    """Requests per hour of the day (when the hub received them, the venue's time) per kind, from the hour the
    business day starts: the café's busy hours."""
    counts = data.slots.pivot_table(index="hour", columns="kind", values="requests", aggfunc="sum", fill_value=0)
    counts = counts.reindex(columns=list(KINDS), fill_value=0)
    start = data.period.day_starts_at.hour
    order = [(start + n) % 24 for n in range(24)]
    counts = counts.reindex(order, fill_value=0).astype("int64")
    counts.columns = [kind.capitalize() for kind in KINDS]
    counts["All"] = counts.sum(axis=1)
    counts.insert(0, "Hour", [f"{hour:02d}:00" for hour in order])
    return counts.reset_index(drop=True)


_SHIFTS = ShiftRow.__table__
_OPENED = _SHIFTS.c.opened_at
_PERIOD_START = bindparam("start", type_=_OPENED.type)
_PERIOD_END = bindparam("end", type_=_OPENED.type)
_READ_SHIFTS = Prepared(
    select(
        _SHIFTS.c.id,
        _OPENED,
        _SHIFTS.c.opened_by,
        _SHIFTS.c.closed_at,
        _SHIFTS.c.closed_by,
        _SHIFTS.c.float_fen,
        _SHIFTS.c.expected_fen,
        _SHIFTS.c.counted_fen,
        _SHIFTS.c.note,
    )
    .where(_OPENED >= _PERIOD_START, _OPENED < _PERIOD_END)
    .order_by(_OPENED, _SHIFTS.c.id)
)


def shifts(data: ReportData) -> pd.DataFrame:
    """Each cashier's shift opened in the period (a shift, like a request, belongs to the business day it began
    in), in order: when it opened and closed (the venue's time) and who did, the float put in the drawer, the cash
    the hub expected there at the close, the cash counted and the difference (counted − expected: over, or short
    when negative), as the close recorded them. A shift still open has no close, count or difference yet."""
    rows = data.frame(_READ_SHIFTS)
    zone = data.period.zone
    expected, counted = rows["expected_fen"].astype("Int64"), rows["counted_fen"].astype("Int64")
    return pd.DataFrame(
        {
            "Shift": rows["id"].astype("int64"),
            "Opened": _local(utc_times(rows["opened_at"]), zone),
            "Opened by": rows["opened_by"],
            "Closed": _local(utc_times(rows["closed_at"]), zone),
            "Closed by": rows["closed_by"],
            "Float (fen)": rows["float_fen"].astype("Int64"),
            "Expected cash (fen)": expected,
            "Counted cash (fen)": counted,
            "Difference (fen)": counted - expected,
            "Note": rows["note"],
        }
    )


def _local(times: pd.Series, zone: tzinfo) -> pd.Series:
    """UTC times as the venue's clock showed them, without a zone (Excel has none)."""
    return times.dt.tz_convert(zone).dt.tz_localize(None)


def requests(data: ReportData) -> pd.DataFrame:
    """Every request, a row for each of its lines (a call has none: one row): the raw data, for pivots."""
    zone = data.period.zone
    r = data.requests

    def local(column: str) -> pd.Series:
        return _local(r[column], zone)

    head = pd.DataFrame(
        {
            "Request": r["id"],
            "Day": r["day"].dt.date,
            "Seat": r["seat"],
            "Kind": r["kind"],
            "State": r["state"],
            "Payment": r["payment"].fillna("on delivery"),
            "Total (fen)": r["total_fen"],
            "Tapped": local("since"),
            "Received": local("created"),
            **{f"{state.capitalize()}": local(f"{state}_at") for state in (*STEPS, "cancelled")},
            **{f"{state.capitalize()} by": r[f"{state}_by"] for state in (*STEPS, "cancelled")},
            "Cancel reason": r["cancel_reason"],
            "Calls": r["calls"],
            "Note": r["note"],
        }
    )
    lines = data.lines.rename(
        columns={
            "request_id": "Request",
            "position": "Line",
            **_LINE_COLUMNS,
            "price_fen": "Price (fen)",
            "minutes": "Minutes",
        }
    ).drop(columns=["category", "revenue_fen"])
    table = head.merge(lines, on="Request", how="left", sort=False)
    return table.sort_values(["Request", "Line"], kind="stable", ignore_index=True)


def _request_rows(data: ReportData) -> int:
    return data.raw_rows


def _days_shown(table: pd.DataFrame) -> int:
    return len(table) - 1  # the total row is not a day


def _kinds_shown(table: pd.DataFrame) -> int:
    return int((table["Staff"] == ALL_STAFF).sum())


SHEETS: tuple[Sheet, ...] = (
    Sheet("Summary", summary, Chart("Revenue per day", "Day", ("Revenue (fen)",), "Revenue (¥)", _days_shown)),
    Sheet("Items", items),
    Sheet(
        "Service times",
        service_times,
        Chart(
            "Median time from the tap (s)",
            "Kind",
            ("Accepted median (s)", "Done median (s)"),
            "seconds",
            _kinds_shown,
        ),
    ),
    Sheet(
        "Hours",
        hours,
        Chart("Requests per hour", "Hour", tuple(kind.capitalize() for kind in KINDS), "requests", len, stacked=True),
    ),
    Sheet("Shifts", shifts),
    Sheet("Requests", requests, most_rows=RAW_ROWS_IN_A_WORKBOOK, rows=_request_rows),
)


def build(
    data: ReportData, sheets: tuple[Sheet, ...] = SHEETS, *, for_workbook: bool = False
) -> list[tuple[Sheet, pd.DataFrame]]:
    """Each sheet's table; for a workbook, a sheet past its `most_rows` is a line saying where its rows are
    instead (and is not made: a million rows merged for nothing)."""
    return [
        (sheet, _too_long(sheet, data) if for_workbook and _over(sheet, data) else sheet.table(data))
        for sheet in sheets
    ]


def _over(sheet: Sheet, data: ReportData) -> bool:
    return sheet.most_rows is not None and sheet.rows is not None and sheet.rows(data) > sheet.most_rows


def _too_long(sheet: Sheet, data: ReportData) -> pd.DataFrame:
    assert sheet.rows is not None
    return pd.DataFrame(
        {"Too many rows for a workbook": [f"{sheet.rows(data):,} rows: `netbar report --format csv` writes them all"]}
    )
