"""Menu files: the default menu is a real café's, and a bad file is refused whole with its line named."""

import json
from pathlib import Path

import pytest

from netbar.domain.menu import Category
from netbar.domain.menu_file import COLUMNS, MenuFileError, default_menu, read_menu_file, write_menu_file


def test_the_default_menu_is_a_real_cafe_menu() -> None:
    menu = default_menu()
    by_category = {category: [item for item in menu if item.category is category] for category in Category}
    names = {item.name_zh for item in menu}
    assert {"红烧牛肉面", "蛋炒饭", "烤肠", "可口可乐", "红牛", "矿泉水", "奶茶", "冰红茶"} <= names
    assert any(item.name_zh.startswith("包夜") for item in by_category[Category.TIME])
    assert sorted(item.minutes or 0 for item in by_category[Category.TIME]) == [60, 180, 300, 540]
    assert all(item.price_fen > 0 and item.name_en for item in menu)
    assert any(item.stock is not None for item in menu)


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_export_then_import_gives_the_same_menu(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"menu{suffix}"
    write_menu_file(path, default_menu())
    assert read_menu_file(path) == default_menu()


def test_the_csv_opens_in_excel_with_its_chinese(tmp_path: Path) -> None:
    path = tmp_path / "menu.csv"
    write_menu_file(path, default_menu())
    assert path.read_bytes().startswith(b"\xef\xbb\xbf" + ",".join(COLUMNS).encode())


HEADER = ",".join(COLUMNS)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,name\ncola,Cola\n", "header lacks"),
        (f"{HEADER}\ncola,drink,可乐,Cola,3.5,,yes,\n", "line 2: price_fen must be a whole number"),
        (f"{HEADER}\ncola,drink,可乐,Cola,350,,maybe,\n", "line 2: available must be yes or no"),
        (
            f"{HEADER}\ncola,drink,可乐,Cola,350,,yes,\ncola,drink,可乐,Cola,350,,yes,\n",
            "line 3: item id 'cola' appears twice",
        ),
        (f"{HEADER}\ncola,soup,可乐,Cola,350,,yes,\n", "line 2: category"),
        (f"{HEADER}\nhour,time,1小时,1 hour,500,,yes,\n", "line 2: Value error, time item 'hour' needs minutes"),
        (f"{HEADER}\ncola,drink,可乐,Cola,-1,,yes,\n", "line 2: price_fen"),
        (f"{HEADER}\ncola,drink,可乐,Cola,350,,yes,,extra\n", "line 2: more fields"),
        (f"{HEADER}\n", "no items"),
        (f"{HEADER}\ncola,drink,可乐,{'x' * 200_000},350,,yes,\n", "line 2: not CSV"),
    ],
)
def test_a_bad_csv_is_refused_with_its_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "menu.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(MenuFileError, match=message):
        read_menu_file(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("menu.json", "{not json", "not JSON"),
        ("menu.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("menu.json", json.dumps({"id": "cola"}), "a list of items"),
        (
            "menu.json",
            json.dumps(
                [
                    {
                        "id": "cola",
                        "category": "drink",
                        "name_zh": "可乐",
                        "name_en": "Cola",
                        "price_fen": 350,
                        "colour": "red",
                    }
                ]
            ),
            "item 1: colour",
        ),
        ("menu.xlsx", "", "is .csv or .json"),
        ("menu.csv", b"\xff\xfe\x00bad", "cannot read"),
    ],
)
def test_a_bad_file_is_refused(tmp_path: Path, name: str, content: str | bytes, message: str) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(MenuFileError, match=message):
        read_menu_file(path)
