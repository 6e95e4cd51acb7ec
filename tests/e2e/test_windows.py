"""The kiosk and staff windows working together over a real hub: taps on one show up on the other."""

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from netbar.domain.commands import MAX_QTY, OptionPick, OrderLine
from netbar.domain.requests import Action, RequestKind, ServiceRequest
from netbar.gui.language import Language
from netbar.launch import Kiosk
from netbar.launch_staff import StaffDesk
from netbar.staff.seat_dialog import SeatDialog
from tests.reliability.test_sick_database import impatient_writer
from tests.support.cafe import Cafe, button, pick, row_of, show_section_of
from tests.support.hub import holding_the_write_lock

FOOD = RequestKind.FOOD


def order_noodles(cafe: Cafe, kiosk: Kiosk, count: int = 2, note: str = "no chilli") -> None:
    kiosk_window = kiosk.window
    cafe.click(kiosk_window.home.buttons[FOOD])
    assert kiosk_window.pages.currentWidget() is kiosk_window.food
    for _ in range(count):
        pick(cafe, kiosk, "noodles-beef")
    kiosk_window.food.note.setText(note)
    cafe.click(kiosk_window.food.review_button)
    assert kiosk_window.pages.currentWidget() is kiosk_window.confirm
    cafe.click(kiosk_window.confirm.confirm_button)
    assert kiosk_window.pages.currentWidget() is kiosk_window.home


def the_one_food_request(cafe: Cafe, desk: StaffDesk) -> ServiceRequest:
    """Wait for the food queue on `desk` to hold exactly one request, and return it."""
    queue = desk.window.queues[FOOD]
    cafe.qtbot.waitUntil(lambda: queue.count() == 1)
    request = queue.request_at(0)
    assert request is not None
    return request


def test_a_food_order_goes_to_the_counter_and_its_progress_comes_back(cafe: Cafe) -> None:
    kiosk, desk = cafe.kiosk("A01"), cafe.staff()
    order_noodles(cafe, kiosk)

    request = the_one_food_request(cafe, desk)
    queue = desk.window.queues[FOOD]
    assert (request.seat, request.total_fen, request.note) == ("A01", 1200, "no chilli")
    card = queue.cards[request.id]
    assert "Braised beef instant noodles ×2" in card.details.text()
    assert desk.window.windowTitle() == "(1) Netbar staff — 1 open request(s)"  # one no one has taken yet

    # Three taps on the card itself, each on the step it offers next: accept, send out, done.
    for step, shown in (("Accept", "Accepted"), ("Start delivery", "On the way"), ("Complete", "Done")):
        cafe.qtbot.waitUntil(lambda step=step: card.step_button.text() == step and card.step_button.isEnabled())
        cafe.click(card.step_button)
        cafe.qtbot.waitUntil(lambda shown=shown: kiosk.window.home.entry_texts()[0].endswith(f"— {shown}"))
        assert desk.window.windowTitle() == "Netbar staff — 1 open request(s)" or shown == "Done"
    cafe.qtbot.waitUntil(lambda: queue.count() == 0)


def test_staff_actions_follow_the_lifecycle(cafe: Cafe) -> None:
    kiosk, desk = cafe.kiosk("A01"), cafe.staff()
    cafe.click(kiosk.window.home.buttons[RequestKind.CALL])
    cafe.qtbot.waitUntil(lambda: desk.window.queues[RequestKind.CALL].count() == 1)
    request = desk.window.queues[RequestKind.CALL].request_at(0)
    assert request is not None
    desk.window.select(request.id)
    enabled = {action for action, widget in desk.window.action_buttons.items() if widget.isEnabled()}
    assert enabled == {Action.ACCEPT, Action.CANCEL}  # a call is never "on the way"


