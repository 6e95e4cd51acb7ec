"""Menu pictures in the hub's database: kept once by their hash, with the menu that names them, and only while a
listed item does."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from netbar.domain.menu_file import default_menu
from netbar.domain.pictures import Picture
from netbar.hub.admin import export_menu, import_menu
from netbar.store.database import Database
from netbar.store.migrate import upgrade_database
from tests.support.pictures import JPEG_START, png

NOW = datetime(2026, 11, 27, 13, 0, tzinfo=UTC)
NOODLES = Picture.of(png(colour=(180, 40, 20)))
COLA = Picture.of(JPEG_START + b"cola")


@pytest.fixture
async def db(tmp_path: Path) -> Database:
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    await upgrade_database(url)
    database = Database.open(url)
    yield database  # type: ignore[misc]
    await database.close()


async def test_a_kept_picture_reads_back_by_its_hash_once(db: Database) -> None:
    async with db.write() as repo:
        await repo.keep_pictures([NOODLES, COLA], NOW)
    async with db.write() as repo:
        await repo.keep_pictures([NOODLES], NOW)  # the same bytes again: nothing new
    async with db.read() as repo:
        assert await repo.picture(NOODLES.sha) == NOODLES
        assert await repo.picture("0" * 64) is None
        assert await repo.pictures([COLA.sha, "0" * 64, COLA.sha]) == {COLA.sha: COLA}
    # The hub reads them on its readers' threads.
    assert await db.reading(lambda repo: repo.picture(COLA.sha)) == COLA


async def test_pruning_keeps_only_what_listed_items_name(db: Database) -> None:
    menu = default_menu()
    items = [menu[0].model_copy(update={"picture": NOODLES.sha}), menu[1].model_copy(update={"picture": COLA.sha})]
    async with db.write() as repo:
        await repo.replace_menu(items)
        await repo.keep_pictures([NOODLES, COLA], NOW)
        assert await repo.prune_pictures() == 0
    async with db.write() as repo:
        await repo.replace_menu(items[:1])  # the cola is taken off the menu: its row stays, unlisted
        assert await repo.prune_pictures() == 1
    async with db.read() as repo:
        assert await repo.pictures([NOODLES.sha, COLA.sha]) == {NOODLES.sha: NOODLES}


def menu_with_pictures(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "noodles.png").write_bytes(NOODLES.data)
    (folder / "cola.jpg").write_bytes(COLA.data)
    path = folder / "menu.csv"
    header = "id,category,name_zh,name_en,price_fen,stock,available,minutes,section_zh,section_en,options,picture"
    path.write_text(
        f"{header}\nnoodles,food,面,Noodles,600,,yes,,,,,noodles.png\ncola,drink,可乐,Cola,300,,yes,,,,,cola.jpg\n"
        "water,drink,水,Water,200,,yes,,,,,\n",
        encoding="utf-8",
    )
    return path


async def test_a_menu_import_keeps_its_pictures_and_an_export_writes_them_back(db: Database, tmp_path: Path) -> None:
    assert await import_menu(db, menu_with_pictures(tmp_path / "in")) == 3
    async with db.read() as repo:
        assert {item.id: item.picture for item in await repo.menu()} == {
            "noodles": NOODLES.sha,
            "cola": COLA.sha,
            "water": None,
        }
        assert set(await repo.pictures([NOODLES.sha, COLA.sha])) == {NOODLES.sha, COLA.sha}

    exported = tmp_path / "out" / "menu.csv"
    exported.parent.mkdir()
    await export_menu(db, exported)
    assert (exported.parent / "pictures" / f"{NOODLES.sha}.png").read_bytes() == NOODLES.data
    assert (exported.parent / "pictures" / f"{COLA.sha}.jpg").read_bytes() == COLA.data

    # The exported file, edited to drop the cola, imports back; the cola's picture goes with it.
    lines = exported.read_text(encoding="utf-8-sig").splitlines()
    exported.write_text("\n".join(line for line in lines if not line.startswith("cola,")) + "\n", encoding="utf-8")
    assert await import_menu(db, exported) == 2
    async with db.read() as repo:
        assert await repo.pictures([NOODLES.sha, COLA.sha]) == {NOODLES.sha: NOODLES}
