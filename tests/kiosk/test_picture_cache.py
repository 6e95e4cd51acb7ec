"""The kiosk's picture folder: a file per picture, named by its hash, believed only while it is that picture."""

import os
import time
from pathlib import Path

from netbar.kiosk.picture_cache import PART_LEFT_AFTER_S, PictureCache
from tests.support.menus import COLA, NOODLES


def test_a_kept_picture_reads_back_and_a_damaged_one_is_deleted(tmp_path: Path) -> None:
    cache = PictureCache(tmp_path / "pictures")
    assert cache.read(NOODLES.sha) is None  # no folder yet
    cache.write(NOODLES)
    cache.write(NOODLES)  # once
    assert cache.read(NOODLES.sha) == NOODLES
    assert [path.name for path in (tmp_path / "pictures").iterdir()] == [NOODLES.sha]

    (tmp_path / "pictures" / NOODLES.sha).write_bytes(NOODLES.data[:-10])  # cut short
    assert cache.read(NOODLES.sha) is None
    assert not (tmp_path / "pictures" / NOODLES.sha).exists()
    assert cache.read("../outbox-A01.db") is None  # only hashes are names here


def test_keep_only_drops_what_the_menu_no_longer_names_and_old_leftovers(tmp_path: Path) -> None:
    cache = PictureCache(tmp_path)
    cache.write(NOODLES)
    cache.write(COLA)
    fresh_part = tmp_path / f".{COLA.sha}.abc.part"
    old_part = tmp_path / f".{COLA.sha}.def.part"
    fresh_part.write_bytes(b"being written")
    old_part.write_bytes(b"left by a kiosk switched off mid-write")
    an_hour_ago = time.time() - PART_LEFT_AFTER_S - 10
    os.utime(old_part, (an_hour_ago, an_hour_ago))
    (tmp_path / "notes.txt").write_text("not ours")

    assert cache.keep_only({NOODLES.sha}) == 2

    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([NOODLES.sha, fresh_part.name, "notes.txt"])
