"""The hub prices every request from its own menu; a price from a client is never read."""

from collections.abc import Mapping

from netbar.domain.commands import PlaceRequest
from netbar.domain.errors import CommandRejected, ErrorCode
from netbar.domain.menu import MenuItem
from netbar.domain.requests import RequestLine


def price_lines(order: PlaceRequest, menu: Mapping[str, MenuItem]) -> tuple[RequestLine, ...]:
    """The order's lines at menu prices, or `CommandRejected` for an unknown item (`not_found`), an item of
    another category (`invalid`) or more than is there (`sold_out`)."""
    category = order.kind.menu_category
    priced = []
    for line in order.lines:
        item = menu.get(line.item_id)
        if item is None:
            raise CommandRejected(ErrorCode.NOT_FOUND, f"no menu item {line.item_id!r}")
        if item.category is not category:
            raise CommandRejected(
                ErrorCode.INVALID, f"{item.id!r} is a {item.category} item, not for a {order.kind} request"
            )
        if not item.can_supply(line.qty):
            left = "sold out" if item.sold_out else f"only {item.stock} left"
            raise CommandRejected(ErrorCode.SOLD_OUT, f"{item.name_en} ({item.name_zh}): {left}")
        priced.append(priced_line(item, line.qty))
    return tuple(priced)


def priced_line(item: MenuItem, qty: int) -> RequestLine:
    """`qty` of `item` at its menu price, with its names and minutes copied."""
    return RequestLine(
        item_id=item.id,
        name_zh=item.name_zh,
        name_en=item.name_en,
        qty=qty,
        price_fen=item.price_fen,
        minutes=item.minutes,
    )
