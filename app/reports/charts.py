"""The report's tables the staff window draws, taken from the sheets as plain values: the Summary's total, the
Service times' rows for all staff, and the Hours."""

import pandas as pd

from netbar.domain.report_charts import HourCounts, KindTimes, ReportCharts, ReportFigures
from netbar.domain.requests import RequestKind
from netbar.reports.period import Period
from netbar.reports.sheets import ALL_STAFF, Sheet


def report_charts(period: Period, tables: list[tuple[Sheet, pd.DataFrame]]) -> ReportCharts:
    """The charts' tables of a report built for `period` (netbar.reports.report.report_tables)."""
    sheets = {sheet.name: table for sheet, table in tables}
    total = sheets["Summary"].iloc[-1]  # the Total row, after the days
    figures = ReportFigures(
        requests=int(total["Requests"]),
        done=int(total["Done"]),
        cancelled=int(total["Cancelled"]),
        revenue_fen=int(total["Revenue (fen)"]),
        time_sold_min=int(total["Time sold (min)"]),
    )
    times = sheets["Service times"]
    service_times = tuple(
        KindTimes(
            kind=RequestKind(row["Kind"]),
            accepted_median_s=_seconds(row["Accepted median (s)"]),
            accepted_p90_s=_seconds(row["Accepted p90 (s)"]),
            done_median_s=_seconds(row["Done median (s)"]),
            done_p90_s=_seconds(row["Done p90 (s)"]),
            done=int(row["Done count"]),
        )
        for _, row in times[times["Staff"] == ALL_STAFF].iterrows()
    )
    hours = tuple(
        HourCounts(hour=row["Hour"], requests={kind: int(row[kind.value.capitalize()]) for kind in RequestKind})
        for _, row in sheets["Hours"].iterrows()
    )
    return ReportCharts(first=period.first, last=period.last, figures=figures, service_times=service_times, hours=hours)


def _seconds(value: float) -> float | None:
    """A figure of the table, None where it has none (no request got that far)."""
    return None if pd.isna(value) else float(value)