def test_staff_cancel_with_a_reason_the_seat_sees(cafe: Cafe) -> None:
    kiosk, desk = cafe.kiosk("A02"), cafe.staff()
    order_noodles(cafe, kiosk, count=1, note="")
    desk.window.select(the_one_food_request(cafe, desk).id)
    cafe.click(desk.window.action_buttons[Action.CANCEL])
    cafe.qtbot.keyClicks(desk.window.reason, "sold out, sorry")
    cafe.qtbot.keyClick(desk.window.reason, Qt.Key.Key_Return)
    cafe.qtbot.waitUntil(lambda: kiosk.window.home.entry_texts()[0].endswith("— Cancelled: sold out, sorry"))
    assert desk.window.queues[FOOD].count() == 0


def test_a_customer_cancels_while_it_is_only_placed(cafe: Cafe) -> None:
    kiosk, desk = cafe.kiosk("A03"), cafe.staff()
    order_noodles(cafe, kiosk, count=1)
    request = the_one_food_request(cafe, desk)
    cafe.qtbot.waitUntil(lambda: kiosk.window.home.entry_texts()[0].endswith("— Placed"))
    cancel = button(kiosk.window, f"cancel {request.id}")
    # Something else on the menu changes just as the finger comes down: the button stays where it is.
    desk.model.set_available("cola", False)
    cafe.qtbot.waitUntil(lambda: not kiosk.model.menu["cola"].available)
    cafe.qtbot.wait(50)
    assert button(kiosk.window, f"cancel {request.id}") is cancel
    cafe.click(cancel)
    cafe.qtbot.waitUntil(lambda: desk.window.queues[FOOD].count() == 0)
    assert kiosk.window.home.entry_texts()[0].endswith("— Cancelled")


def test_a_completed_renewal_adds_time_on_the_kiosk(cafe: Cafe) -> None:
    kiosk, desk = cafe.kiosk("A01"), cafe.staff()
    assert kiosk.model.remaining_seconds() == -1  # no session yet
    cafe.click(kiosk.window.home.buttons[RequestKind.RENEWAL])
    cafe.click(button(kiosk.window, "package time-3h"))
    cafe.click(button(kiosk.window, "pay qr"))
    cafe.click(kiosk.window.renew.review_button)
    assert "QR code" in kiosk.window.confirm._summary.text()
    cafe.click(kiosk.window.confirm.confirm_button)
    assert kiosk.window.pages.currentWidget() is kiosk.window.payment  # the venue's code, to scan and pay

    queue = desk.window.queues[RequestKind.RENEWAL]
    cafe.qtbot.waitUntil(lambda: queue.count() == 1)
    request = queue.request_at(0)
    assert request is not None
    # The number the customer is asked to write in the payment note is the one on the staff card.
    cafe.qtbot.waitUntil(lambda: kiosk.window.payment.number.text() == f"Write #{request.id} in the payment note")
    assert f"¥13.00 · QR code #{request.id}" in queue.cards[request.id].details.text()
    desk.window.select(request.id)
    assert desk.window.action_buttons[Action.COMPLETE].text() == "Paid: add the time"
    cafe.click(desk.window.action_buttons[Action.COMPLETE])
    cafe.qtbot.waitUntil(lambda: kiosk.model.remaining_seconds() > 179 * 60)
    assert kiosk.window._remaining.text().startswith("Time left 2:59:") or kiosk.window._remaining.text() == (
        "Time left 3:00:00"
    )


