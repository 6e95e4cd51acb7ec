"""Menu files: the default menu is a real café's, and a bad file is refused whole with its line named."""

import json
from pathlib import Path

import pytest

from netbar.domain.menu import Category
from netbar.domain.menu_file import (
    COLUMNS,
    MenuFileError,
    default_menu,
    load_menu_file,
    read_menu_file,
    write_menu_file,
)
from netbar.domain.pictures import MAX_PICTURE_BYTES, sha_of
from tests.support.pictures import JPEG_START, WEBP_START, png


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


def test_the_default_menu_has_sections_and_options_priced_by_choice() -> None:
    menu = {item.id: item for item in default_menu()}
    noodles = menu["noodles-beef"]
    assert (noodles.section_zh, noodles.section_en) == ("泡面", "Noodles")
    extras = noodles.option_group("extras")
    assert extras is not None
    assert extras.multiple
    assert not extras.required
    assert [(choice.name_zh, choice.price_fen) for choice in extras.choices] == [("加蛋", 200), ("加肠", 300)]
    ice = menu["cola"].option_group("ice")
    assert ice is not None
    assert [choice.name_zh for choice in ice.choices] == ["正常冰", "少冰", "去冰"]
    assert not menu["time-1h"].options
    assert not menu["time-1h"].section_zh


def test_a_menu_from_before_options_imports_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "menu.csv"
    path.write_text(f"{HEADER}\ncola,drink,可乐,Cola,350,,yes,\n", encoding="utf-8")
    (item,) = read_menu_file(path)
    assert (item.options, item.section_zh, item.price_fen) == ((), "", 350)
    write_menu_file(path, [item])
    assert path.read_text(encoding="utf-8-sig") == f"{HEADER}\ncola,drink,可乐,Cola,350,,yes,\n"


OPTIONS_HEADER = ",".join((*COLUMNS, "section_zh", "section_en", "options"))


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("noodles,food,面,Noodles,600,,yes,,,,spice\n", "line 3: no option group 'spice'"),
        ("spice,option,辣,Spice,,,,,,,required\n", r"line 3 \(option group 'spice'\): choices"),
        ("spice.hot,option,特辣,Hot,0,,,,,,\n", "line 3: the choice 'spice.hot' has no group row 'spice'"),
        ("spice,option,辣,Spice,,,,,,,sometimes\n", "line 3: an option group is required or optional"),
        ("spice,option,辣,Spice,,,,,,,\nspice,option,辣,Spice,,,,,,,\n", "line 4: option group 'spice' appears twice"),
        ("spice,option,辣,Spice,,,,,,,\nspice.hot,option,特辣,Hot,-1,,,,,,\n", "price_fen"),
        ("noodles,food,面,Noodles,600,,yes,,泡面,,\n", "a section needs both its names"),
        ("hour,time,1小时,1 hour,500,,yes,60,,,spice\nspice,option,辣,Spice,,,,,,,\nspice.hot,option,辣,Hot,0,,,,,,\n",
         "'hour' cannot have options"),
    ],
)  # fmt: skip
def test_bad_options_are_refused_with_their_line(tmp_path: Path, rows: str, message: str) -> None:
    path = tmp_path / "menu.csv"
    path.write_text(f"{OPTIONS_HEADER}\ncola,drink,可乐,Cola,350,,yes,,,,\n{rows}", encoding="utf-8")
    with pytest.raises(MenuFileError, match=message):
        read_menu_file(path)


def test_the_owners_words_for_a_group_may_be_chinese_but_ids_stay_latin(tmp_path: Path) -> None:
    path = tmp_path / "menu.csv"
    rows = "noodles,food,面,Noodles,600,,yes,,,,extras\nextras,option,加料,Extras,,,,,,,多选，必选\n"
    path.write_text(f"{OPTIONS_HEADER}\n{rows}extras.egg,option,加蛋,Egg,200,,,,,,\n", encoding="utf-8")
    (item,) = read_menu_file(path)
    assert item.options[0].required
    assert item.options[0].multiple
    path.write_text(f"{OPTIONS_HEADER}\n{rows}extras.蛋,option,加蛋,Egg,200,,,,,,\n", encoding="utf-8")
    with pytest.raises(MenuFileError, match=r"line 3 \(option group 'extras'\): choices.0.id"):
        read_menu_file(path)


