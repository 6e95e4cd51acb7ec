"""The Reports tab, a manager's: pick the business days, see the period's figures and its service-time and
busy-hour charts, and save the workbook `netbar report` writes for the same days.

The hub makes the report (seconds, for a month) while the rest of the window goes on; the tab says "Working…"
meanwhile. A period the hub cannot report (it ends before it starts, is too long, holds no requests) is said here
and what was shown stays.
"""

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import QDateEdit, QFileDialog, QHBoxLayout, QVBoxLayout, QWidget

from netbar.domain.money import format_fen
from netbar.domain.report_charts import ReportCharts
from netbar.domain.requests import RequestKind
from netbar.gui.texts import kind_name, staff_refusal_text
from netbar.gui.touch import MIN_TARGET, TouchButton, label
from netbar.staff.bar_chart import BarChart, ChartData
from netbar.staff.reports_model import ReportsModel
from netbar.wire.frames import REPORT_DAYS_AT_MOST

# The quick choices beside the dates, as days back from today (today included): typing a date on a touchscreen
# is slow, and these are what an owner asks for.
PRESETS = (1, 7, 30)
DEFAULT_DAYS = 7


class ReportsPanel(QWidget):
    """A period's report, through the reports model: `ask` on Show, the workbook's bytes saved on Save."""

    def __init__(
        self, reports: ReportsModel, parent: QWidget | None = None, *, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(parent)
        self._reports = reports
        self._today = today

        self.from_edit, self.to_edit = _date_edit("from"), _date_edit("to")
        self._from_label, self._to_label = label("hint"), label("hint")
        self.preset_buttons = {days: TouchButton() for days in PRESETS}
        for days, button in self.preset_buttons.items():
            button.clicked.connect(lambda _=False, days=days: self.choose_last(days))
        self.show_button = TouchButton(role="primary")
        self.show_button.setAccessibleName("show report")
        self.show_button.clicked.connect(self.show_report)
        self.save_button = TouchButton()
        self.save_button.setAccessibleName("save report")
        self.save_button.clicked.connect(self.save_report)
        self.save_button.setEnabled(False)

        self.status = label("hint", wrap=True)
        self.failure = label("failure", wrap=True)
        self.failure.hide()
        self.title = label("sectionTitle", wrap=True)
        self.figures = label("summary", wrap=True)
        self.service_chart, self.hours_chart = BarChart(), BarChart()

        dates = QHBoxLayout()
        for widget, share in (
            (self._from_label, 0),
            (self.from_edit, 2),
            (self._to_label, 0),
            (self.to_edit, 2),
            (self.show_button, 2),
            (self.save_button, 2),
        ):
            dates.addWidget(widget, share)
        presets = QHBoxLayout()
        for button in self.preset_buttons.values():
            presets.addWidget(button, 1)
        charts = QHBoxLayout()
        charts.addWidget(self.service_chart, 1)
        charts.addWidget(self.hours_chart, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(dates)
        layout.addLayout(presets)
        layout.addWidget(self.status)
        layout.addWidget(self.failure)
        layout.addWidget(self.title)
        layout.addWidget(self.figures)
        layout.addLayout(charts, 1)

        reports.workingChanged.connect(self._on_working)
        reports.reportShown.connect(self._on_shown)
        reports.reportRefused.connect(self._on_refused)
        reports.saved.connect(self._on_saved)
        reports.saveFailed.connect(self._on_save_failed)
        self.choose_last(DEFAULT_DAYS)
        self.retranslate()

    # Intents

    def choose_last(self, days: int) -> None:
        """The last `days` business days, today's included."""
        today = self._today()
        self.from_edit.setDate(_qdate(today - timedelta(days=days - 1)))
        self.to_edit.setDate(_qdate(today))

    @Slot()
    def show_report(self) -> None:
        first, last = _day(self.from_edit.date()), _day(self.to_edit.date())
        if last < first:
            self._say_failure(self.tr("The period ends before it starts: choose the days again."))
            return
        if (last - first).days + 1 > REPORT_DAYS_AT_MOST:
            self._say_failure(self.tr("A report covers at most %1 days.").replace("%1", str(REPORT_DAYS_AT_MOST)))
            return
        self.failure.hide()
        self._reports.ask(first, last)

    @Slot()
    def save_report(self) -> None:
        charts = self._reports.charts
        if charts is None or self._reports.workbook is None:
            return
        suggested = Path.home() / f"netbar-report-{charts.first}-to-{charts.last}.xlsx"
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the report"), str(suggested), self.tr("Excel workbook (*.xlsx)")
        )
        if not chosen:
            return
        path = Path(chosen)
        self._reports.save(path if path.suffix.lower() == ".xlsx" else path.with_name(f"{path.name}.xlsx"))

    # From the model

    def _on_working(self, working: bool) -> None:
        self.show_button.setEnabled(not working)
        self.status.setText(self.tr("Working…") if working else "")

    def _on_shown(self) -> None:
        self.failure.hide()
        self.save_button.setEnabled(True)
        self._draw()

    def _on_refused(self, code: str, message: str) -> None:
        reason = f"{staff_refusal_text(code)} ({message})" if message else staff_refusal_text(code)
        self._say_failure(self.tr("No report: %1").replace("%1", reason))

    def _on_saved(self, path: str) -> None:
        self.status.setText(self.tr("Saved: %1").replace("%1", path))

    def _on_save_failed(self, path: str, why: str) -> None:
        self._say_failure(self.tr("Could not save %1: %2").replace("%1", path).replace("%2", why))

    # Drawing

    def _say_failure(self, text: str) -> None:
        self.failure.setText(text)
        self.failure.show()

    def _draw(self) -> None:
        charts = self._reports.charts
        if charts is None:
            self.title.setText(self.tr("Choose the days and tap Show."))
            self.figures.setText("")
            self.service_chart.show_data(None)
            self.hours_chart.show_data(None)
            return
        period = self.tr("Report for %1 to %2").replace("%1", str(charts.first)).replace("%2", str(charts.last))
        self.title.setText(period)
        self.figures.setText(self.figures_text(charts))
        self.service_chart.show_data(self.service_data(charts))
        self.hours_chart.show_data(self.hours_data(charts))

    def figures_text(self, charts: ReportCharts) -> str:
        figures = charts.figures
        hours, minutes = divmod(figures.time_sold_min, 60)
        time_sold = self.tr("%1 h %2 min").replace("%1", str(hours)).replace("%2", str(minutes))
        text = self.tr("Revenue %1 · requests %2 · done %3 · cancelled %4 · time sold %5")
        for n, value in enumerate(
            (format_fen(figures.revenue_fen), figures.requests, figures.done, figures.cancelled, time_sold), 1
        ):
            text = text.replace(f"%{n}", str(value))
        return text

    def service_data(self, charts: ReportCharts) -> ChartData:
        """Per kind, minutes from the customer's tap: the bars of the workbook's chart, and the slow tail."""
        rows = charts.service_times
        return ChartData(
            self.tr("Median minutes from the customer's tap"),
            tuple(kind_name(row.kind) for row in rows),
            (self.tr("to accepted"), self.tr("to done"), self.tr("to done (slowest 10%)")),
            tuple(
                tuple(_minutes(seconds) for seconds in column)
                for column in (
                    [row.accepted_median_s for row in rows],
                    [row.done_median_s for row in rows],
                    [row.done_p90_s for row in rows],
                )
            ),
        )

    def hours_data(self, charts: ReportCharts) -> ChartData:
        kinds = tuple(RequestKind)  # in the lanes' order, as the workbook's columns
        return ChartData(
            self.tr("Requests per hour of the day"),
            tuple(row.hour for row in charts.hours),
            tuple(kind_name(kind) for kind in kinds),
            tuple(tuple(float(row.requests.get(kind, 0)) for row in charts.hours) for kind in kinds),
            stacked=True,
        )

    def preset_name(self, days: int) -> str:
        return {1: self.tr("Today"), 7: self.tr("Last 7 days"), 30: self.tr("Last 30 days")}[days]

    def retranslate(self) -> None:
        self._from_label.setText(self.tr("From"))
        self._to_label.setText(self.tr("To"))
        for days, button in self.preset_buttons.items():
            button.setText(self.preset_name(days))
        self.show_button.setText(self.tr("Show"))
        self.save_button.setText(self.tr("Save as Excel…"))
        self._on_working(self._reports.working)
        self._draw()


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)  # a month to tap on, rather than digits to type
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumHeight(MIN_TARGET)
    edit.setAccessibleName(name)
    return edit


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _minutes(seconds: float | None) -> float:
    return 0.0 if seconds is None else seconds / 60