def test_a_sold_out_toggle_greys_the_item_on_every_kiosk(cafe: Cafe) -> None:
    kiosk, desk = cafe.kiosk("A01"), cafe.staff()
    cafe.click(kiosk.window.home.buttons[RequestKind.DRINK])
    show_section_of(cafe, kiosk, "red-bull")
    assert row_of(kiosk.window.drinks, "red-bull").plus.isEnabled()

    panel = desk.window.menu_panel
    row = panel.row_of("red-bull")
    assert row is not None
    panel.table.item(row, 3).setCheckState(Qt.CheckState.Unchecked)  # type: ignore[union-attr]

    cafe.qtbot.waitUntil(lambda: not row_of(kiosk.window.drinks, "red-bull").plus.isEnabled())
    row_widgets = row_of(kiosk.window.drinks, "red-bull")
    assert row_widgets.price.text() == "Sold out"
    assert not row_widgets.name.isEnabled()
    assert kiosk.window.drinks._rows[0] is row_widgets  # greyed where it was: nothing moves under a finger
    show_section_of(cafe, kiosk, "red-bull")  # shown again: what can be had first
    assert [row.item_id for row in kiosk.window.drinks._rows] == ["coffee", "red-bull"]
    panel.table.item(row, 3).setCheckState(Qt.CheckState.Checked)  # type: ignore[union-attr]
    cafe.qtbot.waitUntil(lambda: row_of(kiosk.window.drinks, "red-bull").plus.isEnabled())


def test_with_the_hub_down_an_order_waits_and_arrives_once(cafe: Cafe) -> None:
    kiosk = cafe.kiosk("A02")
    cafe.run(cafe.hub.hub.stop())
    cafe.qtbot.waitUntil(lambda: not kiosk.model.connected)
    assert kiosk.window.banner.isVisible() or not kiosk.window.isVisible()
    assert "Not connected to the counter" in kiosk.window.banner.text()

    tapped = datetime.now(UTC)
    order_noodles(cafe, kiosk, count=3)
    cafe.qtbot.waitUntil(lambda: kiosk.window.home.entry_texts()[:1] != [])
    assert kiosk.window.home.entry_texts()[0].endswith("— Waiting to send")
    cafe.qtbot.wait(1500)  # the hub stays away a while

    cafe.run(cafe.hub.start_again())
    desk = cafe.staff()
    cafe.qtbot.waitUntil(lambda: kiosk.window.home.entry_texts()[0].endswith("— Placed"), timeout=10_000)
    cafe.qtbot.waitUntil(lambda: desk.window.queues[FOOD].count() == 1)
    cafe.qtbot.wait(300)  # room for a second copy to arrive, were there one
    assert desk.window.queues[FOOD].count() == 1
    request = desk.window.queues[FOOD].request_at(0)
    assert request is not None
    assert request.lines[0].qty == 3
    # Aged from the tap, not from when it reached the hub a second and a half later.
    assert request.tapped_at is not None
    assert tapped <= request.tapped_at < request.created_at - timedelta(seconds=1)
    assert request.waiting_since == request.tapped_at


def test_a_staff_card_fits_its_column_in_either_language(cafe: Cafe) -> None:
    first, third, desk = cafe.kiosk("A01"), cafe.kiosk("A03"), cafe.staff()
    desk.window.resize(1000, 700)
    lane = desk.window.queues[FOOD]
    cafe.click(desk.window.language_button)  # Chinese: the shorter names
    cafe.qtbot.waitUntil(lambda: desk.window.tabs.tabText(1) == "座位")
    for kiosk, items, note in (
        (first, ("noodles-beef", "noodles-beef", "fried-rice-egg"), "少辣 no chilli"),
        (third, ("noodles-pickled", "fried-rice-yangzhou"), ""),
    ):
        cafe.click(kiosk.window.home.buttons[FOOD])
        for item in items:
            pick(cafe, kiosk, item, "spice.mild")
        kiosk.window.food.note.setText(note)
        cafe.click(kiosk.window.food.review_button)
        cafe.click(kiosk.window.confirm.confirm_button)
    cafe.qtbot.waitUntil(lambda: lane.count() == 2)

    cafe.click(desk.window.language_button)  # English: the same cards need more lines
    cafe.qtbot.waitUntil(lambda: desk.window.tabs.tabText(1) == "Seats")

    def laid_out() -> bool:
        """Every card inside its lane, and tall enough for every line of its wrapped text (the layouts settle over
        a few turns of the loop after the text changes)."""
        return all(
            card.geometry().right() <= card.parentWidget().width()
            and card.details.height() >= card.details.heightForWidth(card.details.width())
            for card in lane.cards.values()
        )

    cafe.qtbot.waitUntil(laid_out, timeout=3000)


