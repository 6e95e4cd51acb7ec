"""The Reports tab: Show asks the hub for the days chosen and says "Working…" until the report comes, then draws
its figures and both charts; Save as Excel… writes the workbook where the manager chose; a period that cannot be
reported is said in the tab, nothing is asked, and what was shown stays."""

import asyncio
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from netbar.bus import EventBus
from netbar.domain.errors import CommandRejected, ErrorCode
from netbar.domain.report_charts import HourCounts, KindTimes, ReportCharts, ReportFigures
from netbar.domain.requests import RequestKind
from netbar.link.events import AskReport, ReportArrived
from netbar.staff.bar_chart import SERIES_COLOURS
from netbar.staff.reports_model import ReportsModel
from netbar.staff.reports_panel import ReportsPanel

TODAY = date(2026, 11, 21)
WORKBOOK = b"PK\x03\x04 the workbook's bytes, as the hub sent them"
CHARTS = ReportCharts(
    first=date(2026, 11, 15),
    last=date(2026, 11, 21),
    figures=ReportFigures(requests=9, done=6, cancelled=3, revenue_fen=4750, time_sold_min=240),
    service_times=(
        KindTimes(kind=RequestKind.RENEWAL, accepted_median_s=None, accepted_p90_s=None, done_median_s=390,
                  done_p90_s=606, done=2),
        KindTimes(kind=RequestKind.FOOD, accepted_median_s=555, accepted_p90_s=831, done_median_s=915,
                  done_p90_s=1143, done=2),
        KindTimes(kind=RequestKind.DRINK, accepted_median_s=60, accepted_p90_s=60, done_median_s=255,
                  done_p90_s=291, done=2),
        KindTimes(kind=RequestKind.CALL, accepted_median_s=60, accepted_p90_s=60, done_median_s=300,
                  done_p90_s=300, done=1),
    ),
    hours=tuple(
        HourCounts(hour=f"{(6 + n) % 24:02d}:00", requests={kind: (2 if n == 4 else 0) for kind in RequestKind})
        for n in range(24)
    ),
)  # fmt: skip


class Tab:
    """The panel on a bus of its own, and what it asked the hub for."""

    def __init__(self, qtbot: QtBot) -> None:
        self.bus = EventBus()
        self.asked: list[AskReport] = []
        self.bus.subscribe(AskReport, self.asked.append)
        self.reports = ReportsModel(self.bus)
        self.panel = ReportsPanel(self.reports, today=lambda: TODAY)
        qtbot.addWidget(self.panel)
        self.panel.resize(1000, 700)
        self.panel.show()
        qtbot.waitExposed(self.panel)

    def answer(self, charts: ReportCharts = CHARTS) -> None:
        self.bus.publish(ReportArrived(charts.first, charts.last, charts, WORKBOOK))


@pytest.fixture
def tab(qapp: QApplication, qtbot: QtBot) -> Iterator[Tab]:
    made = Tab(qtbot)
    yield made
    made.reports.close()


