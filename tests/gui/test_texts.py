"""Ordered lines read the same everywhere they are shown: the item, then how it was made, then how many."""

from netbar.domain.requests import ChosenOption, RequestLine
from netbar.gui.texts import lines_text

HOT = ChosenOption(group="spice", choice="hot", name_zh="特辣", name_en="Hot")
EGG = ChosenOption(group="extras", choice="egg", name_zh="加蛋", name_en="Egg", price_fen=200)
NOODLES = RequestLine(item_id="n", name_zh="红烧牛肉面", name_en="Noodles", qty=2, price_fen=800, options=(HOT, EGG))
COLA = RequestLine(item_id="c", name_zh="可乐", name_en="Cola", qty=1, price_fen=350)


def test_a_line_names_its_options_in_the_language_shown() -> None:
    assert lines_text((NOODLES, COLA), lambda thing: thing.name_zh) == "红烧牛肉面 (特辣, 加蛋) ×2, 可乐 ×1"
    assert lines_text((NOODLES,), lambda thing: thing.name_en) == "Noodles (Hot, Egg) ×2"