def test_two_staff_windows_stay_in_sync(cafe: Cafe) -> None:
    kiosk, first, second = cafe.kiosk("A01"), cafe.staff(), cafe.staff()
    cafe.click(kiosk.window.home.buttons[RequestKind.CALL])
    for desk in (first, second):
        cafe.qtbot.waitUntil(lambda desk=desk: desk.window.queues[RequestKind.CALL].count() == 1)
    request = first.window.queues[RequestKind.CALL].request_at(0)
    assert request is not None
    first.window.select(request.id)
    cafe.click(first.window.action_buttons[Action.ACCEPT])
    cafe.qtbot.waitUntil(lambda: second.model.requests[request.id].state == "accepted")
    second.window.select(request.id)
    assert not second.window.action_buttons[Action.ACCEPT].isEnabled()
    assert second.window.action_buttons[Action.COMPLETE].isEnabled()


def test_a_note_is_shown_as_typed_never_as_markup(cafe: Cafe) -> None:
    kiosk, desk = cafe.kiosk("A01"), cafe.staff()
    order_noodles(cafe, kiosk, count=1, note="<b>big</b> <img src='x'>")
    cafe.qtbot.waitUntil(lambda: not desk.window.alert.isHidden())
    assert desk.window.alert.textFormat() is Qt.TextFormat.PlainText
    assert desk.window.alert.text().endswith("“<b>big</b> <img src='x'>”")


def test_a_new_request_rings_and_shows(cafe: Cafe, monkeypatch: pytest.MonkeyPatch) -> None:
    desk = cafe.staff()
    rings: list[bool] = []
    monkeypatch.setattr(desk.window.chime, "play", lambda: rings.append(True))
    kiosk = cafe.kiosk("A03")
    order_noodles(cafe, kiosk, count=1, note="extra egg")
    cafe.qtbot.waitUntil(lambda: rings == [True])
    assert desk.window.alert.text() == "New: A03 · Food · Braised beef instant noodles ×1 · “extra egg”"
    assert not desk.window.alert.isHidden()


def test_the_staff_window_shows_a_lost_hub_and_reconnects(cafe: Cafe) -> None:
    desk = cafe.staff()
    assert desk.window.connection.text() == "Connected to the hub"
    kiosk = cafe.kiosk("A01")
    cafe.click(kiosk.window.home.buttons[RequestKind.CALL])
    cafe.qtbot.waitUntil(lambda: desk.window.queues[RequestKind.CALL].count() == 1)
    desk.window.select(desk.window.queues[RequestKind.CALL].request_at(0).id)  # type: ignore[union-attr]
    assert desk.window.action_buttons[Action.ACCEPT].isEnabled()

    cafe.run(cafe.hub.hub.stop())
    cafe.qtbot.waitUntil(lambda: desk.window.connection.text().startswith("Hub lost — reconnecting…"))
    assert not desk.window.action_buttons[Action.ACCEPT].isEnabled()
    cafe.run(cafe.hub.start_again())
    cafe.qtbot.waitUntil(lambda: desk.window.connection.text() == "Connected to the hub", timeout=10_000)
    assert desk.window.action_buttons[Action.ACCEPT].isEnabled()


def open_seat(cafe: Cafe, desk: StaffDesk, seat: str) -> SeatDialog:
    """On the Seats tab, tap `seat`'s tile: its dialog opens."""
    panel = desk.window.seats_panel
    desk.window.tabs.setCurrentWidget(panel)
    seat_map = panel.map
    cafe.qtbot.waitUntil(lambda: not seat_map.tile_rect(seat).isEmpty())
    cafe.qtbot.mouseClick(seat_map.viewport(), Qt.MouseButton.LeftButton, pos=seat_map.tile_rect(seat).center())
    assert panel.dialog is not None
    assert panel.dialog.seat == seat
    return panel.dialog


