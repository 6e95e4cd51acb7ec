"""The hub prices from its own menu, and refuses what the menu cannot supply."""

import pytest

from netbar.domain.commands import PlaceRequest
from netbar.domain.errors import CommandRejected
from netbar.domain.menu import Category, MenuItem
from netbar.domain.pricing import price_lines

MENU = {
    item.id: item
    for item in (
        MenuItem(id="noodles", category=Category.FOOD, name_zh="泡面", name_en="Noodles", price_fen=600, stock=3),
        MenuItem(id="rice", category=Category.FOOD, name_zh="炒饭", name_en="Fried rice", price_fen=1500),
        MenuItem(id="cola", category=Category.DRINK, name_zh="可乐", name_en="Cola", price_fen=350, available=False),
        MenuItem(id="night", category=Category.TIME, name_zh="包夜", name_en="Overnight", price_fen=3000, minutes=540),
    )
}


def order(kind: str, *lines: tuple[str, int]) -> PlaceRequest:
    return PlaceRequest.model_validate(
        {"kind": kind, "lines": [{"item_id": item, "qty": qty} for item, qty in lines], "payment": "cash"}
    )


def test_lines_are_priced_from_the_menu() -> None:
    priced = price_lines(order("food", ("noodles", 2), ("rice", 1)), MENU)
    assert [(line.item_id, line.qty, line.price_fen, line.total_fen) for line in priced] == [
        ("noodles", 2, 600, 1200),
        ("rice", 1, 1500, 1500),
    ]
    assert priced[0].name_zh == "泡面"


def test_time_lines_carry_their_minutes() -> None:
    (line,) = price_lines(order("renewal", ("night", 1)), MENU)
    assert (line.minutes, line.price_fen) == (540, 3000)


@pytest.mark.parametrize(
    ("request_order", "code"),
    [
        (order("food", ("caviar", 1)), "not_found"),
        (order("food", ("noodles", 4)), "sold_out"),  # 3 in stock
        (order("drink", ("cola", 1)), "sold_out"),  # switched off
        (order("drink", ("rice", 1)), "invalid"),  # food in a drink order
        (order("renewal", ("noodles", 1)), "invalid"),
    ],
)
def test_what_the_menu_cannot_supply_is_refused(request_order: PlaceRequest, code: str) -> None:
    with pytest.raises(CommandRejected) as refused:
        price_lines(request_order, MENU)
    assert refused.value.code == code


def test_a_menu_item_is_checked() -> None:
    with pytest.raises(ValueError, match="needs minutes"):
        MenuItem(id="hour", category=Category.TIME, name_zh="1小时", name_en="1 hour", price_fen=500)
    with pytest.raises(ValueError, match="only time items"):
        MenuItem(id="tea", category=Category.DRINK, name_zh="茶", name_en="Tea", price_fen=300, minutes=5)
    assert MENU["noodles"].can_supply(3)
    assert not MENU["noodles"].can_supply(4)
    assert MENU["cola"].sold_out
    assert not MENU["rice"].sold_out
