"""Pictures for tests: a real PNG made here (a solid colour, any size), and the first bytes of the other kinds."""

import struct
import zlib

from netbar.domain.pictures import Picture


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int = 4, height: int = 4, colour: tuple[int, int, int] = (200, 60, 30)) -> bytes:
    """A real PNG of one colour, which Qt can show."""

    row = b"\x00" + bytes(colour) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(row * height))
        + _chunk(b"IEND", b"")
    )


JPEG_START = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
WEBP_START = b"RIFF\x24\x00\x00\x00WEBPVP8 "


def picture(colour: tuple[int, int, int] = (200, 60, 30)) -> Picture:
    return Picture.of(png(colour=colour))
