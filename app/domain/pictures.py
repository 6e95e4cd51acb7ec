"""Menu pictures: PNG, JPEG or WebP, at most 256 KiB, known by the SHA-256 of their bytes.

An item names its picture by that hash (`MenuItem.picture`); the hub keeps each picture once, and a kiosk fetches
and keeps those it lacks. The same bytes are the same picture everywhere, so a picture is never fetched twice and
one that arrives damaged is known by its hash.
"""

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

MAX_PICTURE_BYTES = 256 * 1024
SHA_PATTERN = r"^[0-9a-f]{64}$"
MediaType = Literal["image/png", "image/jpeg", "image/webp"]
EXTENSIONS: dict[MediaType, str] = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}
_SHA = re.compile(SHA_PATTERN)


def sha_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_sha(text: str) -> bool:
    return bool(_SHA.fullmatch(text))


def media_type_of(data: bytes) -> MediaType | None:
    """What the first bytes say the picture is: PNG, JPEG or WebP, or None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


class NotAPicture(ValueError):
    pass


@dataclass(frozen=True)
class Picture:
    """A picture's bytes and their media type, which its magic bytes agree with."""

    media_type: MediaType
    data: bytes

    @classmethod
    def of(cls, data: bytes) -> "Picture":
        """The picture `data` is, or `NotAPicture` saying why not."""
        if len(data) > MAX_PICTURE_BYTES:
            raise NotAPicture(f"larger than {MAX_PICTURE_BYTES // 1024} KiB")
        media_type = media_type_of(data)
        if media_type is None:
            raise NotAPicture("not a PNG, JPEG or WebP")
        return cls(media_type, data)

    @cached_property
    def sha(self) -> str:
        return sha_of(self.data)

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.media_type]
