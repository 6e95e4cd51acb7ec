"""A manager's work over a real hub: staff users added and disabled from the Staff tab, and a price changed on the
Menu tab that every kiosk shows."""

from PySide6.QtCore import Qt

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
