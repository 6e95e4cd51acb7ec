"""What a customer has picked but not yet ordered, within the limits the hub will check again."""

from collections.abc import Mapping

from netbar.domain.commands import MAX_LINES, MAX_QTY
from netbar.domain.menu import MenuItem


class Cart:
    def __init__(self) -> None:
        self._quantities: dict[str, int] = {}

    def quantity(self, item_id: str) -> int:
        return self._quantities.get(item_id, 0)

    def can_add(self, item: MenuItem) -> bool:
        """Whether one more of `item` stays within the limits and what is in stock."""
        wanted = self.quantity(item.id) + 1
        if wanted > MAX_QTY or not item.can_supply(wanted):
            return False
        return item.id in self._quantities or len(self._quantities) < MAX_LINES

    def add(self, item: MenuItem) -> bool:
        """One more of `item`; False (and no change) past the limits, what is in stock, or when sold out."""
        if not self.can_add(item):
            return False
        self._quantities[item.id] = self.quantity(item.id) + 1
        return True

    def remove(self, item_id: str) -> None:
        left = self.quantity(item_id) - 1
        if left > 0:
            self._quantities[item_id] = left
        else:
            self._quantities.pop(item_id, None)

    def clear(self) -> None:
        self._quantities.clear()

    def drop_unavailable(self, menu: Mapping[str, MenuItem]) -> list[str]:
        """Take out what has sold out since it was picked, and trim what is now short; the ids changed."""
        changed = []
        for item_id, qty in list(self._quantities.items()):
            item = menu.get(item_id)
            if item is None or item.sold_out:
                del self._quantities[item_id]
            elif item.stock is not None and qty > item.stock:
                self._quantities[item_id] = item.stock
            else:
                continue
            changed.append(item_id)
        return changed

    def lines(self) -> list[tuple[str, int]]:
        return list(self._quantities.items())

    def total_fen(self, menu: Mapping[str, MenuItem]) -> int:
        """What the menu says it costs; the hub prices it again, and its price is the one charged."""
        return sum(menu[item_id].price_fen * qty for item_id, qty in self._quantities.items() if item_id in menu)

    def __bool__(self) -> bool:
        return bool(self._quantities)
