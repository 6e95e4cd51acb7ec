"""A manager's report over the wire: the period's charts and workbook, built by netbar.reports on a thread.

A report reads a period's rows on a read-only connection of its own (netbar.reports.data.reading: never the
writer, whose commands go on meanwhile) and builds its tables with pandas, which can take seconds and
holds a core: off the event loop, and one at a time hub-wide (a second ask is told `busy`). netbar.reports, with
pandas and XlsxWriter, is imported only when the first report is asked for: a hub that never makes one never
loads them.
"""

import asyncio
import logging
from dataclasses import dataclass
from datetime import time
from typing import TYPE_CHECKING

from sqlalchemy import URL

from netbar.domain.ageing import AgeLimits
from netbar.domain.errors import CommandRejected, ErrorCode
from netbar.domain.report_charts import ReportCharts
from netbar.wire.frames import REPORT_DAYS_AT_MOST, ReportGet

if TYPE_CHECKING:
    from netbar.reports.period import Period

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class VenueDays:
    """How the venue's business days fall (the hub's `day_starts_at` and `time_zone`, as for `netbar report`)."""

    day_starts_at: time = time(6, 0)
    time_zone: str | None = None  # an IANA name; None: the hub PC's own zone


DEFAULT_VENUE_DAYS = VenueDays()


@dataclass(frozen=True)
class BuiltReport:
    charts: ReportCharts
    workbook: bytes  # the .xlsx `netbar report` writes for the same period


class Reporting:
    def __init__(self, db_url: URL, limits: AgeLimits, days: VenueDays) -> None:
        self._db_url = db_url.render_as_string(hide_password=False)
        self._shown_url = str(db_url)  # its password masked: a refusal goes to a window
        self._limits = limits
        self._days = days
        self._running = False

    async def build(self, asked: ReportGet) -> BuiltReport:
        """The report for the period asked; CommandRejected: `invalid` for a period that cannot be reported (it
        ends before it starts, is too long, or has no requests), `busy` while another report is being made."""
        period = self._period(asked)
        if self._running:
            raise CommandRejected(ErrorCode.BUSY, "another report is being made; ask again when it is done")
        self._running = True
        started = asyncio.get_running_loop().time()
        try:
            built = await asyncio.to_thread(self._build, period)
        finally:
            self._running = False
        took = asyncio.get_running_loop().time() - started
        _LOGGER.info("report for %s: %d bytes in %.1f s", period.describe(), len(built.workbook), took)
        return built

    def _period(self, asked: ReportGet) -> "Period":
        from netbar.reports.period import Period, ReportError, venue_zone

        try:
            period = Period(asked.first, asked.last, self._days.day_starts_at, venue_zone(self._days.time_zone))
        except ReportError as error:
            raise CommandRejected(ErrorCode.INVALID, str(error)) from None
        if len(period.days) > REPORT_DAYS_AT_MOST:
            raise CommandRejected(
                ErrorCode.INVALID,
                f"a report covers at most {REPORT_DAYS_AT_MOST} days; `netbar report` at the hub covers longer",
            )
        return period

    def _build(self, period: "Period") -> BuiltReport:
        """On a worker thread: read, build the sheets, write the workbook to memory."""
        from netbar.reports.charts import report_charts
        from netbar.reports.period import ReportError
        from netbar.reports.report import report_tables, workbook_bytes

        try:
            tables = report_tables(self._db_url, period, self._limits, for_workbook=True)
        except ReportError as error:
            raise CommandRejected(ErrorCode.INVALID, str(error).replace(self._db_url, self._shown_url)) from None
        return BuiltReport(report_charts(period, tables), workbook_bytes(tables))
