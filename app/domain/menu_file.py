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

An item may have a picture: a `picture` column after `options` (in JSON, each item's `picture`) giving a file,
relative to the menu file's folder or absolute: `pictures/noodles.jpg`. It is read with the menu and checked as
the menu is (PNG, JPEG or WebP by its first bytes, at most 256 KiB; `netbar.domain.pictures`); the item then
carries its SHA-256, and `load_menu_file` returns the pictures' bytes beside the items. In a file the column is
always a path, in JSON too (never the hash): an export writes each picture as `pictures/<sha256>.<ext>` beside
the file and names it so, and the column only when some item has a picture, so export and import round-trip.
"""

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from netbar.domain.errors import invalid
from netbar.domain.menu import MenuItem, OptionGroup
from netbar.domain.pictures import MAX_PICTURE_BYTES, NotAPicture, Picture

COLUMNS = ("id", "category", "name_zh", "name_en", "price_fen", "stock", "available", "minutes")
OPTIONAL_COLUMNS = ("section_zh", "section_en", "options", "picture")
PICTURES_FOLDER = "pictures"  # where an export writes the pictures, beside the menu file
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


@dataclass(frozen=True)
class MenuFile:
    """A menu file as read: its items, and the pictures they name, by SHA-256."""

    items: list[MenuItem]
    pictures: dict[str, Picture]


@dataclass
class _PictureFiles:
    """The pictures a menu file names, read from beside it as its rows name them; None: a menu read from text,
    which has no folder to find pictures in."""

    folder: Path | None
    pictures: dict[str, Picture] = field(default_factory=dict)
    _read: dict[Path, str] = field(default_factory=dict)

    def sha(self, name: str, where: str) -> str:
        """The SHA-256 of the picture `name` (as the file wrote it), read once and checked."""
        if self.folder is None:
            raise MenuFileError(f"{where}: picture {name}: only a menu file's pictures can be read (from its folder)")
        path = self.folder / name
        if path in self._read:
            return self._read[path]
        try:
            with path.open("rb") as file:
                data = file.read(MAX_PICTURE_BYTES + 1)
        except OSError as error:
            raise MenuFileError(f"{where}: picture {name}: cannot read it ({error.strerror or error})") from None
        try:
            picture = Picture.of(data)
        except NotAPicture as error:
            raise MenuFileError(f"{where}: picture {name}: {error}") from None
        self.pictures[picture.sha] = picture
        self._read[path] = picture.sha
        return picture.sha


def default_menu() -> list[MenuItem]:
    """The menu a new hub starts with (resources/menu.csv)."""
    text = resources.files("netbar.resources").joinpath("menu.csv").read_text(encoding="utf-8-sig")
    return parse_csv(text, "menu.csv")


def read_menu_file(path: Path) -> list[MenuItem]:
    """The items of the menu file at `path` (their pictures read and checked, but not kept)."""
    return load_menu_file(path).items


def load_menu_file(path: Path) -> MenuFile:
    """The menu file at `path`, checked whole, with the pictures its items name."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise MenuFileError(f"{path}: a menu file is .csv or .json")
    try:
        if path.stat().st_size > _MAX_FILE_BYTES:
            raise MenuFileError(f"{path}: larger than a menu can be (1 MiB)")
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise MenuFileError(f"{path}: cannot read it ({error})") from error
    pictures = _PictureFiles(path.parent)
    parse = _parse_csv if suffix == ".csv" else _parse_json
    items = parse(text, path.name, pictures)
    return MenuFile(items, pictures.pictures)


def write_menu_file(path: Path, items: Sequence[MenuItem], pictures: Mapping[str, Picture] | None = None) -> None:
    """Write `items` to `path` (.csv or .json), and the pictures they name (from `pictures`, by SHA-256) as
    `pictures/<sha256>.<ext>` beside it."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise MenuFileError(f"{path}: a menu file is .csv or .json")
    files = _picture_files(items, pictures or {})
    if suffix == ".json":
        payload = [{**item.model_dump(mode="json"), "picture": files.get(item.picture or "")} for item in items]
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        encoding = "utf-8"
    else:
        text, encoding = _to_csv(items, files), "utf-8-sig"
    try:
        for sha, name in files.items():
            picture_path, data = path.parent / name, (pictures or {})[sha].data
            if not picture_path.is_file() or picture_path.read_bytes() != data:  # unchanged since the last export
                picture_path.parent.mkdir(parents=True, exist_ok=True)
                picture_path.write_bytes(data)
        path.write_text(text, encoding=encoding, newline="")
    except OSError as error:
        raise MenuFileError(f"{path}: cannot write it ({error})") from error


def _picture_files(items: Sequence[MenuItem], pictures: Mapping[str, Picture]) -> dict[str, str]:
    """Each picture the items name, by SHA-256 → where an export writes it, relative to the menu file."""
    files: dict[str, str] = {}
    for item in items:
        if item.picture is None or item.picture in files:
            continue
        picture = pictures.get(item.picture)
        if picture is None:
            raise MenuFileError(f"item {item.id!r}: its picture {item.picture} is not at hand to write")
        files[item.picture] = f"{PICTURES_FOLDER}/{item.picture}.{picture.extension}"
    return files


def parse_csv(text: str, name: str) -> list[MenuItem]:
    """A CSV menu from text: its items may not name pictures (there is no folder to read them from)."""
    return _parse_csv(text, name, _PictureFiles(None))


def parse_json(text: str, name: str) -> list[MenuItem]:
    """A JSON menu from text: its items may not name pictures (there is no folder to read them from)."""
    return _parse_json(text, name, _PictureFiles(None))


def _parse_csv(text: str, name: str, pictures: _PictureFiles) -> list[MenuItem]:
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
    return _validated(((where, _item_row(cells, groups, pictures, where)) for where, cells in items), name)


def _parse_json(text: str, name: str, pictures: _PictureFiles) -> list[MenuItem]:
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise MenuFileError(f"{name}: not JSON ({error})") from error
    except RecursionError:
        raise MenuFileError(f"{name}: not a menu (nested too deeply)") from None
    if not isinstance(payload, list):
        raise MenuFileError(f"{name}: a JSON menu is a list of items")
    rows = ((f"{name} item {index + 1}", row) for index, row in enumerate(payload))
    return _validated(((where, _with_picture(row, pictures, where)) for where, row in rows), name)


def _with_picture(row: Any, pictures: _PictureFiles, where: str) -> Any:
    """A JSON item whose `picture` names a file, naming its picture's SHA-256 instead."""
    if isinstance(row, dict) and isinstance(row.get("picture"), str):
        return {**row, "picture": pictures.sha(row["picture"], where)}
    return row


def _cells(row: dict[str | Any, str | Any], where: str) -> dict[str, str]:
    if None in row:
        raise MenuFileError(f"{where}: more fields than the header names")
    return {column: (row.get(column) or "").strip() for column in COLUMNS + OPTIONAL_COLUMNS}


def _item_row(
    cells: dict[str, str], groups: dict[str, dict[str, Any]], pictures: _PictureFiles, where: str
) -> dict[str, Any]:
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
        "picture": pictures.sha(cells["picture"], where) if cells["picture"] else None,
    }


