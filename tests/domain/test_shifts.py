"""A shift's figures from its entries, to the fen: by kind, by payment way, time sold, refunds, expected cash."""

from datetime import UTC, datetime, timedelta

import pytest

from netbar.domain.menu import Category, MenuItem, time_package
from netbar.domain.requests import Payment, RequestKind, RequestLine, RequestState, ServiceRequest
from netbar.domain.sessions import TimeCredit
from netbar.domain.shifts import EntryType, PaymentWay, ShiftEntry, Taking, counter_time_entry, request_entry, summarize

T0 = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


def order(
    request_id: int, kind: RequestKind, total_fen: int, payment: Payment | None, *, minutes: int | None = None
) -> ServiceRequest:
    line = RequestLine(
        item_id="x", name_zh="x", name_en="x", qty=1, price_fen=total_fen, minutes=minutes if minutes else None
    )
    return ServiceRequest(
        id=request_id, seat="A01", kind=kind, lines=(line,), note="", payment=payment, total_fen=total_fen,
        state=RequestState.PLACED, created_at=T0, updated_at=T0,
    )  # fmt: skip


def came_to(request: ServiceRequest, state: RequestState, reason: str | None = None) -> ServiceRequest:
    return request.model_copy(update={"state": state, "cancel_reason": reason})


def credit(credit_id: int, minutes: int, price_fen: int | None, *, undone: bool = False) -> TimeCredit:
    return TimeCredit(
        id=credit_id, seat="A02", minutes=minutes, actor="staff:li", created_at=T0, price_fen=price_fen,
        undone_at=T0 + timedelta(minutes=5) if undone else None, undone_by="staff:li" if undone else None,
    )  # fmt: skip


def sale(request: ServiceRequest) -> ShiftEntry | None:
    return request_entry(came_to(request, RequestState.DONE), was_done=False, by="staff:li", at=T0)


def test_a_shift_of_every_kind_and_way_adds_up_to_the_fen() -> None:
    noodles_cash = order(1, RequestKind.FOOD, 1250, Payment.CASH)
    cola_qr = order(2, RequestKind.DRINK, 300, Payment.QR)
    rice_on_delivery = order(3, RequestKind.FOOD, 1800, None)
    renewal_qr = order(4, RequestKind.RENEWAL, 1300, Payment.QR, minutes=180)
    tea_cancelled = order(5, RequestKind.DRINK, 400, Payment.CASH)
    entries = [
        sale(noodles_cash),
        sale(cola_qr),
        sale(rice_on_delivery),
        sale(renewal_qr),
        request_entry(came_to(tea_cancelled, RequestState.CANCELLED, "sold out"), was_done=False, by="staff:li", at=T0),
        counter_time_entry(credit(1, 60, 500), undone=False),
        # A manager refunds the noodles (cash, out of the drawer) and the renewal (by QR, not from the drawer).
        request_entry(came_to(noodles_cash, RequestState.CANCELLED, "cold"), was_done=True, by="staff:boss", at=T0),
        request_entry(came_to(renewal_qr, RequestState.CANCELLED, "wrong seat"), was_done=True, by="staff:boss", at=T0),
    ]
    summary = summarize(20_000, [entry for entry in entries if entry is not None])

    assert summary.by_kind == {Taking.FOOD: 1800, Taking.DRINK: 300, Taking.RENEWAL: 0, Taking.COUNTER_TIME: 500}
    assert summary.by_way == {PaymentWay.CASH: 500, PaymentWay.QR: 300, PaymentWay.ON_DELIVERY: 1800}
    assert summary.sales == 5
    assert summary.taken_fen == 2600
    assert summary.refunded_fen == 1250 + 1300
    assert (summary.time_minutes, summary.time_fen, summary.unpriced_minutes) == (60, 500, 0)
    # 200.00 float + 5.00 counter time + 18.00 collected on delivery; the noodles' 12.50 went in and out again.
    assert summary.expected_cash_fen == 20_000 + 500 + 1800
    assert [(entry.request_id, entry.reason) for entry in summary.cancellations] == [(5, "sold out")]
    assert [(entry.request_id, entry.fen, entry.way) for entry in summary.refunds] == [
        (1, 1250, PaymentWay.CASH),
        (4, 1300, PaymentWay.QR),
    ]


def test_an_empty_shift_expects_its_float() -> None:
    summary = summarize(15_050, [])
    assert summary.expected_cash_fen == 15_050
    assert summary.taken_fen == summary.refunded_fen == summary.sales == 0
    assert summary.cancellations == summary.refunds == ()


def test_counter_time_undone_comes_off_the_time_and_the_cash() -> None:
    made = counter_time_entry(credit(7, 180, 1300, undone=True), undone=False)
    undone = counter_time_entry(credit(7, 180, 1300, undone=True), undone=True)
    assert made is not None
    assert undone is not None
    assert (made.type, undone.type) == (EntryType.SALE, EntryType.REFUND)
    assert undone.at == T0 + timedelta(minutes=5)
    summary = summarize(0, [made, undone])
    assert (summary.time_minutes, summary.time_fen, summary.expected_cash_fen) == (0, 0, 0)
    assert summary.by_kind[Taking.COUNTER_TIME] == 0


def test_counter_time_the_menu_does_not_price_is_sold_at_nothing_and_said() -> None:
    entry = counter_time_entry(credit(8, 90, None), undone=False)
    assert entry is not None
    assert (entry.fen, entry.priced) == (0, False)
    summary = summarize(1000, [entry])
    assert (summary.time_minutes, summary.time_fen, summary.unpriced_minutes) == (90, 0, 90)
    assert summary.expected_cash_fen == 1000


def test_a_renewals_credit_and_a_call_are_no_money_of_their_own() -> None:
    renewal_credit = credit(9, 60, None).model_copy(update={"request_id": 4})
    assert counter_time_entry(renewal_credit, undone=False) is None
    call = came_to(order(6, RequestKind.CALL, 0, None), RequestState.DONE)
    assert request_entry(call, was_done=False, by="staff:li", at=T0) is None
    still_open = came_to(order(7, RequestKind.FOOD, 600, None), RequestState.ACCEPTED)
    assert request_entry(still_open, was_done=False, by="staff:li", at=T0) is None


@pytest.mark.parametrize(("minutes", "wanted"), [(60, "hour-1-new"), (180, "hour-3"), (300, None)])
def test_counter_time_is_priced_by_the_menus_package_of_that_length_an_available_one_first(
    minutes: int, wanted: str | None
) -> None:
    def package(item_id: str, minutes: int, price_fen: int, available: bool = True) -> MenuItem:
        return MenuItem(
            id=item_id, category=Category.TIME, name_zh="时", name_en="time", price_fen=price_fen, minutes=minutes,
            available=available,
        )  # fmt: skip

    menu = [
        package("hour-1-old", 60, 400, available=False),
        package("hour-1-new", 60, 500),
        package("hour-3", 180, 1300),
    ]
    found = time_package(menu, minutes)
    assert (found.id if found else None) == wanted
