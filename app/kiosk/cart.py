"""What a customer has picked but not yet ordered, within the limits the hub will check again.

A line is an item made one way: noodles with egg and noodles without are two lines, drawing on one stock.
"""

from collections.abc import Iterable, Mapping

from netbar.domain.commands import MAX_LINES, MAX_QTY, OptionPick, OrderLine
from netbar.domain.menu import MenuItem
from netbar.domain.pricing import can_make, made_line


class Cart:
    def __init__(self) -> None:
        # Each way an item is made, in the order first picked, with its quantity.
        self._lines: dict[tuple[str, frozenset[OptionPick]], OrderLine] = {}

    def quantity(self, item_id: str) -> int:
        """How many of `item_id` are in the cart, however made."""
        return sum(line.qty for line in self._lines.values() if line.item_id == item_id)

    def can_add(self, item: MenuItem, picks: Iterable[OptionPick] = ()) -> bool:
        """Whether one more of `item` made with `picks` stays within the limits and what is in stock."""
        line = self._lines.get((item.id, frozenset(picks)))
        if (line.qty if line else 0) + 1 > MAX_QTY or not item.can_supply(self.quantity(item.id) + 1):
            return False
        return line is not None or len(self._lines) < MAX_LINES

    def add(self, item: MenuItem, picks: Iterable[OptionPick] = ()) -> bool:
        """One more of `item` made with `picks`; False (and no change) past the limits, what is in stock, or when
        sold out."""
        picks = tuple(picks)
        if not self.can_add(item, picks):
            return False
        key = (item.id, frozenset(picks))
        line = self._lines.get(key)
        self._lines[key] = OrderLine(item_id=item.id, qty=line.qty + 1 if line else 1, options=picks)
        return True

    def last_picks(self, item_id: str) -> tuple[OptionPick, ...]:
        """The options `item_id` was last added with, to offer them again."""
        lines = [line for line in self._lines.values() if line.item_id == item_id]
        return lines[-1].options if lines else ()

    def remove(self, item_id: str) -> None:
        """One fewer of `item_id`: from the way it was made last."""
        key = next((key for key in reversed(self._lines) if key[0] == item_id), None)
        if key is None:
            return
        left = self._lines[key].qty - 1
        if left > 0:
            self._lines[key] = self._lines[key].model_copy(update={"qty": left})
        else:
            del self._lines[key]

    def clear(self) -> None:
        self._lines.clear()

    def drop_unavailable(self, menu: Mapping[str, MenuItem]) -> list[str]:
        """Take out what has sold out since it was picked or can no longer be made that way, and trim what is now
        short (the way last picked first); the ids changed, in the cart's order."""
        picked = list(dict.fromkeys(line.item_id for line in self._lines.values()))
        changed: set[str] = set()
        for key, line in list(self._lines.items()):
            item = menu.get(line.item_id)
            if item is None or item.sold_out or not can_make(item, line.options):
                del self._lines[key]
                changed.add(line.item_id)
        for item_id in dict.fromkeys(line.item_id for line in self._lines.values()):
            stock = menu[item_id].stock
            while stock is not None and self.quantity(item_id) > stock:
                self.remove(item_id)
                changed.add(item_id)
        return [item_id for item_id in picked if item_id in changed]

    def lines(self) -> list[OrderLine]:
        return list(self._lines.values())

    def total_fen(self, menu: Mapping[str, MenuItem]) -> int:
        """What the menu says it costs; the hub prices it again, and its price is the one charged."""
        total = 0
        for line in self._lines.values():
            item = menu.get(line.item_id)
            priced = made_line(item, line.qty, line.options) if item is not None else None
            total += priced.total_fen if priced is not None else 0
        return total

    def __bool__(self) -> bool:
        return bool(self._lines)
