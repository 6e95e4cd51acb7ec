"""The staff window at a busy counter, over a real hub: nothing is missed, old requests show their age, forty
requests stay readable on a 1024×768 screen, and the keys act on the chosen card."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netbar.domain.errors import ErrorCode
from netbar.domain.requests import Action, RequestKind, RequestState
from netbar.domain.staff import StaffRole
from netbar.gui.runtime import QuitRequest
from netbar.hub import credential_watch
from netbar.hub.admin import save_staff_user
from netbar.launch_staff import StaffDesk, staff_counter
from netbar.link.events import Disconnected
from netbar.staff import viewmodel
from netbar.staff.signin_dialog import SignInDialog
from netbar.staff.window import CHIME_AGAIN, REPORTS_TAB, STAFF_TAB, StaffWindow
from tests.support.cafe import Cafe
from tests.support.hub import CASHIER_PASSWORD, CASHIER_USER, STAFF_PASSWORD, STAFF_USER
from tests.support.wire import RawClient

CALL, FOOD = RequestKind.CALL, RequestKind.FOOD


def shown(kind: type) -> list[Any]:
    """The top-level windows of `kind` a person can see."""
    return [widget for widget in QApplication.topLevelWidgets() if isinstance(widget, kind) and widget.isVisible()]


def place(cafe: Cafe, kiosk: RawClient, kind: str, *lines: tuple[str, int]) -> dict[str, Any]:
    body: dict[str, Any] = {"kind": kind, "lines": [{"item_id": item, "qty": qty} for item, qty in lines]}
    answer = cafe.run(kiosk.command("place_request", body))
    assert answer["type"] == "ack", answer
    request: dict[str, Any] = answer["result"]["request"]
    return request


def test_a_repeated_call_and_a_customers_cancel_are_announced_and_ring(
    cafe: Cafe, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = cafe.staff()
    rings: list[bool] = []
    monkeypatch.setattr(desk.window.chime, "play", lambda: rings.append(True))
    seat = cafe.run(cafe.hub.raw_kiosk("A02"))
    call = place(cafe, seat, "call")
    food = place(cafe, seat, "food", ("noodles-beef", 1))
    cafe.qtbot.waitUntil(lambda: desk.window.queues[FOOD].count() == 1)
    both = "2 new: A02 · Food · Braised beef instant noodles ×1 | A02 · Call staff"
    assert desk.window.alert.text() == both  # the two of them, not only the last
    place(cafe, seat, "call")  # pressed again
    card = desk.window.queues[CALL].cards[call["id"]]
    cafe.qtbot.waitUntil(lambda: card.repeats.text() == "×2")
    assert desk.window.alert.text().startswith("3 new: A02 called again (×2)")

    assert cafe.run(seat.command("cancel_request", {"request_id": food["id"]}))["type"] == "ack"
    food_lane = desk.window.queues[FOOD]
    cafe.qtbot.waitUntil(lambda: food_lane.count() == 0)
    assert "A02 cancelled their Food request" in desk.window.alert.text()
    withdrawn = food_lane.cards[food["id"]]  # still shown, greyed, saying why it is going
    assert "Cancelled by the customer" in withdrawn.details.text()
    assert not withdrawn.step_button.isVisible()
    assert len(rings) == 4


def test_the_chime_repeats_while_a_request_waits_untaken_past_its_limit_and_stops_once_taken(
    cafe: Cafe, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [datetime.now(UTC)]
    monkeypatch.setattr(viewmodel, "utc_now", lambda: now[0])
    desk = cafe.staff()
    rings: list[datetime] = []
    monkeypatch.setattr(desk.window.chime, "play", lambda: rings.append(now[0]))
    call = place(cafe, cafe.run(cafe.hub.raw_kiosk("A01")), "call")
    cafe.qtbot.waitUntil(lambda: len(rings) == 1)  # on arrival
    card = desk.window.queues[CALL].cards[call["id"]]
    for seconds, expected_rings, urgency in ((60, 1, "fresh"), (121, 2, "amber"), (140, 2, "amber"), (301, 3, "red")):
        now[0] = datetime.fromisoformat(call["created_at"]) + timedelta(seconds=seconds)
        desk.window.tick()
        assert (len(rings), card.property("urgency")) == (expected_rings, urgency), seconds
    assert card.timer.text() == "5:01"
    cafe.click(card.step_button)  # accepted: nothing waits any more
    cafe.qtbot.waitUntil(lambda: desk.model.requests[call["id"]].state is RequestState.ACCEPTED)
    now[0] += CHIME_AGAIN * 3
    desk.window.tick()
    assert len(rings) == 3
    assert card.property("waiting") == "no"


def test_forty_requests_stay_readable_oldest_first_on_a_1024_by_768_screen(cafe: Cafe) -> None:
    desk = cafe.staff()
    desk.window.resize(1024, 740)
    hint = desk.window.minimumSizeHint()
    assert (min(hint.width(), 1024), min(hint.height(), 740)) == (hint.width(), hint.height()), hint
    placed = []
    for seat in ("A01", "A02"):
        kiosk = cafe.run(cafe.hub.raw_kiosk(seat))
        placed += [place(cafe, kiosk, "food", ("noodles-beef", 1)) for _ in range(20)]
    lane = desk.window.queues[FOOD]
    cafe.qtbot.waitUntil(lambda: lane.count() == 40, timeout=10_000)
    cafe.qtbot.wait(100)
    assert lane.request_ids() == [request["id"] for request in placed]  # oldest at the top
    for card in lane.cards.values():
        assert card.details.height() >= card.details.heightForWidth(card.details.width())
        assert card.width() <= lane.width()
    assert desk.window.windowTitle() == "(40) Netbar staff — 40 open request(s)"


def test_the_keys_choose_a_card_and_take_its_next_step(cafe: Cafe) -> None:
    desk = cafe.staff()
    kiosk = cafe.run(cafe.hub.raw_kiosk("A03"))
    first, second = place(cafe, kiosk, "food", ("noodles-beef", 1)), place(cafe, kiosk, "call")
    cafe.qtbot.waitUntil(lambda: desk.window.queues[CALL].count() == 1)
    desk.window.activateWindow()
    lanes = desk.window.queues[FOOD]
    lanes.setFocus()
    cafe.qtbot.keyClick(lanes, Qt.Key.Key_Down)  # nothing chosen: the first card of the first lane with any
    assert desk.window.selected_request().id == first["id"]  # type: ignore[union-attr]
    cafe.qtbot.keyClick(lanes, Qt.Key.Key_Right)
    assert desk.window.selected_request().id == second["id"]  # type: ignore[union-attr]
    cafe.qtbot.keyClick(lanes, Qt.Key.Key_Return)  # its next step: accept
    cafe.qtbot.waitUntil(lambda: desk.model.requests[second["id"]].state is RequestState.ACCEPTED)
    cafe.qtbot.keyClick(lanes, Qt.Key.Key_Delete)  # cancel: asks why
    assert desk.window.reason.isVisible()
    cafe.qtbot.keyClicks(desk.window.reason, "sorted at the seat")
    cafe.qtbot.keyClick(desk.window.reason, Qt.Key.Key_Return)
    cafe.qtbot.waitUntil(lambda: second["id"] not in desk.model.requests)
    assert desk.window.action_buttons[Action.ACCEPT].isEnabled() is False


def test_a_managers_window_has_the_staff_and_reports_tabs_and_a_cashiers_not(cafe: Cafe) -> None:
    manager = cafe.staff()
    cafe.qtbot.waitUntil(lambda: manager.window.tabs.isTabVisible(STAFF_TAB))
    assert manager.window.tabs.isTabVisible(REPORTS_TAB)
    assert manager.window._user_label.text() == "Signed in as li (manager)"
    cafe.run(save_staff_user(cafe.hub.db, CASHIER_USER, CASHIER_PASSWORD, StaffRole.CASHIER))
    cashier = cafe.run(StaffDesk.sign_in(CASHIER_USER, CASHIER_PASSWORD, cafe.hub.url, cafe.translations))
    assert isinstance(cashier, StaffDesk)
    cafe.desks.append(cashier)
    assert not cashier.window.tabs.isTabVisible(STAFF_TAB)
    assert not cashier.window.tabs.isTabVisible(REPORTS_TAB)
    assert cashier.window._user_label.text() == "Signed in as wang (cashier)"


def test_a_wrong_password_opens_no_window_and_a_user_the_hub_signs_out_is_asked_again(
    cafe: Cafe, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(credential_watch, "CHECK_EVERY_S", 0.1)
    refused = cafe.run(StaffDesk.sign_in(STAFF_USER, "not-the-password", cafe.hub.url, cafe.translations))
    assert isinstance(refused, Disconnected)
    assert (refused.refused, refused.code) == (True, ErrorCode.FORBIDDEN)
    assert shown(StaffWindow) == []

    quit_request = QuitRequest()
    counter = cafe.loop_task(
        staff_counter(cafe.hub.url, cafe.translations, quit_request, user=STAFF_USER, password=STAFF_PASSWORD)
    )

    cafe.qtbot.waitUntil(lambda: len(shown(StaffWindow)) == 1, timeout=10_000)
    cafe.run(save_staff_user(cafe.hub.db, STAFF_USER, "a-new-password"))  # changed at the hub PC
    cafe.qtbot.waitUntil(lambda: len(shown(SignInDialog)) == 1, timeout=15_000)
    assert shown(StaffWindow) == []
    dialog = shown(SignInDialog)[0]
    assert dialog.problem.text() == "Wrong user name or password. Please try again."
    assert dialog.user.text() == STAFF_USER
    quit_request()
    cafe.qtbot.waitUntil(counter.done, timeout=5000)


def test_signing_out_of_an_open_window_asks_who_signs_in_next(cafe: Cafe) -> None:
    quit_request = QuitRequest()
    desk = cafe.run(StaffDesk.start(STAFF_USER, STAFF_PASSWORD, cafe.hub.url, cafe.translations))  # as the demo
    counter = cafe.loop_task(staff_counter(cafe.hub.url, cafe.translations, quit_request, desk=desk))
    cafe.qtbot.waitUntil(lambda: desk.model.connected)
    cafe.click(desk.window.sign_out_button)
    cafe.qtbot.waitUntil(lambda: len(shown(SignInDialog)) == 1)
    assert shown(StaffWindow) == []  # the window went with the sign-out
    dialog = shown(SignInDialog)[0]
    cafe.qtbot.keyClicks(dialog.password, STAFF_PASSWORD)
    assert dialog.user.text() == STAFF_USER  # who was signed in, offered again
    cafe.qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    cafe.qtbot.waitUntil(lambda: len(shown(StaffWindow)) == 1)
    quit_request()
    cafe.qtbot.waitUntil(counter.done, timeout=5000)
