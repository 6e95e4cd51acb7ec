"""Menu items: what a seat can order, at the price the hub sets."""

from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StrictBool, StrictInt, model_validator

from netbar.domain.model import Message
from netbar.domain.money import MAX_PRICE_FEN

MAX_STOCK = 1_000_000  # an item's stock, at most

ITEM_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
ItemId = Annotated[str, Field(pattern=ITEM_ID_PATTERN)]


class Category(StrEnum):
    FOOD = "food"
    DRINK = "drink"
    TIME = "time"


class MenuItem(Message):
    """One thing on the menu. `stock` None means unlimited; `time` items carry the minutes they buy."""

    id: ItemId
    category: Category
    name_zh: Annotated[str, Field(min_length=1, max_length=60)]
    name_en: Annotated[str, Field(min_length=1, max_length=60)]
    price_fen: Annotated[StrictInt, Field(ge=0, le=MAX_PRICE_FEN)]
    stock: Annotated[StrictInt, Field(ge=0, le=MAX_STOCK)] | None = None
    available: StrictBool = True
    minutes: Annotated[StrictInt, Field(ge=1, le=24 * 60)] | None = None

    @model_validator(mode="after")
    def _minutes_only_for_time(self) -> Self:
        if self.category is Category.TIME and self.minutes is None:
            raise ValueError(f"time item {self.id!r} needs minutes")
        if self.category is not Category.TIME and self.minutes is not None:
            raise ValueError(f"only time items carry minutes ({self.id!r} is {self.category})")
        return self

    @property
    def sold_out(self) -> bool:
        return not self.available or self.stock == 0

    def can_supply(self, qty: int) -> bool:
        return not self.sold_out and (self.stock is None or qty <= self.stock)
