"""Menu items: what a seat can order, at the price the hub sets, with the options it may be ordered with."""

from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StrictBool, StrictInt, StringConstraints, model_validator

from netbar.domain.model import Message
from netbar.domain.money import MAX_PRICE_FEN

MAX_STOCK = 1_000_000  # an item's stock, at most

ITEM_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
ItemId = Annotated[str, Field(pattern=ITEM_ID_PATTERN)]
OPTION_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,31}$"
OptionId = Annotated[str, Field(pattern=OPTION_ID_PATTERN)]
MAX_OPTION_GROUPS = 6  # per item: spice, extras, ice… more is a different dish
MAX_CHOICES = 12  # per group
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
SectionName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=30)]
PriceFen = Annotated[StrictInt, Field(ge=0, le=MAX_PRICE_FEN)]


class Category(StrEnum):
    FOOD = "food"
    DRINK = "drink"
    TIME = "time"


class OptionChoice(Message):
    """One way an item can be had (hot, egg, less ice), and what it adds to the item's price."""

    id: OptionId
    name_zh: Name
    name_en: Name
    price_fen: PriceFen = 0


class OptionGroup(Message):
    """A question the customer answers for an item (spice? extras? ice?). `required`: at least one choice;
    `multiple`: more than one may be picked (extras), otherwise at most one (spice)."""

    id: OptionId
    name_zh: Name
    name_en: Name
    required: StrictBool = False
    multiple: StrictBool = False
    choices: Annotated[tuple[OptionChoice, ...], Field(min_length=1, max_length=MAX_CHOICES)]

    @model_validator(mode="after")
    def _choices_apart(self) -> Self:
        ids = [choice.id for choice in self.choices]
        if len(set(ids)) != len(ids):
            raise ValueError(f"option group {self.id!r} names a choice twice")
        return self

    def choice(self, choice_id: str) -> OptionChoice | None:
        return next((choice for choice in self.choices if choice.id == choice_id), None)


class MenuItem(Message):
    """One thing on the menu. `stock` None means unlimited; `time` items carry the minutes they buy. `section`
    groups items within a category on the kiosk (noodles, rice; soft drinks, tea); `picture` is the SHA-256 of
    its picture (`netbar.domain.pictures`), kept by the hub and fetched by kiosks once."""

    id: ItemId
    category: Category
    name_zh: Annotated[str, Field(min_length=1, max_length=60)]
    name_en: Annotated[str, Field(min_length=1, max_length=60)]
    price_fen: PriceFen
    stock: Annotated[StrictInt, Field(ge=0, le=MAX_STOCK)] | None = None
    available: StrictBool = True
    minutes: Annotated[StrictInt, Field(ge=1, le=24 * 60)] | None = None
    section_zh: SectionName = ""
    section_en: SectionName = ""
    picture: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None
    options: Annotated[tuple[OptionGroup, ...], Field(max_length=MAX_OPTION_GROUPS)] = ()

    @model_validator(mode="after")
    def _minutes_only_for_time(self) -> Self:
        if self.category is Category.TIME and self.minutes is None:
            raise ValueError(f"time item {self.id!r} needs minutes")
        if self.category is not Category.TIME and self.minutes is not None:
            raise ValueError(f"only time items carry minutes ({self.id!r} is {self.category})")
        if self.category is Category.TIME and self.options:
            raise ValueError(f"time item {self.id!r} cannot have options")
        groups = [group.id for group in self.options]
        if len(set(groups)) != len(groups):
            raise ValueError(f"item {self.id!r} names an option group twice")
        if bool(self.section_zh) != bool(self.section_en):
            raise ValueError(f"item {self.id!r}: a section needs both its names (zh and en), or neither")
        return self

    def option_group(self, group_id: str) -> OptionGroup | None:
        return next((group for group in self.options if group.id == group_id), None)

    @property
    def sold_out(self) -> bool:
        return not self.available or self.stock == 0

    def can_supply(self, qty: int) -> bool:
        return not self.sold_out and (self.stock is None or qty <= self.stock)


def time_package(items: Iterable[MenuItem], minutes: int) -> MenuItem | None:
    """The menu's time item that sells `minutes`, an available one first: what time put on a seat at the counter
    is charged at (DESIGN §5, shifts). None: the menu sells no package of that length."""
    packages = [item for item in items if item.category is Category.TIME and item.minutes == minutes]
    return min(packages, key=lambda item: not item.available, default=None)