def test_time_paid_at_the_counter_reaches_the_seat(cafe: Cafe) -> None:
    kiosk, desk = cafe.kiosk("A02"), cafe.staff()
    seat_map = desk.window.seats_panel.map
    assert seat_map.rows() == [("A", ["A01", "A02", "A03"])]
    assert [seat_map.tile(seat).time_left for seat in ("A01", "A02", "A03")] == ["—"] * 3
    assert [seat_map.tile(seat).online for seat in ("A01", "A02", "A03")] == [False, True, False]

    dialog = open_seat(cafe, desk, "A02")
    cafe.click(dialog.time_buttons[60])
    assert dialog.question.text() == "A02: +1 h, ¥5.00 — confirm?"  # the menu's 1-hour package
    assert kiosk.model.remaining_seconds() == -1  # nothing sent before the confirmation
    cafe.click(dialog.confirm_button)  # opens a session
    cafe.qtbot.waitUntil(lambda: kiosk.model.remaining_seconds() > 59 * 60)
    cafe.qtbot.waitUntil(lambda: seat_map.tile("A02").time_left[:5] in ("1:00:", "0:59:"))
    cafe.click(dialog.time_buttons[180])
    cafe.click(dialog.confirm_button)  # adds to it
    cafe.qtbot.waitUntil(lambda: kiosk.model.remaining_seconds() > 239 * 60)
    # The staff window hears of it on its own connection, maybe a moment after the kiosk.
    cafe.qtbot.waitUntil(lambda: dialog._time.text()[:15] in ("Time left: 4:00", "Time left: 3:59"))


def test_a_double_tap_at_the_counter_is_one_credit_undone_in_the_dialog_or_from_the_list(cafe: Cafe) -> None:
    kiosk, desk = cafe.kiosk("A03"), cafe.staff()
    panel = desk.window.seats_panel
    dialog = open_seat(cafe, desk, "A03")
    for _ in range(2):  # the second tap lands on a button greyed out by the first
        cafe.qtbot.mouseClick(dialog.time_buttons[60], Qt.MouseButton.LeftButton)
    assert dialog.question.text() == "A03: +1 h, ¥5.00 — confirm?"
    for _ in range(2):  # and the second tap on Confirm finds it gone
        cafe.qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    cafe.qtbot.waitUntil(lambda: panel.credits.count() == 1)
    cafe.qtbot.waitUntil(lambda: kiosk.model.remaining_seconds() > 59 * 60)
    cafe.qtbot.waitUntil(dialog.undo_button.isVisible)
    cafe.qtbot.wait(300)  # room for a second credit to arrive, were there one
    assert panel.credits.count() == 1
    assert kiosk.model.remaining_seconds() <= 60 * 60
    assert desk.window.failure.isHidden()  # nothing refused

    assert dialog.undo_button.text().startswith("Undo +1 h (")
    cafe.click(dialog.undo_button)  # the seat had no time: it has none again
    cafe.qtbot.waitUntil(lambda: "undone by li" in panel.credits.item(0).text())
    cafe.qtbot.waitUntil(lambda: kiosk.model.remaining_seconds() <= 0)
    assert dialog.status.text() == "Undone: +1 h taken off A03."

    # Once the dialog is closed, a credit is still undone from the list, as before.
    cafe.click(dialog.time_buttons[180])
    cafe.click(dialog.confirm_button)
    cafe.qtbot.waitUntil(lambda: panel.credits.count() == 2)
    cafe.click(dialog.close_button)
    assert panel.dialog is None
    assert not panel.undo_button.isEnabled()  # which credit?
    newest = panel.credits.visualItemRect(panel.credits.item(0)).center()
    cafe.qtbot.mouseClick(panel.credits.viewport(), Qt.MouseButton.LeftButton, pos=newest)
    cafe.click(panel.undo_button)
    cafe.qtbot.waitUntil(lambda: "undone by li" in panel.credits.item(0).text())
    cafe.qtbot.waitUntil(lambda: kiosk.model.remaining_seconds() <= 0)
    assert not panel.undo_button.isEnabled()  # undone once


