"""The seat's time on the kiosk's own clock: prompts at 10 and 5 minutes once each, time up at 0, all again after
time is added; and the one-tap renewal: the package bought last, placed once however often it is tapped."""

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from netbar.bus import EventBus
from netbar.domain.commands import OrderLine, PlaceRequest, RequestResult
from netbar.domain.events import RequestChanged
from netbar.domain.requests import Payment, RequestKind, RequestState
from netbar.kiosk.viewmodel import KioskViewModel
from netbar.link.events import CommandAnswered, CommandQueued, SendCommand
from tests.kiosk.seat_time import PACKAGES, Clock, renewal, renewals_sent, run_down, time_added, welcome

ONE_HOUR, TWO_HOURS, THREE_HOURS = PACKAGES


class Seat:
    def __init__(self, bus: EventBus, model: KioskViewModel, clock: Clock) -> None:
        self.bus, self.model, self.clock = bus, model, clock
        self.said: list[str] = []
        self.sent: list[SendCommand] = []
        model.renewSoon.connect(lambda minutes: self.said.append(f"renew soon {minutes}"))
        model.timeUp.connect(lambda: self.said.append("time up"))
        bus.subscribe(SendCommand, self.sent.append)


@pytest.fixture
def seat(qapp: QApplication) -> Iterator[Seat]:
    bus, clock = EventBus(), Clock()
    model = KioskViewModel("A01", bus, clock=clock)
    yield Seat(bus, model, clock)
    model.close()


def test_two_hours_run_down_to_a_prompt_at_ten_and_five_minutes_and_time_up_at_zero(seat: Seat) -> None:
    welcome(seat.bus, 2 * 60 * 60)
    run_down(seat.model, seat.clock, 2 * 60 * 60 - 10 * 60 - 1)
    assert seat.said == []
    run_down(seat.model, seat.clock, 1)
    assert seat.said == ["renew soon 10"]
    assert seat.model.remaining_seconds() == 600
    run_down(seat.model, seat.clock, 5 * 60)
    assert seat.said == ["renew soon 10", "renew soon 5"]
    run_down(seat.model, seat.clock, 5 * 60 - 1)
    assert not seat.model.time_up
    run_down(seat.model, seat.clock, 1)
    assert seat.said == ["renew soon 10", "renew soon 5", "time up"]
    assert seat.model.time_up
    run_down(seat.model, seat.clock, 600)  # nothing more is said while it stays up
    assert seat.said == ["renew soon 10", "renew soon 5", "time up"]


def test_time_added_ends_time_up_and_the_prompts_come_again_as_it_runs_down(seat: Seat) -> None:
    welcome(seat.bus, 30)
    run_down(seat.model, seat.clock, 30)
    assert seat.said == ["renew soon 1", "time up"]  # started under both: one prompt, then zero
    seat.said.clear()

    time_added(seat.bus, 60 * 60)
    assert not seat.model.time_up
    assert seat.model.remaining_seconds() == 3600
    run_down(seat.model, seat.clock, 60 * 60)
    assert seat.said == ["renew soon 10", "renew soon 5", "time up"]


def test_the_hubs_word_a_second_off_the_kiosks_count_does_not_prompt_again(seat: Seat) -> None:
    welcome(seat.bus, 11 * 60)
    run_down(seat.model, seat.clock, 60)
    assert seat.said == ["renew soon 10"]
    time_added(seat.bus, 10 * 60 + 1)  # a reconnect's welcome: the hub's clock and ours a second apart
    run_down(seat.model, seat.clock, 2)
    assert seat.said == ["renew soon 10"]


def test_the_one_tap_buys_the_package_bought_last_paid_the_same_way(seat: Seat) -> None:
    welcome(seat.bus, 8 * 60, requests=(renewal(4, TWO_HOURS, RequestState.DONE, Payment.QR),))
    offer = seat.model.renewal_offer()
    assert offer is not None
    assert (offer.item, offer.payment, offer.again) == (TWO_HOURS, Payment.QR, True)

    assert seat.model.renew_again()
    assert renewals_sent(seat.sent) == [
        PlaceRequest(kind=RequestKind.RENEWAL, lines=(OrderLine(item_id="time-2h", qty=1),), payment=Payment.QR)
    ]


def test_a_renewal_paid_by_qr_is_offered_in_cash_when_the_venue_shows_no_code_any_more(seat: Seat) -> None:
    welcome(seat.bus, 8 * 60, requests=(renewal(4, TWO_HOURS, RequestState.DONE, Payment.QR),), qr=False)
    offer = seat.model.renewal_offer()
    assert offer is not None
    assert (offer.item, offer.payment) == (TWO_HOURS, Payment.CASH)


def test_with_no_renewal_known_the_one_tap_offers_the_cheapest_package_in_cash(seat: Seat) -> None:
    welcome(seat.bus, 8 * 60)
    offer = seat.model.renewal_offer()
    assert offer is not None
    assert (offer.item, offer.payment, offer.again) == (ONE_HOUR, Payment.CASH, False)


def test_a_second_tap_places_nothing_while_the_first_renewal_waits(seat: Seat) -> None:
    welcome(seat.bus, 8 * 60, requests=(renewal(4, THREE_HOURS, RequestState.DONE),))
    assert seat.model.renew_again()
    assert not seat.model.renew_again()  # before the outbox has it
    assert len(renewals_sent(seat.sent)) == 1
    (intent,) = seat.sent
    seat.bus.publish(CommandQueued(intent.frame))
    assert not seat.model.renew_again()  # in the outbox, on its way
    placed = renewal(5, THREE_HOURS, RequestState.PLACED)
    seat.bus.publish(CommandAnswered(intent.frame, result=RequestResult(request=placed)))
    assert seat.model.renewal_waiting()
    assert not seat.model.renew_again()  # at the hub, waiting for staff to take the payment
    assert len(renewals_sent(seat.sent)) == 1

    seat.bus.publish(RequestChanged(seq=20, request=renewal(5, THREE_HOURS, RequestState.DONE)))
    assert not seat.model.renewal_waiting()
    assert seat.model.renew_again()  # paid and done: the next one may be bought
    assert len(renewals_sent(seat.sent)) == 2
