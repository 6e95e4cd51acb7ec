"""A kiosk says what state it is in: turned away by the hub, the hub away, the menu kept from the last run."""

from pathlib import Path

import pytest

from netbar import token_watch
from netbar.domain.requests import Action, Payment, RequestKind
from netbar.launch import Kiosk
from tests.e2e.test_windows import order_noodles, the_one_food_request
from tests.kiosk.seat_time import Clock
from tests.support.cafe import Cafe, pick

FOOD = RequestKind.FOOD


def test_a_kiosk_started_with_the_hub_away_shows_the_last_menu_marked_as_possibly_old(cafe: Cafe) -> None:
    first = cafe.kiosk("A01")  # the hub welcomes it once: its menu is kept beside the outbox
    cafe.kiosks.remove(first)
    cafe.run(first.close())
    cafe.run(cafe.hub.hub.stop())

    again = cafe.run(
        Kiosk.start("A01", cafe.hub.tokens["A01"], cafe.hub.url, cafe.translations, cafe.folder / "outbox-A01.db")
    )
    cafe.kiosks.append(again)
    window = again.window
    cafe.click(window.home.buttons[FOOD])
    cafe.qtbot.waitUntil(lambda: window.food.menu_note.isVisible())
    assert window.food.menu_note.text().startswith("Menu may be out of date")
    pick(cafe, again, "noodles-beef")  # it can be ordered: the order waits in the outbox

    cafe.run(cafe.hub.start_again())
    cafe.qtbot.waitUntil(lambda: again.model.connected, timeout=10_000)
    cafe.qtbot.waitUntil(lambda: not window.food.menu_note.isVisible())


def write_kiosk_toml(path: Path, hub_url: str, token: str) -> None:
    path.write_text(f'[kiosk]\nseat = "A01"\nhub = "{hub_url}"\ntoken = "{token}"\n', encoding="utf-8")
    path.chmod(0o600)


def test_a_kiosk_with_a_replaced_token_tells_staff_how_to_fix_it_and_comes_back_with_the_new_one(
    cafe: Cafe, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(token_watch, "WATCH_EVERY", 0.1)
    config = cafe.folder / "kiosk.toml"
    old_token = "o" * 32  # replaced at the counter (`netbar seats token A01`): the hub no longer knows it
    write_kiosk_toml(config, cafe.hub.url, old_token)
    kiosk = cafe.run(
        Kiosk.start(
            "A01", old_token, cafe.hub.url, cafe.translations, cafe.folder / "outbox-A01.db", config_file=config
        )
    )
    cafe.kiosks.append(kiosk)
    window = kiosk.window
    cafe.qtbot.waitUntil(lambda: window.pages.currentWidget() is window.enrolment)
    steps = window.enrolment.steps.text()
    assert "netbar seats token A01" in steps
    assert str(config) in steps  # which file to put the new token in
    assert "is not enrolled at the hub, or its token was replaced" in window.enrolment.title.text()
    assert not window.banner.isVisible()  # not "can't reach the counter; your requests are saved"
    window.go_home()  # what going idle does: still the page for staff, never the ordering pages
    assert window.pages.currentWidget() is window.enrolment

    write_kiosk_toml(config, cafe.hub.url, cafe.hub.tokens["A01"])
    cafe.qtbot.waitUntil(lambda: kiosk.model.connected, timeout=10_000)
    assert window.pages.currentWidget() is window.home


def test_staff_taking_an_order_is_news_the_seat_cannot_miss(cafe: Cafe) -> None:
    kiosk, desk = cafe.kiosk("A01"), cafe.staff()
    order_noodles(cafe, kiosk, count=1, note="")
    request = the_one_food_request(cafe, desk)
    card = desk.window.queues[FOOD].cards[request.id]
    cafe.qtbot.waitUntil(lambda: card.step_button.text() == "Accept" and card.step_button.isEnabled())
    cafe.click(card.step_button)

    banner = kiosk.window.banner
    cafe.qtbot.waitUntil(lambda: banner.isVisible() and banner.property("tone") == "accepted")
    assert banner.text() == "✓  Accepted: Braised beef instant noodles ×1"
    # The list is redrawn once per turn of the loop, after the banner: within a moment, not in the same instant.
    cafe.qtbot.waitUntil(lambda: kiosk.window.home.chips() == [("Accepted", "accepted")], timeout=2000)


def test_the_seats_time_running_out_is_prompted_renewed_in_one_tap_and_ended_by_staff_adding_time(
    cafe: Cafe,
) -> None:
    clock = Clock()  # the kiosk's: the test jumps it instead of waiting an hour
    kiosk = cafe.run(
        Kiosk.start(
            "A01", cafe.hub.tokens["A01"], cafe.hub.url, cafe.translations, cafe.folder / "outbox-A01.db", clock=clock
        )
    )
    cafe.kiosks.append(kiosk)
    desk = cafe.staff()
    cafe.qtbot.waitUntil(lambda: kiosk.model.connected)
    window, prompt = kiosk.window, kiosk.window.renew_prompt
    prompt.again.armed_after_ms = 0
    desk.model.give_time("A01", 11)
    cafe.qtbot.waitUntil(lambda: kiosk.model.remaining_seconds() > 10 * 60)

    clock.now += 61
    kiosk.model.tick()
    assert prompt.isVisible()
    assert prompt.text.text() == "Only 10 minutes left."
    assert prompt.again.text() == "Renew: 1 hour ¥5.00"  # no renewal from this seat yet: the cheapest package
    cafe.click(prompt.again)

    queue = desk.window.queues[RequestKind.RENEWAL]
    cafe.qtbot.waitUntil(lambda: queue.count() == 1)
    request = queue.request_at(0)
    assert request is not None
    assert [(line.item_id, line.qty) for line in request.lines] == [("time-1h", 1)]
    assert request.payment is Payment.CASH
    desk.window.select(request.id)
    cafe.click(desk.window.action_buttons[Action.COMPLETE])  # paid: the hub adds the hour
    cafe.qtbot.waitUntil(lambda: kiosk.model.remaining_seconds() > 60 * 60)
    assert not prompt.isVisible()

    clock.now += 72 * 60  # the hour and the eleven minutes (by the hub's clock, which did not jump) run out
    kiosk.model.tick()
    assert window.pages.currentWidget() is window.time_up
    assert window.time_up.again.text() == "Same package again: 1 hour ¥5.00"

    desk.model.give_time("A01", 30)  # paid at the counter
    cafe.qtbot.waitUntil(lambda: window.pages.currentWidget() is window.home)
    # What the hub says: by its clock, which the test did not move, the session had 71 minutes left to extend.
    assert 100 * 60 < kiosk.model.remaining_seconds() <= 101 * 60
