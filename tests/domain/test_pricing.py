"""The hub prices from its own menu, and refuses what the menu cannot supply."""

import pytest

from netbar.domain.commands import PlaceRequest
from netbar.domain.errors import CommandRejected
from netbar.domain.menu import Category, MenuItem
from netbar.domain.pricing import price_lines
from tests.support.options import EXTRAS, SPICE

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


NOODLES = MenuItem(
    id="noodles", category=Category.FOOD, name_zh="泡面", name_en="Noodles", price_fen=600, stock=3,
    options=(SPICE, EXTRAS),
)  # fmt: skip


def with_options(*lines: tuple[int, list[tuple[str, str]]]) -> PlaceRequest:
    return PlaceRequest.model_validate(
        {
            "kind": "food",
            "lines": [
                {"item_id": "noodles", "qty": qty, "options": [{"group": g, "choice": c} for g, c in picks]}
                for qty, picks in lines
            ],
        }
    )


def test_options_are_priced_by_the_hub_in_the_menus_order() -> None:
    (line,) = price_lines(
        with_options((2, [("extras", "sausage"), ("spice", "hot"), ("extras", "egg")])), {"noodles": NOODLES}
    )
    assert [(option.group, option.choice, option.name_zh, option.price_fen) for option in line.options] == [
        ("spice", "hot", "特辣", 0),
        ("extras", "egg", "加蛋", 200),
        ("extras", "sausage", "加肠", 300),
    ]
    assert (line.price_fen, line.total_fen) == (600 + 200 + 300, 2 * 1100)


def test_the_same_item_made_two_ways_is_two_lines_drawing_on_one_stock() -> None:
    menu = {"noodles": NOODLES}
    plain, egg = price_lines(with_options((1, [("spice", "none")]), (2, [("spice", "hot"), ("extras", "egg")])), menu)
    assert (plain.price_fen, egg.price_fen) == (600, 800)
    with pytest.raises(CommandRejected) as refused:  # 2 + 2 of a stock of 3
        price_lines(with_options((2, [("spice", "none")]), (2, [("spice", "hot")])), menu)
    assert refused.value.code == "sold_out"


@pytest.mark.parametrize(
    ("picks", "message"),
    [
        ([], "needs a choice of Spice"),  # required
        ([("spice", "none"), ("spice", "hot")], "pick one Spice, not 2"),  # single
        ([("spice", "lava")], "no option spice=lava"),
        ([("ice", "less"), ("spice", "hot")], "no option ice=less"),
        ([("spice", "hot"), ("extras", "egg"), ("extras", "egg")], "picked twice"),
    ],
)
def test_options_the_item_does_not_allow_are_refused(picks: list[tuple[str, str]], message: str) -> None:
    with pytest.raises(CommandRejected, match=message) as refused:
        price_lines(with_options((1, picks)), {"noodles": NOODLES})
    assert refused.value.code == "invalid"


def test_a_price_sent_with_an_option_is_not_a_field() -> None:
    with pytest.raises(ValueError, match="price_fen"):
        PlaceRequest.model_validate(
            {
                "kind": "food",
                "lines": [
                    {"item_id": "noodles", "qty": 1, "options": [{"group": "extras", "choice": "egg", "price_fen": 0}]}
                ],
            }
        )


def test_a_line_twice_with_the_same_options_in_another_order_is_refused() -> None:
    with pytest.raises(ValueError, match="once with the same options"):
        with_options((1, [("spice", "hot"), ("extras", "egg")]), (1, [("extras", "egg"), ("spice", "hot")]))
