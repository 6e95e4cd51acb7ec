"""The report's tables, one function a sheet, each a DataFrame of what the sheet shows.

Money stays in integer fen in every table (columns named `… (fen)`); the writers turn it into yuan only as they
write (netbar.reports.workbook). Times of day are the venue's, without a zone (Excel has none). Service times are
in seconds. Adding a sheet is one function here and one line in SHEETS.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from netbar.reports.data import KINDS, STEPS, ReportData

ALL_STAFF = "All staff"
TOTAL = "Total"
CATEGORIES = ("food", "drink", "time")


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
    requests = data.requests
    done = requests["state"] == "done"
    minutes = data.lines.assign(sold=data.lines["minutes"].fillna(0).astype("int64") * data.lines["qty"])
    sold = minutes.groupby("request_id")["sold"].sum().reindex(requests.index, fill_value=0)
    table = pd.DataFrame(
        {
            "Day": requests["day"],
            "Requests": 1,
            **{kind.capitalize(): (requests["kind"] == kind).astype("int64") for kind in KINDS},
            "Done": done.astype("int64"),
            "Cancelled": (requests["state"] == "cancelled").astype("int64"),
            "Revenue (fen)": requests["total_fen"].where(done, 0),
            "Time sold (min)": sold.where(done & (requests["kind"] == "renewal"), 0),
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
    done_ids = data.requests.index[data.requests["state"] == "done"]
    lines = data.lines[data.lines["request_id"].isin(done_ids)].fillna({"category": ""})
    keys = ["category", "item_id", "name_zh", "name_en", "options_zh", "options_en"]
    sold = lines.groupby(keys, as_index=False)[["qty", "revenue_fen"]].sum()
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
    requests = data.requests
    limits = pd.Series({kind: getattr(data.limits, kind)[0] for kind in KINDS})
    taken = requests["accepted_at"].notna()
    first = pd.DataFrame(
        {
            "kind": requests["kind"],
            "by": requests["accepted_by"].where(taken, requests["done_by"]),
            "within": (requests["accepted_at"].where(taken, requests["done_at"]) - requests["since"]).dt.total_seconds()
            < requests["kind"].map(limits) * 60,
        }
    ).dropna(subset=["by"])
    parts = [_per_kind_and_staff(first, "within", {"Taken": "size", "Within limit": "mean"})]
    for step in STEPS:
        reached = pd.DataFrame(
            {
                "kind": requests["kind"],
                "by": requests[f"{step}_by"],
                "seconds": (requests[f"{step}_at"] - requests["since"]).dt.total_seconds(),
            }
        ).dropna(subset=["by"])
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
    requests = data.requests
    counts = pd.crosstab(requests["hour"], requests["kind"]).reindex(columns=list(KINDS), fill_value=0)
    start = data.period.day_starts_at.hour
    order = [(start + n) % 24 for n in range(24)]
    counts = counts.reindex(order, fill_value=0).astype("int64")
    counts.columns = [kind.capitalize() for kind in KINDS]
    counts["All"] = counts.sum(axis=1)
    counts.insert(0, "Hour", [f"{hour:02d}:00" for hour in order])
    return counts.reset_index(drop=True)


def requests(data: ReportData) -> pd.DataFrame:
    """Every request, a row for each of its lines (a call has none: one row): the raw data, for pivots."""
    zone = data.period.zone
    r = data.requests

    def local(column: str) -> pd.Series:
        return r[column].dt.tz_convert(zone).dt.tz_localize(None)

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
    """The Requests sheet's rows: a row a line, and one for each request without lines."""
    return len(data.lines) + int((~data.requests.index.isin(data.lines["request_id"])).sum())


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
