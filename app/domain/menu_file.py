"""Menu files: CSV that an owner edits in a spreadsheet (UTF-8, with a BOM so Excel reads the Chinese), or JSON.

A file is read whole and checked whole before anything is written: an error names the line and the field.

In CSV, option groups are rows of their own, so a group is written once and shared by the items naming it:

    id,category,name_zh,name_en,price_fen,stock,available,minutes,section_zh,section_en,options
    noodles-beef,food,红烧牛肉面,Beef noodles,600,40,yes,,泡面,Noodles,spice extras
    spice,option,辣度,Spice,,,,,,,required single
    spice.mild,option,微辣,Mild,0,,,,,,
    extras,option,加料,Extras,,,,,,,optional multiple
    extras.egg,option,加蛋,Egg,200,,,,,,

A group row's `options` says whether a choice must be made (required/optional, 必选/可选) and how many
(single/multiple, 单选/多选); an item row's lists the groups it has. The last four columns may be left out:
a menu from before options imports unchanged. JSON carries the same as each item's nested `options`.
"""

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from netbar.domain.errors import invalid
from netbar.domain.menu import MenuItem, OptionGroup

COLUMNS = ("id", "category", "name_zh", "name_en", "price_fen", "stock", "available", "minutes")
OPTIONAL_COLUMNS = ("section_zh", "section_en", "options")
OPTION_ROW = "option"  # the category of a row that is an option group (`spice`) or one of its choices (`spice.hot`)
_YES = {"yes", "y", "true", "1", "是"}
_NO = {"no", "n", "false", "0", "否"}
_GROUP_WORDS = {
    "required": ("required", True),
    "必选": ("required", True),
    "optional": ("required", False),
    "可选": ("required", False),
    "single": ("multiple", False),
    "单选": ("multiple", False),
    "multiple": ("multiple", True),
    "多选": ("multiple", True),
}
_LIST_SEPARATORS = re.compile(r"[\s,;，；、]+")
_MAX_FILE_BYTES = 1024 * 1024


class MenuFileError(ValueError):
    pass


def default_menu() -> list[MenuItem]:
    """The menu a new hub starts with (resources/menu.csv)."""
    text = resources.files("netbar.resources").joinpath("menu.csv").read_text(encoding="utf-8-sig")
    return parse_csv(text, "menu.csv")


def read_menu_file(path: Path) -> list[MenuItem]:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise MenuFileError(f"{path}: a menu file is .csv or .json")
    try:
        if path.stat().st_size > _MAX_FILE_BYTES:
            raise MenuFileError(f"{path}: larger than a menu can be (1 MiB)")
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise MenuFileError(f"{path}: cannot read it ({error})") from error
    return parse_csv(text, path.name) if suffix == ".csv" else parse_json(text, path.name)


def write_menu_file(path: Path, items: Sequence[MenuItem]) -> None:
    suffix = path.suffix.lower()
    if suffix == ".json":
        payload = [item.model_dump(mode="json") for item in items]
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        encoding = "utf-8"
    elif suffix == ".csv":
        text, encoding = _to_csv(items), "utf-8-sig"
    else:
        raise MenuFileError(f"{path}: a menu file is .csv or .json")
    try:
        path.write_text(text, encoding=encoding, newline="")
    except OSError as error:
        raise MenuFileError(f"{path}: cannot write it ({error})") from error


def parse_csv(text: str, name: str) -> list[MenuItem]:
    reader = csv.DictReader(text.splitlines())
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or ())]
    if missing:
        raise MenuFileError(f"{name}: the header lacks {', '.join(missing)} (it needs {','.join(COLUMNS)})")
    items: list[tuple[str, dict[str, str]]] = []
    option_rows: list[tuple[str, dict[str, str]]] = []
    try:
        for row in reader:
            where = f"{name} line {reader.line_num}"
            cells = _cells(row, where)
            (option_rows if cells["category"] == OPTION_ROW else items).append((where, cells))
    except csv.Error as error:  # e.g. a field past csv's limit: no spreadsheet wrote this
        raise MenuFileError(f"{name} line {reader.line_num + 1}: not CSV ({error})") from None
    groups = _option_groups(option_rows)
    return _validated(((where, _item_row(cells, groups, where)) for where, cells in items), name)


def parse_json(text: str, name: str) -> list[MenuItem]:
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise MenuFileError(f"{name}: not JSON ({error})") from error
    except RecursionError:
        raise MenuFileError(f"{name}: not a menu (nested too deeply)") from None
    if not isinstance(payload, list):
        raise MenuFileError(f"{name}: a JSON menu is a list of items")
    return _validated(((f"{name} item {index + 1}", row) for index, row in enumerate(payload)), name)


def _cells(row: dict[str | Any, str | Any], where: str) -> dict[str, str]:
    if None in row:
        raise MenuFileError(f"{where}: more fields than the header names")
    return {column: (row.get(column) or "").strip() for column in COLUMNS + OPTIONAL_COLUMNS}