def test_a_csv_cannot_hold_two_groups_of_one_id_so_export_says_to_use_json(tmp_path: Path) -> None:
    menu = {item.id: item for item in default_menu()}
    changed = menu["noodles-pickled"].options[0].model_copy(update={"required": True})
    items = [menu["noodles-beef"], menu["noodles-pickled"].model_copy(update={"options": (changed,)})]
    with pytest.raises(MenuFileError, match="save as JSON"):
        write_menu_file(tmp_path / "menu.csv", items)
    write_menu_file(tmp_path / "menu.json", items)
    assert read_menu_file(tmp_path / "menu.json") == items


PICTURE_HEADER = ",".join((*COLUMNS, "section_zh", "section_en", "options", "picture"))


def test_an_item_has_the_picture_its_row_names_beside_the_file(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "cola.png").write_bytes(png())
    (tmp_path / "tea.jpg").write_bytes(JPEG_START + b"rest")
    elsewhere = tmp_path / "elsewhere" / "juice.webp"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(WEBP_START + b"rest")
    path = tmp_path / "menu" / "menu.csv"
    path.parent.mkdir()
    path.write_text(
        f"{PICTURE_HEADER}\n"
        "cola,drink,可乐,Cola,350,,yes,,,,,../photos/cola.png\n"
        "tea,drink,茶,Tea,300,,yes,,,,,../tea.jpg\n"
        f"juice,drink,果汁,Juice,400,,yes,,,,,{elsewhere}\n"
        "water,drink,水,Water,200,,yes,,,,,\n"
        "cola2,drink,大可乐,Big cola,500,,yes,,,,,../photos/cola.png\n",
        encoding="utf-8",
    )

    menu = load_menu_file(path)

    pictures = {item.id: item.picture for item in menu.items}
    assert pictures == {
        "cola": sha_of(png()),
        "tea": sha_of(JPEG_START + b"rest"),
        "juice": sha_of(WEBP_START + b"rest"),
        "water": None,
        "cola2": sha_of(png()),
    }
    assert {sha: picture.media_type for sha, picture in menu.pictures.items()} == {
        sha_of(png()): "image/png",
        sha_of(JPEG_START + b"rest"): "image/jpeg",
        sha_of(WEBP_START + b"rest"): "image/webp",
    }
    assert menu.pictures[sha_of(png())].data == png()
    assert read_menu_file(path) == menu.items


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a...", "line 3: picture noodles.jpg: not a PNG, JPEG or WebP"),
        (b"", "line 3: picture noodles.jpg: not a PNG, JPEG or WebP"),
        (JPEG_START + bytes(MAX_PICTURE_BYTES), "line 3: picture noodles.jpg: larger than 256 KiB"),
        (None, "line 3: picture noodles.jpg: cannot read it"),
    ],
)
def test_a_bad_picture_is_refused_with_its_line_and_file(tmp_path: Path, content: bytes | None, message: str) -> None:
    if content is not None:
        (tmp_path / "noodles.jpg").write_bytes(content)
    path = tmp_path / "menu.csv"
    path.write_text(
        f"{PICTURE_HEADER}\ncola,drink,可乐,Cola,350,,yes,,,,,\nnoodles,food,面,Noodles,600,,yes,,,,,noodles.jpg\n",
        encoding="utf-8",
    )
    with pytest.raises(MenuFileError, match=f"menu.csv {message}"):
        read_menu_file(path)