def test_the_kiosk_speaks_chinese_or_english_at_a_tap(cafe: Cafe) -> None:
    kiosk = cafe.kiosk("A01")
    home = kiosk.window.home
    assert home.buttons[RequestKind.CALL].text() == "Call staff"
    cafe.click(kiosk.window.language_button)
    assert cafe.translations.language is Language.ZH
    # Qt delivers the LanguageChange event on the loop's next turn.
    cafe.qtbot.waitUntil(lambda: home.buttons[RequestKind.CALL].text() == "呼叫网管")
    assert kiosk.window.language_button.text() == "English"
    assert kiosk.window.windowTitle() == "网吧自助 A01"
    cafe.click(kiosk.window.home.buttons[FOOD])
    assert any(row.name.text().startswith("红烧牛肉面<br>") for row in kiosk.window.food._rows)
    cafe.click(kiosk.window.language_button)
    cafe.qtbot.waitUntil(lambda: home.buttons[RequestKind.CALL].text() == "Call staff")


def test_the_kiosk_prompts_to_renew_when_time_runs_low(cafe: Cafe) -> None:
    kiosk, desk = cafe.kiosk("A01"), cafe.staff()
    desk.model.give_time("A01", 10)
    prompt = kiosk.window.renew_prompt
    cafe.qtbot.waitUntil(lambda: prompt.isVisible() and prompt.text.text() == "Only 10 minutes left.")
    cafe.click(prompt.other)
    assert kiosk.window.pages.currentWidget() is kiosk.window.renew
    assert not prompt.isVisible()


def test_closing_a_window_asks_to_quit_but_a_fullscreen_kiosk_stays(cafe: Cafe) -> None:
    kiosk, desk = cafe.kiosk("A01"), cafe.staff()
    with cafe.qtbot.waitSignal(desk.window.closeRequested, timeout=2000):
        desk.window.close()
    with cafe.qtbot.waitSignal(kiosk.window.closeRequested, timeout=2000):
        kiosk.window.close()
    kiosk.window._locked = True  # as `--fullscreen` makes it
    with cafe.qtbot.assertNotEmitted(kiosk.window.closeRequested, wait=200):
        kiosk.window.close()
    assert kiosk.window.isVisible()


def test_an_idle_kiosk_is_ready_for_the_next_customer(cafe: Cafe) -> None:
    kiosk = cafe.kiosk("A01")
    window = kiosk.window
    window._idle.setInterval(300)
    cafe.click(window.language_button)  # this customer reads Chinese; the kiosk started in English
    cafe.click(window.home.buttons[FOOD])
    pick(cafe, kiosk, "egg-tea")
    kiosk.model.place_order(RequestKind.DRINK, [OrderLine(item_id="bubble-tea", qty=1)])  # refused: a message is up
    cafe.qtbot.waitUntil(lambda: window.banner.isVisible())
    assert window.food.cart
    cafe.qtbot.waitUntil(lambda: window.pages.currentWidget() is window.home, timeout=3000)
    assert not window.food.cart
    assert not window.banner.isVisible()
    assert cafe.translations.language is Language.EN


def test_taps_on_another_kiosk_do_not_keep_this_one_awake(cafe: Cafe) -> None:
    idle, busy_kiosk = cafe.kiosk("A01").window, cafe.kiosk("A02")
    busy = busy_kiosk.window
    idle._idle.setInterval(300)
    cafe.click(idle.home.buttons[FOOD])
    cafe.click(busy.home.buttons[FOOD])
    for _ in range(8):
        pick(cafe, busy_kiosk, "egg-tea")
        cafe.qtbot.wait(100)
    assert idle.pages.currentWidget() is idle.home
    assert busy.pages.currentWidget() is busy.food


