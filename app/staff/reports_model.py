"""A manager's reports in the staff window: ask the hub for a period's report and keep the last one shown, its
charts' tables and its workbook, until the manager saves it where they choose.

The window never reads the database or runs pandas: the hub makes the report (netbar.hub.reporting) and the link
brings it (`AskReport`, `ReportArrived`). Saving is disk work, done on a worker thread so the window never waits
on a slow USB stick.
"""

import asyncio
import logging
import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from netbar.bus import EventBus
from netbar.domain.report_charts import ReportCharts
from netbar.link.events import AskReport, ReportArrived

_LOGGER = logging.getLogger(__name__)


class ReportsModel(QObject):
    """Signals:
    workingChanged(bool): a report was asked for and is being made (True), or has come or been refused (False).
    reportShown(): `charts` and `workbook` are the period's just arrived.
    reportRefused(str, str): no report came: the error code and the hub's (or the link's) words; what was shown
        before stays.
    saved(str): the workbook was written to this file.
    saveFailed(str, str): the file, and why it could not be written.
    """

    workingChanged = Signal(bool)
    reportShown = Signal()
    reportRefused = Signal(str, str)
    saved = Signal(str)
    saveFailed = Signal(str, str)

    def __init__(self, bus: EventBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.charts: ReportCharts | None = None
        self.workbook: bytes | None = None
        self.working = False
        self._bus = bus
        self._saving: set[asyncio.Task[None]] = set()
        self._unsubscribe = bus.subscribe(ReportArrived, self._on_arrived)

    def ask(self, first: date, last: date) -> None:
        """The report for the business days `first` to `last`; one at a time."""
        if self.working:
            return
        self.working = True
        self.workingChanged.emit(True)
        self._bus.publish(AskReport(first, last))

    def save(self, path: Path) -> None:
        """Write the workbook shown to `path`, replacing what is there: `saved` or `saveFailed` says how it went."""
        workbook = self.workbook
        if workbook is None:
            return
        job = asyncio.get_running_loop().create_task(self._save(workbook, path))
        self._saving.add(job)
        job.add_done_callback(self._saving.discard)

    def close(self) -> None:
        self._unsubscribe()

    async def _save(self, workbook: bytes, path: Path) -> None:
        try:
            await asyncio.to_thread(_write_whole, workbook, path)
        except OSError as error:
            _LOGGER.warning("could not save the report to %s: %s", path, error)
            self.saveFailed.emit(str(path), error.strerror or str(error))
            return
        self.saved.emit(str(path))

    def _on_arrived(self, event: ReportArrived) -> None:
        self.working = False
        self.workingChanged.emit(False)
        if event.error is not None:
            self.reportRefused.emit(event.error.code.value, event.error.message)
            return
        self.charts, self.workbook = event.charts, event.workbook
        self.reportShown.emit()


def _write_whole(data: bytes, path: Path) -> None:
    """`data` at `path`, all or nothing: written beside it first and renamed over it, so a full disk never leaves
    half a workbook under the name the manager chose."""
    partial = path.with_name(f".{path.name}.part")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
