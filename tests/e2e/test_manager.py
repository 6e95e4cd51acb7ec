"""A manager's work over a real hub: staff users added and disabled from the Staff tab, a price changed on the
Menu tab that every kiosk shows, and the week's report shown and saved from the Reports tab."""

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from netbar.domain.requests import RequestKind
from netbar.domain.staff import StaffRole
from netbar.launch_staff import StaffDesk
from netbar.staff.menu_panel import PRICE
from netbar.staff.staff_panel import StaffPanel
from tests.support.cafe import Cafe


def test_a_manager_adds_a_cashier_who_signs_in_as_one_and_is_signed_out_when_disabled(cafe: Cafe) -> None:
    manager = cafe.staff()
    panel = StaffPanel(manager.model)
    cafe.qtbot.addWidget(panel)
    panel.resize(1024, 700)
    panel.show()
    cafe.qtbot.waitUntil(lambda: panel.row_of("li") is not None)

    cafe.click(panel.add_button)
    cafe.qtbot.keyClicks(panel.name_edit, "wang")
    cafe.qtbot.keyClicks(panel.password_edit, "cashier-pass")
    cafe.qtbot.keyClicks(panel.repeat_edit, "cashier-pass")
    cafe.click(panel.save_button)
    cafe.qtbot.waitUntil(lambda: "wang" in manager.model.staff_users, timeout=10_000)  # Argon2 takes a moment
    assert panel.notice.text() == "wang added as Cashier: they can sign in now."
    assert panel.failure.isHidden()

    cashier = cafe.run(StaffDesk.start("wang", "cashier-pass", cafe.hub.url, cafe.translations))
    cafe.desks.append(cashier)
    cafe.qtbot.waitUntil(lambda: cashier.model.connected, timeout=10_000)
    assert cashier.model.me is not None
    assert cashier.model.me.role is StaffRole.CASHIER
    assert not cashier.window.menu_panel.editable  # prices and stock are not theirs

    panel.select("wang")
    cafe.click(panel.enable_button)
    assert panel.confirm_text.text() == "Disable wang? They are signed out at once."
    cafe.click(panel.confirm_button)
    cafe.qtbot.waitUntil(lambda: not cashier.model.connected, timeout=10_000)  # the hub looks every 2 s
    assert panel.notice.text() == "wang is disabled and signed out."
    assert not manager.model.staff_users["wang"].enabled


def test_a_price_changed_on_the_menu_tab_shows_on_the_kiosk(cafe: Cafe) -> None:
    kiosk, desk = cafe.kiosk("A01"), cafe.staff()
    cafe.click(kiosk.window.home.buttons[RequestKind.DRINK])
    cola = next(row for row in kiosk.window.drinks._rows if row.item_id == "cola")
    assert cola.price.text() == "¥3.50"

    panel = desk.window.menu_panel
    desk.window.tabs.setCurrentWidget(panel)
    cafe.qtbot.waitUntil(lambda: panel.editable)
    row = panel.row_of("cola")
    assert row is not None
    price = panel.table.item(row, PRICE)
    assert price is not None
    panel.table.scrollToItem(price)
    cafe.qtbot.mouseClick(
        panel.table.viewport(), Qt.MouseButton.LeftButton, pos=panel.table.visualItemRect(price).center()
    )
    assert panel.editor.isVisible()
    panel.price_edit.selectAll()
    cafe.qtbot.keyClicks(panel.price_edit, "4.2")
    cafe.click(panel.save_button)

    cafe.qtbot.waitUntil(lambda: cola.price.text() == "¥4.20")
    assert panel.table.item(row, PRICE).text() == "¥4.20"  # type: ignore[union-attr]
    assert desk.window.failure.isHidden()


def test_the_reports_tab_shows_the_weeks_report_and_saves_its_workbook(
    cafe: Cafe, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seat = cafe.run(cafe.hub.raw_kiosk("A01"))
    assert cafe.run(seat.command("place_request", {"kind": "call", "lines": []}))["type"] == "ack"
    desk = cafe.staff()
    panel = desk.window.reports_panel
    desk.window.tabs.setCurrentWidget(panel)
    cafe.click(panel.show_button)  # the last 7 days, today's included: the call is in it
    assert panel.status.text() == "Working…"
    cafe.qtbot.waitUntil(panel.save_button.isEnabled, timeout=60_000)  # pandas' first import, on the hub's thread
    assert panel.figures.text() == "Revenue ¥0.00 · requests 1 · done 0 · cancelled 0 · time sold 0 h 0 min"
    hours = panel.hours_chart.data()
    assert hours is not None
    assert sum(sum(values) for values in hours.values) == 1

    saved = tmp_path / "week.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_: (str(saved), ""))
    cafe.click(panel.save_button)
    cafe.qtbot.waitUntil(lambda: panel.status.text() == f"Saved: {saved}")
    summary = list(openpyxl.load_workbook(saved)["Summary"].iter_rows(values_only=True))
    assert summary[-1][:2] == ("Total", 1)
    cafe.run(seat.close())
