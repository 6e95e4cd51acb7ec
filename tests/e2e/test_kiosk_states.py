"""A kiosk says what state it is in: turned away by the hub, the hub away, the menu kept from the last run."""

from pathlib import Path

import pytest

from netbar import token_watch
from netbar.domain.requests import RequestKind
from netbar.launch import Kiosk
from tests.e2e.test_windows import order_noodles, the_one_food_request
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
    assert kiosk.window.home.chips() == [("Accepted", "accepted")]
