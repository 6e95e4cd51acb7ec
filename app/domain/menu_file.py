"""Menu files: CSV that an owner edits in a spreadsheet (UTF-8, with a BOM so Excel reads the Chinese), or JSON.

A file is read whole and checked whole before anything is written: an error names the line and the field.
"""

import csv
import io
import json
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from netbar.domain.errors import invalid
from netbar.domain.menu import MenuItem

COLUMNS = ("id", "category", "name_zh", "name_en", "price_fen", "stock", "available", "minutes")
_YES = {"yes", "y", "true", "1", "是"}
_NO = {"no", "n", "false", "0", "否"}
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
    rows = []
    try:
        for row in reader:
            where = f"{name} line {reader.line_num}"
            rows.append((where, _csv_row(row, where)))
    except csv.Error as error:  # e.g. a field past csv's limit: no spreadsheet wrote this
        raise MenuFileError(f"{name} line {reader.line_num + 1}: not CSV ({error})") from None
    return _validated(rows, name)


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


def _csv_row(row: dict[str | Any, str | Any], where: str) -> dict[str, Any]:
    if None in row:
        raise MenuFileError(f"{where}: more fields than the header names")
    cells = {key: (value or "").strip() for key, value in row.items() if key in COLUMNS}
    return {
        "id": cells["id"],
        "category": cells["category"],
        "name_zh": cells["name_zh"],
        "name_en": cells["name_en"],
        "price_fen": _int_cell(cells["price_fen"], "price_fen", where),
        "stock": _int_cell(cells["stock"], "stock", where) if cells["stock"] else None,
        "available": _yes_no(cells["available"] or "yes", where),
        "minutes": _int_cell(cells["minutes"], "minutes", where) if cells["minutes"] else None,
    }


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


def _to_csv(items: Iterable[MenuItem]) -> str:
    lines: list[list[str]] = [list(COLUMNS)]
    for item in items:
        lines.append(
            [
                item.id,
                item.category,
                item.name_zh,
                item.name_en,
                str(item.price_fen),
                "" if item.stock is None else str(item.stock),
                "yes" if item.available else "no",
                "" if item.minutes is None else str(item.minutes),
            ]
        )
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(lines)
    return out.getvalue()
