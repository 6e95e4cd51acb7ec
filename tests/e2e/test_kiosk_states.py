"""A kiosk says what state it is in: turned away by the hub, the hub away, the menu kept from the last run."""

from netbar.domain.requests import RequestKind
from netbar.launch import Kiosk
from tests.support.cafe import Cafe, button

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
    cafe.click(button(window, "more noodles-beef"))  # it can be ordered: the order waits in the outbox

    cafe.run(cafe.hub.start_again())
    cafe.qtbot.waitUntil(lambda: again.model.connected, timeout=10_000)
    cafe.qtbot.waitUntil(lambda: not window.food.menu_note.isVisible())
