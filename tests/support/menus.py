"""A menu with pictures, put on a running hub as the owner does: `netbar menu import` of a file beside them."""

import json
import os
from pathlib import Path

from netbar.domain.menu_file import default_menu
from netbar.domain.pictures import Picture
from netbar.hub.admin import import_menu
from netbar.store.database import Database
from tests.support.pictures import JPEG_START, png

NOODLES = Picture.of(png(colour=(180, 40, 20)))
COLA = Picture.of(png(colour=(90, 20, 10)))
# As large as a picture may be, and not compressible: some 350 KB on the wire.
BIG = Picture.of(JPEG_START + os.urandom(256 * 1024 - len(JPEG_START)))


async def import_pictured_menu(db: Database, folder: Path, pictures: dict[str, Picture] | None = None) -> Path:
    """The default menu with `pictures` (item id → picture; the noodles' and the cola's unless told), imported."""
    path = pictured_menu_file(folder, {"noodles-beef": NOODLES, "cola": COLA} if pictures is None else pictures)
    await import_menu(db, path)
    return path


def pictured_menu_file(folder: Path, pictures: dict[str, Picture]) -> Path:
    """The default menu as a JSON file in `folder`, with `pictures` (item id → picture) beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for item in default_menu():
        row = item.model_dump(mode="json")
        if item.id in pictures:
            name = f"{item.id}.{pictures[item.id].extension}"
            (folder / name).write_bytes(pictures[item.id].data)
            row["picture"] = name
        rows.append(row)
    path = folder / "menu.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return path