def test_what_sells_out_during_the_review_cannot_be_sent_and_the_customer_is_told(cafe: Cafe) -> None:
    kiosk, desk = cafe.kiosk("A01"), cafe.staff()
    window = kiosk.window
    cafe.click(window.home.buttons[RequestKind.DRINK])
    pick(cafe, kiosk, "red-bull")
    pick(cafe, kiosk, "water")
    cafe.click(window.drinks.review_button)
    assert window.confirm.confirm_button.isEnabled()

    desk.model.set_available("red-bull", False)
    cafe.qtbot.waitUntil(lambda: not window.confirm.confirm_button.isEnabled())
    assert "Red Bull ×1" in window.confirm._summary.text()
    assert "sold out, go back to change the order" in window.confirm._summary.text()
    assert window.banner.text() == "Just sold out, so taken out of your order: Red Bull"
    cafe.click(window.confirm._back)
    assert window.drinks.cart.lines() == [OrderLine(item_id="water", qty=1)]


def test_a_refusal_is_said_in_the_customers_words_and_then_goes(cafe: Cafe) -> None:
    kiosk = cafe.kiosk("A01")
    window = kiosk.window
    window.banner_ms = 300
    kiosk.model.place_order(RequestKind.DRINK, [OrderLine(item_id="bubble-tea", qty=1)])  # gone from the menu
    cafe.qtbot.waitUntil(lambda: window.banner.isVisible())
    assert window.banner.text() == "Part of your order is no longer on the menu. Please order again."
    cafe.qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=3000)


def test_a_cancel_that_comes_too_late_says_so(cafe: Cafe) -> None:
    kiosk, desk = cafe.kiosk("A01"), cafe.staff()
    order_noodles(cafe, kiosk, count=1)
    request = the_one_food_request(cafe, desk)
    desk.model.act(request.id, Action.ACCEPT)
    cafe.qtbot.waitUntil(lambda: desk.model.requests[request.id].state == "accepted")
    kiosk.model.cancel_request(request.id)  # as if tapped a moment before the kiosk heard of the accept
    # The banner first tells of the accept, then of the cancel that came too late.
    banner = kiosk.window.banner
    cafe.qtbot.waitUntil(lambda: banner.isVisible() and banner.text() == "Too late to cancel: staff are already on it.")
    assert banner.property("tone") == ""  # the plain banner, not the accept's colour


def test_plus_stops_at_the_most_one_order_may_have(cafe: Cafe) -> None:
    kiosk = cafe.kiosk("A01")
    window = kiosk.window
    cafe.click(window.home.buttons[FOOD])
    show_section_of(cafe, kiosk, "sausage-ham")
    plus = button(window, "more sausage-ham")
    for _ in range(MAX_QTY):
        cafe.click(plus)
    assert window.food.cart.lines() == [OrderLine(item_id="sausage-ham", qty=MAX_QTY)]
    assert not plus.isEnabled()


def test_a_dish_made_one_way_stops_at_the_limit_and_another_way_is_another_line(cafe: Cafe) -> None:
    kiosk = cafe.kiosk("A01")
    window = kiosk.window
    cafe.click(window.home.buttons[FOOD])
    for _ in range(MAX_QTY):  # unlimited stock: only the limit stops it
        pick(cafe, kiosk, "fried-rice-egg", "spice.none")
    cafe.click(button(window, "more fried-rice-egg"))
    panel = window.food.options
    assert panel.picks() == (OptionPick(group="spice", choice="none"),)  # as it was last added
    assert not panel.add_button.isEnabled()
    assert panel.add_button.text() == "No more of these in one order"
    cafe.click(button(window, "option spice.hot"))
    cafe.click(panel.add_button)
    assert [(line.qty, line.options) for line in window.food.cart.lines()] == [
        (MAX_QTY, (OptionPick(group="spice", choice="none"),)),
        (1, (OptionPick(group="spice", choice="hot"),)),
    ]


