"""The kiosk's menu pictures on disk: one file per picture, named by the SHA-256 of its bytes, beside the outbox.

Content-addressed, so a picture is fetched from the hub once per kiosk, not once per start, and a file is checked
against its name whenever it is read: a damaged one (a power cut mid-write on an old file system, a disk error)
is deleted and fetched again. A file is written whole or not at all (a temporary file, fsync, rename). The
methods block on the disk: the view-model runs them in a worker thread.
"""

import contextlib
import logging
import os
import tempfile
import time
from collections.abc import Collection
from pathlib import Path

from netbar.domain.pictures import NotAPicture, Picture, is_sha

_LOGGER = logging.getLogger(__name__)
PART_LEFT_AFTER_S = 3600  # a temporary file this old was left by a kiosk that stopped mid-write


class PictureCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def read(self, sha: str) -> Picture | None:
        """The picture kept under `sha`, if there is one and it is still that picture."""
        if not is_sha(sha):
            return None
        path = self.folder / sha
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            _LOGGER.warning("cannot read the kept picture %s: %s", path, error)
            return None
        try:
            picture = Picture.of(data)
        except NotAPicture:
            picture = None
        if picture is None or picture.sha != sha:
            _LOGGER.warning("the kept picture %s is damaged; it will be fetched again", path)
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        return picture

    def write(self, picture: Picture) -> None:
        """Keep `picture` under its SHA-256: written whole and synced before it takes its name."""
        path = self.folder / picture.sha
        if path.exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{picture.sha}.", suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(picture.data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    def keep_only(self, shas: Collection[str]) -> int:
        """Delete the kept pictures the menu no longer names (the hub's welcome has the whole menu), and what a
        write cut short left behind; how many went."""
        removed = 0
        with contextlib.suppress(FileNotFoundError):
            for path in self.folder.iterdir():
                with contextlib.suppress(OSError):
                    unnamed = is_sha(path.name) and path.name not in shas
                    if unnamed or (path.suffix == ".part" and path.stat().st_mtime < time.time() - PART_LEFT_AFTER_S):
                        path.unlink()
                        removed += 1
        return removed
