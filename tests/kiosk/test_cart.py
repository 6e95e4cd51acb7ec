"""The cart keeps to what the hub will accept: the limits and what is in stock."""

from netbar.domain.commands import MAX_QTY
from netbar.domain.menu import Category, MenuItem
from netbar.kiosk.cart import Cart


def item(item_id: str, stock: int | None = None, available: bool = True, price: int = 600) -> MenuItem:
    return MenuItem(
        id=item_id,
        category=Category.FOOD,
        name_zh=item_id,
        name_en=item_id,
        price_fen=price,
        stock=stock,
        available=available,
    )


def test_adding_and_removing_and_the_total() -> None:
    cart, noodles, rice = Cart(), item("noodles"), item("rice", price=1500)
    assert cart.add(noodles)
    assert cart.add(noodles)
    assert cart.add(rice)
    cart.remove("noodles")
    assert cart.lines() == [("noodles", 1), ("rice", 1)]
    assert cart.total_fen({"noodles": noodles, "rice": rice}) == 2100
    cart.remove("rice")
    cart.remove("rice")
    assert cart.lines() == [("noodles", 1)]


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
    assert cart.lines() == [("cola", 3)]
    assert changed == ["cola", "tea"]
    assert cart.drop_unavailable({"cola": item("cola", stock=3)}) == []