def test_show_asks_for_the_last_seven_days_and_draws_the_figures_and_both_charts(qtbot: QtBot, tab: Tab) -> None:
    panel = tab.panel
    assert panel.title.text() == "Choose the days and tap Show."
    assert not panel.save_button.isEnabled()  # nothing to save yet
    qtbot.mouseClick(panel.show_button, Qt.MouseButton.LeftButton)
    assert tab.asked == [AskReport(date(2026, 11, 15), date(2026, 11, 21))]
    assert panel.status.text() == "Working…"
    assert not panel.show_button.isEnabled()  # one at a time; the rest of the window goes on

    tab.answer()
    assert panel.status.text() == ""
    assert panel.show_button.isEnabled()
    assert panel.save_button.isEnabled()
    assert panel.title.text() == "Report for 2026-11-15 to 2026-11-21"
    assert panel.figures.text() == "Revenue ¥47.50 · requests 9 · done 6 · cancelled 3 · time sold 4 h 0 min"
    service = panel.service_chart.data()
    assert service is not None
    assert service.categories == ("Renew time", "Food", "Drinks", "Call staff")
    assert service.title == "Median minutes from the customer's tap"
    assert service.series == ("to accepted", "to done", "to done (slowest 10%)")
    assert service.values[0] == (0.0, 9.25, 1.0, 1.0)  # minutes; a renewal is never accepted
    assert service.values[1] == (6.5, 15.25, 4.25, 5.0)
    hours = panel.hours_chart.data()
    assert hours is not None
    assert hours.stacked
    assert hours.categories[:2] == ("06:00", "07:00")
    assert len(hours.categories) == 24
    assert [values[4] for values in hours.values] == [2.0, 2.0, 2.0, 2.0]  # 10:00, every kind
    for chart in (panel.service_chart, panel.hours_chart):
        image = chart.grab().toImage()
        painted = {image.pixelColor(x, y).name() for x in range(0, image.width(), 2) for y in range(image.height())}
        assert SERIES_COLOURS[0].name() in painted  # bars drawn, not only told


def test_save_as_excel_writes_the_workbook_where_the_manager_chose(
    qtbot: QtBot, tab: Tab, qloop: asyncio.AbstractEventLoop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    offered: list[str] = []

    def choose(parent: object, title: str, suggested: str, kinds: str) -> tuple[str, str]:
        offered.append(Path(suggested).name)
        return str(tmp_path / "week"), kinds

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    tab.panel.show_button.click()
    tab.answer()
    tab.panel.save_button.click()
    assert offered == ["netbar-report-2026-11-15-to-2026-11-21.xlsx"]
    saved = tmp_path / "week.xlsx"
    qtbot.waitUntil(lambda: tab.panel.status.text() == f"Saved: {saved}")
    assert saved.read_bytes() == WORKBOOK
    assert sorted(path.name for path in tmp_path.iterdir()) == ["week.xlsx"]  # nothing half-written left beside it

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_: (str(tmp_path / "gone" / "r.xlsx"), ""))
    tab.panel.save_button.click()
    qtbot.waitUntil(tab.panel.failure.isVisible)
    assert tab.panel.failure.text().startswith(f"Could not save {tmp_path / 'gone' / 'r.xlsx'}: ")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_: ("", ""))  # the manager changed their mind
    tab.panel.save_button.click()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["week.xlsx"]


def test_a_period_that_cannot_be_reported_is_said_and_what_was_shown_stays(tab: Tab) -> None:
    panel = tab.panel
    panel.show_button.click()
    tab.answer()
    shown = panel.figures.text()

    panel.from_edit.setDate(panel.to_edit.date().addDays(1))
    panel.show_button.click()
    assert tab.asked == [AskReport(date(2026, 11, 15), date(2026, 11, 21))]  # nothing more asked
    assert panel.failure.isVisible()
    assert panel.failure.text() == "The period ends before it starts: choose the days again."

    panel.preset_buttons[30].click()
    assert (panel.from_edit.date().toString("yyyy-MM-dd"), panel.to_edit.date().toString("yyyy-MM-dd")) == (
        "2026-10-23",
        "2026-11-21",
    )
    panel.show_button.click()
    assert not panel.failure.isVisible()
    refusal = CommandRejected(ErrorCode.INVALID, "no requests from 2026-10-23 to 2026-11-21: nothing to report")
    tab.bus.publish(ReportArrived(date(2026, 10, 23), date(2026, 11, 21), error=refusal))
    assert panel.failure.text() == (
        "No report: the hub cannot accept that as it is (no requests from 2026-10-23 to 2026-11-21: nothing to report)"
    )
    assert panel.status.text() == ""
    assert panel.show_button.isEnabled()
    assert panel.figures.text() == shown
    assert panel.title.text() == "Report for 2026-11-15 to 2026-11-21"
    assert panel.save_button.isEnabled()  # the report shown can still be saved