def test_a_refused_staff_action_says_why(cafe: Cafe) -> None:
    kiosk, desk = cafe.kiosk("A01"), cafe.staff()
    cafe.click(kiosk.window.home.buttons[RequestKind.CALL])
    cafe.qtbot.waitUntil(lambda: desk.window.queues[RequestKind.CALL].count() == 1)
    request = desk.window.queues[RequestKind.CALL].request_at(0)
    assert request is not None
    desk.model.act(request.id, Action.COMPLETE)  # as a second window would, before it heard of an accept
    cafe.qtbot.waitUntil(lambda: not desk.window.failure.isHidden())
    assert desk.window.failure.text() == (
        "Not done: it has changed meanwhile, or cannot be done now (the request is placed; it cannot be completed)"
    )


def test_the_staff_window_says_when_the_hub_cannot_save_and_when_it_can_again(cafe: Cafe) -> None:
    desk = cafe.staff()
    kiosk = cafe.kiosk("A01")
    cafe.click(kiosk.window.home.buttons[RequestKind.CALL])
    cafe.qtbot.waitUntil(lambda: desk.window.queues[RequestKind.CALL].count() == 1)
    desk.window.select(desk.window.queues[RequestKind.CALL].request_at(0).id)  # type: ignore[union-attr]
    cafe.run(impatient_writer(cafe.hub))
    with holding_the_write_lock(cafe.hub.db_url):
        cafe.click(desk.window.action_buttons[Action.ACCEPT])
        cafe.qtbot.waitUntil(lambda: desk.window.connection.text().startswith("Hub trouble:"), timeout=5_000)
    assert "locked by another program" in desk.window.connection.text()
    cafe.click(desk.window.action_buttons[Action.ACCEPT])
    cafe.qtbot.waitUntil(lambda: desk.window.connection.text() == "Connected to the hub", timeout=5_000)


def test_a_cashiers_shift_opens_counts_a_served_order_and_closes_with_the_difference(cafe: Cafe) -> None:
    kiosk, desk = cafe.kiosk("A01"), cafe.staff()
    window = desk.window
    assert window.shift_button.text() == "No shift open"
    cafe.click(window.shift_button)
    panel = window.shift_panel
    assert window.tabs.currentWidget() is panel
    cafe.qtbot.keyClicks(panel.float_input, "200")
    cafe.qtbot.keyClick(panel.float_input, Qt.Key.Key_Return)
    cafe.qtbot.waitUntil(lambda: window.shift_button.text().startswith("Shift since "))
    assert panel.summary_lines()[0] == "Taken: ¥0.00 in 0 sale(s)"

    order_noodles(cafe, kiosk)  # 2 × ¥6.00, paid in cash at the seat or on delivery: either way, in the drawer
    request = the_one_food_request(cafe, desk)
    for action in (Action.ACCEPT, Action.START_DELIVERY, Action.COMPLETE):
        desk.model.act(request.id, action)
    cafe.qtbot.waitUntil(lambda: panel.summary_lines()[0] == "Taken: ¥12.00 in 1 sale(s)")
    assert panel.expected.text().startswith("Expected cash in the drawer: ¥212.00")

    cafe.qtbot.keyClicks(panel.counted_input, "211.5")
    assert panel.difference.text() == "Expected ¥212.00 · counted ¥211.50 · short by ¥0.50"
    cafe.qtbot.keyClick(panel.counted_input, Qt.Key.Key_Return)  # asks
    cafe.qtbot.keyClick(panel.counted_input, Qt.Key.Key_Return)  # closes
    cafe.qtbot.waitUntil(lambda: window.shift_button.text() == "No shift open")
    [closed] = panel.closed_lines()
    assert closed.endswith(" · expected ¥212.00 · counted ¥211.50 · short by ¥0.50")
