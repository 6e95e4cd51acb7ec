"""The cart keeps to what the hub will accept: the limits, what is in stock, and options the item has."""

from netbar.domain.commands import MAX_QTY, OptionPick, OrderLine
from netbar.domain.menu import Category, MenuItem, OptionGroup
from netbar.kiosk.cart import Cart
from tests.support.options import EXTRAS

EGG = (OptionPick(group="extras", choice="egg"),)


def item(
    item_id: str,
    stock: int | None = None,
    available: bool = True,
    price: int = 600,
    options: tuple[OptionGroup, ...] = (),
) -> MenuItem:
    return MenuItem(
        id=item_id,
        category=Category.FOOD,
        name_zh=item_id,
        name_en=item_id,
        price_fen=price,
        stock=stock,
        available=available,
        options=options,
    )


def plain(item_id: str, qty: int) -> OrderLine:
    return OrderLine(item_id=item_id, qty=qty)


def test_adding_and_removing_and_the_total() -> None:
    cart, noodles, rice = Cart(), item("noodles"), item("rice", price=1500)
    assert cart.add(noodles)
    assert cart.add(noodles)
    assert cart.add(rice)
    cart.remove("noodles")
    assert cart.lines() == [plain("noodles", 1), plain("rice", 1)]
    assert cart.total_fen({"noodles": noodles, "rice": rice}) == 2100
    cart.remove("rice")
    cart.remove("rice")
    assert cart.lines() == [plain("noodles", 1)]


def test_the_cart_stops_at_the_limits_and_the_stock() -> None:
    cart, plenty, few = Cart(), item("plenty"), item("few", stock=2)
    assert all(cart.add(plenty) for _ in range(MAX_QTY))
    assert not cart.can_add(plenty)
    assert not cart.add(plenty)
    assert cart.add(few)
    assert cart.add(few)
    assert not cart.add(few)
    assert not cart.add(item("gone", available=False))
    assert cart.quantity("gone") == 0


def test_a_sell_out_after_picking_takes_it_out() -> None:
    cart, cola, tea = Cart(), item("cola"), item("tea")
    for _ in range(5):
        cart.add(cola)
    cart.add(tea)
    changed = cart.drop_unavailable({"cola": item("cola", stock=3), "tea": item("tea", available=False)})
    assert cart.lines() == [plain("cola", 3)]
    assert changed == ["cola", "tea"]
    assert cart.drop_unavailable({"cola": item("cola", stock=3)}) == []


def test_one_item_made_two_ways_is_two_lines_priced_with_their_options_and_one_stock() -> None:
    cart, noodles = Cart(), item("noodles", stock=3, options=(EXTRAS,))
    assert cart.add(noodles)
    assert cart.add(noodles, EGG)
    assert cart.add(noodles, EGG)
    assert not cart.can_add(noodles)  # 3 in stock, however made
    assert cart.lines() == [plain("noodles", 1), OrderLine(item_id="noodles", qty=2, options=EGG)]
    assert cart.quantity("noodles") == 3
    assert cart.total_fen({"noodles": noodles}) == 600 + 2 * 800
    assert cart.last_picks("noodles") == EGG
    cart.remove("noodles")  # from the way made last
    assert cart.lines() == [plain("noodles", 1), OrderLine(item_id="noodles", qty=1, options=EGG)]


def test_a_menu_change_drops_a_way_the_item_is_no_longer_made_and_trims_the_last_picked_first() -> None:
    cart, noodles = Cart(), item("noodles", options=(EXTRAS,))
    cart.add(noodles)
    cart.add(noodles, EGG)
    cart.add(noodles, EGG)
    assert cart.drop_unavailable({"noodles": item("noodles", stock=2, options=(EXTRAS,))}) == ["noodles"]
    assert cart.lines() == [plain("noodles", 1), OrderLine(item_id="noodles", qty=1, options=EGG)]
    assert cart.drop_unavailable({"noodles": item("noodles")}) == ["noodles"]  # no more extras
    assert cart.lines() == [plain("noodles", 1)]
