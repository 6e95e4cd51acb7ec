"""Option groups for tests: a required single one (spice) and an optional multiple one with prices (extras)."""

from netbar.domain.menu import OptionChoice, OptionGroup

SPICE = OptionGroup(
    id="spice",
    name_zh="辣度",
    name_en="Spice",
    required=True,
    choices=(
        OptionChoice(id="none", name_zh="不辣", name_en="Not spicy"),
        OptionChoice(id="hot", name_zh="特辣", name_en="Hot"),
    ),
)
EXTRAS = OptionGroup(
    id="extras",
    name_zh="加料",
    name_en="Extras",
    multiple=True,
    choices=(
        OptionChoice(id="egg", name_zh="加蛋", name_en="Egg", price_fen=200),
        OptionChoice(id="sausage", name_zh="加肠", name_en="Sausage", price_fen=300),
    ),
)