def _item_row(cells: dict[str, str], groups: dict[str, dict[str, Any]], where: str) -> dict[str, Any]:
    named = [group_id for group_id in _LIST_SEPARATORS.split(cells["options"]) if group_id]
    unknown = [group_id for group_id in named if group_id not in groups]
    if unknown:
        raise MenuFileError(f"{where}: no option group {', '.join(map(repr, unknown))} in the file")
    return {
        "id": cells["id"],
        "category": cells["category"],
        "name_zh": cells["name_zh"],
        "name_en": cells["name_en"],
        "price_fen": _int_cell(cells["price_fen"], "price_fen", where),
        "stock": _int_cell(cells["stock"], "stock", where) if cells["stock"] else None,
        "available": _yes_no(cells["available"] or "yes", where),
        "minutes": _int_cell(cells["minutes"], "minutes", where) if cells["minutes"] else None,
        "section_zh": cells["section_zh"],
        "section_en": cells["section_en"],
        "options": [groups[group_id] for group_id in named],
    }


def _option_groups(rows: list[tuple[str, dict[str, str]]]) -> dict[str, dict[str, Any]]:
    """The option groups of `option` rows, each with its choices, checked whole."""
    groups: dict[str, dict[str, Any]] = {}
    where_defined: dict[str, str] = {}
    for where, cells in rows:
        if "." in cells["id"]:
            continue
        if cells["id"] in groups:
            raise MenuFileError(f"{where}: option group {cells['id']!r} appears twice")
        groups[cells["id"]] = {
            "id": cells["id"],
            "name_zh": cells["name_zh"],
            "name_en": cells["name_en"],
            "choices": [],
            **_group_rule(cells["options"], where),
        }
        where_defined[cells["id"]] = where
    for where, cells in rows:
        if "." not in cells["id"]:
            continue
        group_id, choice_id = cells["id"].split(".", 1)
        if group_id not in groups:
            raise MenuFileError(f"{where}: the choice {cells['id']!r} has no group row {group_id!r}")
        price = _int_cell(cells["price_fen"], "price_fen", where) if cells["price_fen"] else 0
        groups[group_id]["choices"].append(
            {"id": choice_id, "name_zh": cells["name_zh"], "name_en": cells["name_en"], "price_fen": price}
        )
    for group_id, group in groups.items():
        try:
            OptionGroup.model_validate(group)
        except ValidationError as error:
            where = f"{where_defined[group_id]} (option group {group_id!r})"
            raise MenuFileError(invalid(error, where).message) from None
    return groups


def _group_rule(cell: str, where: str) -> dict[str, bool]:
    rule = {"required": False, "multiple": False}
    for word in _LIST_SEPARATORS.split(cell.lower()):
        if not word:
            continue
        if word not in _GROUP_WORDS:
            raise MenuFileError(f"{where}: an option group is required or optional, single or multiple, not {word!r}")
        key, value = _GROUP_WORDS[word]
        rule[key] = value
    return rule


def _int_cell(cell: str, column: str, where: str) -> int:
    try:
        return int(cell)
    except ValueError:
        raise MenuFileError(f"{where}: {column} must be a whole number (fen), not {cell!r}") from None


def _yes_no(cell: str, where: str) -> bool:
    if cell.lower() in _YES:
        return True
    if cell.lower() in _NO:
        return False
    raise MenuFileError(f"{where}: available must be yes or no, not {cell!r}")


def _validated(rows: Iterable[tuple[str, Any]], name: str) -> list[MenuItem]:
    items: list[MenuItem] = []
    seen: set[str] = set()
    for where, row in rows:
        try:
            item = MenuItem.model_validate(row)
        except ValidationError as error:
            raise MenuFileError(invalid(error, where).message) from None
        if item.id in seen:
            raise MenuFileError(f"{where}: item id {item.id!r} appears twice")
        seen.add(item.id)
        items.append(item)
    if not items:
        raise MenuFileError(f"{name}: the menu has no items")
    return items


def _to_csv(items: Sequence[MenuItem]) -> str:
    """Items first, as an owner reads a menu, then each option group once with its choices. The optional columns
    only where some item uses them, so a menu without options stays the file it was."""
    extended = any(item.options or item.section_zh for item in items)
    lines: list[list[str]] = [list(COLUMNS + OPTIONAL_COLUMNS if extended else COLUMNS)]
    groups: dict[str, OptionGroup] = {}
    for item in items:
        row = [
            item.id,
            item.category,
            item.name_zh,
            item.name_en,
            str(item.price_fen),
            "" if item.stock is None else str(item.stock),
            "yes" if item.available else "no",
            "" if item.minutes is None else str(item.minutes),
        ]
        if extended:
            row += [item.section_zh, item.section_en, " ".join(group.id for group in item.options)]
        lines.append(row)
        for group in item.options:
            if groups.setdefault(group.id, group) != group:
                raise MenuFileError(
                    f"option group {group.id!r} differs between items; a CSV menu shares one group by its id "
                    "(save as JSON to keep both)"
                )
    for group in groups.values():
        rule = f"{'required' if group.required else 'optional'} {'multiple' if group.multiple else 'single'}"
        lines.append([group.id, OPTION_ROW, group.name_zh, group.name_en, *[""] * 6, rule])
        lines += [
            [f"{group.id}.{choice.id}", OPTION_ROW, choice.name_zh, choice.name_en, str(choice.price_fen), *[""] * 6]
            for choice in group.choices
        ]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(lines)
    return out.getvalue()