def _option_groups(rows: list[tuple[str, dict[str, str]]]) -> dict[str, dict[str, Any]]:
    """The option groups of `option` rows, each with its choices, checked whole."""
    groups: dict[str, dict[str, Any]] = {}
    where_defined: dict[str, str] = {}
    for where, cells in rows:
        if cells["picture"]:
            raise MenuFileError(f"{where}: an option group or choice has no picture (only items do)")
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


def _to_csv(items: Sequence[MenuItem], picture_files: Mapping[str, str]) -> str:
    """Items first, as an owner reads a menu, then each option group once with its choices. The optional columns
    only where some item uses them, so a menu without options stays the file it was; the picture column only
    where some item has a picture. `picture_files`: each picture's file, by SHA-256."""
    with_pictures = any(item.picture for item in items)
    extended = with_pictures or any(item.options or item.section_zh for item in items)
    optional = OPTIONAL_COLUMNS if with_pictures else OPTIONAL_COLUMNS[:-1]
    header = list(COLUMNS + optional if extended else COLUMNS)
    lines: list[list[str]] = [header]
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
        if with_pictures:
            row.append(picture_files[item.picture] if item.picture else "")
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
    csv.writer(out, lineterminator="\n").writerows(line + [""] * (len(header) - len(line)) for line in lines)
    return out.getvalue()