def test_a_picture_of_exactly_256_kib_is_taken(tmp_path: Path) -> None:
    data = JPEG_START + bytes(MAX_PICTURE_BYTES - len(JPEG_START))
    (tmp_path / "big.jpg").write_bytes(data)
    path = tmp_path / "menu.csv"
    path.write_text(f"{PICTURE_HEADER}\ncola,drink,可乐,Cola,350,,yes,,,,,big.jpg\n", encoding="utf-8")
    assert load_menu_file(path).pictures[sha_of(data)].data == data


def test_a_json_item_names_its_picture_by_file(tmp_path: Path) -> None:
    (tmp_path / "cola.png").write_bytes(png())
    item = {"id": "cola", "category": "drink", "name_zh": "可乐", "name_en": "Cola", "price_fen": 350}
    path = tmp_path / "menu.json"
    path.write_text(json.dumps([{**item, "picture": "cola.png"}]), encoding="utf-8")
    (cola,) = read_menu_file(path)
    assert cola.picture == sha_of(png())
    path.write_text(json.dumps([{**item, "picture": "gone.png"}]), encoding="utf-8")
    with pytest.raises(MenuFileError, match=r"menu\.json item 1: picture gone\.png: cannot read it"):
        read_menu_file(path)
    path.write_text(json.dumps([{**item, "picture": 7}]), encoding="utf-8")
    with pytest.raises(MenuFileError, match=r"menu\.json item 1: picture"):
        read_menu_file(path)


def test_an_option_row_has_no_picture(tmp_path: Path) -> None:
    (tmp_path / "cola.png").write_bytes(png())
    path = tmp_path / "menu.csv"
    path.write_text(
        f"{PICTURE_HEADER}\ncola,drink,可乐,Cola,350,,yes,,,,ice,\nice,option,冰,Ice,,,,,,,,cola.png\n"
        "ice.less,option,少冰,Less ice,0,,,,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(MenuFileError, match="line 3: an option group or choice has no picture"):
        read_menu_file(path)


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_export_writes_the_pictures_beside_the_file_and_import_reads_them_back(tmp_path: Path, suffix: str) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "noodles.png").write_bytes(png(colour=(10, 20, 30)))
    (tmp_path / "source" / "cola.jpg").write_bytes(JPEG_START + b"cola")
    menu = {item.id: item for item in default_menu()}
    source = tmp_path / "source" / "menu.json"
    rows = [
        {**menu["noodles-beef"].model_dump(mode="json"), "picture": "noodles.png"},
        {**menu["cola"].model_dump(mode="json"), "picture": "cola.jpg"},
        menu["time-1h"].model_dump(mode="json"),
    ]
    source.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    read = load_menu_file(source)

    exported = tmp_path / "export" / f"menu{suffix}"
    exported.parent.mkdir()
    write_menu_file(exported, read.items, read.pictures)

    again = load_menu_file(exported)
    assert again == read
    noodles_sha = sha_of(png(colour=(10, 20, 30)))
    assert (exported.parent / "pictures" / f"{noodles_sha}.png").read_bytes() == png(colour=(10, 20, 30))
    assert (exported.parent / "pictures" / f"{sha_of(JPEG_START + b'cola')}.jpg").exists()
    text = exported.read_text(encoding="utf-8-sig")
    assert f"pictures/{noodles_sha}.png" in text
    if suffix == ".csv":
        assert text.splitlines()[0] == PICTURE_HEADER
    else:
        assert [row["picture"] for row in json.loads(text)] == [
            f"pictures/{noodles_sha}.png",
            f"pictures/{sha_of(JPEG_START + b'cola')}.jpg",
            None,
        ]
    write_menu_file(exported, read.items, read.pictures)  # again, over its own pictures
    assert load_menu_file(exported) == read


def test_export_refuses_an_item_whose_picture_it_was_not_given(tmp_path: Path) -> None:
    item = default_menu()[0].model_copy(update={"picture": sha_of(png())})
    with pytest.raises(MenuFileError, match=r"its picture \w+ is not at hand"):
        write_menu_file(tmp_path / "menu.csv", [item])
    assert not (tmp_path / "menu.csv").exists()
