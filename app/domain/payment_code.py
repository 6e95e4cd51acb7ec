"""The venue's payment code: what a customer scans at the seat to pay by QR, as the owner set it at the hub.

Either text (a payment URL, turned into a QR code where it is shown) or the image of a collection code (a PNG or
JPEG of the WeChat or Alipay code, shown as it is). Kiosks get it in their welcome; a payment is confirmed by staff,
who see it arrive. Real payment callbacks would be a third kind beside these, tagged by `kind`.
"""

import base64
import binascii
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, StringConstraints

from netbar.domain.model import Message

MAX_TEXT_CHARS = 200
# Every kiosk welcome carries the image: a collection code is a few tens of KiB; a photo of one is not wanted.
MAX_IMAGE_BYTES = 256 * 1024


class ImageType(StrEnum):
    PNG = "image/png"
    JPEG = "image/jpeg"


_MAGIC = {ImageType.PNG: b"\x89PNG\r\n\x1a\n", ImageType.JPEG: b"\xff\xd8\xff"}


def image_type(data: bytes) -> ImageType | None:
    """What the bytes are by their first few (their magic), not by a file's name; None for neither PNG nor JPEG."""
    return next((kind for kind, magic in _MAGIC.items() if data.startswith(magic)), None)


def image_problem(data: bytes) -> str | None:
    """Why `data` cannot be a payment code's image, or None when it can."""
    if len(data) > MAX_IMAGE_BYTES:
        return f"is larger than {MAX_IMAGE_BYTES // 1024} KiB (crop it to the code, or save it smaller)"
    if image_type(data) is None:
        return "is not a PNG or JPEG image"
    return None


def _from_base64(value: object) -> object:
    if isinstance(value, str):  # as the wire has it
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("not base64") from None
    return value


def _checked_image(data: bytes) -> bytes:
    if problem := image_problem(data):
        raise ValueError(f"the image {problem}")
    return data


def _to_base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


ImageBytes = Annotated[
    bytes,
    BeforeValidator(_from_base64),
    AfterValidator(_checked_image),
    PlainSerializer(_to_base64, return_type=str, when_used="json"),
]


class TextCode(Message):
    """A payment URL or text, shown as a QR code made from it."""

    kind: Literal["text"] = "text"
    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT_CHARS)]


class ImageCode(Message):
    """The image of a collection code (PNG or JPEG), base64 on the wire, shown as it is."""

    kind: Literal["image"] = "image"
    image: ImageBytes

    def __repr__(self) -> str:  # a log line or a failed test shows its size, not 256 KiB of bytes
        return f"ImageCode({image_type(self.image)}, {len(self.image)} bytes)"


PaymentCode = Annotated[TextCode | ImageCode, Field(discriminator="kind")]
