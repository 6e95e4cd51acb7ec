"""The seat's exit PIN: what staff type to close a fullscreen kiosk. Kept only as a salted scrypt hash, so the
kiosk's config file (and a backup of it) never shows the digits staff may use on other seats too."""

import base64
import hashlib
import hmac
import re
import secrets

PIN_PATTERN = r"[0-9]{4,12}"
PIN_RULE = "4 to 12 digits"
# scrypt's cost: ~30 ms a check here. A short PIN is never safe from a patient attacker holding the file; the hash
# keeps the digits out of sight, and the kiosk's pause after wrong tries keeps a customer from guessing at the seat.
_N, _R, _P = 2**14, 8, 1
_HASH = re.compile(r"scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)")


def is_pin(text: str) -> bool:
    return re.fullmatch(PIN_PATTERN, text) is not None


def hash_pin(pin: str) -> str:
    """`scrypt$N$r$p$salt$hash` (base64) of a PIN of 4 to 12 digits."""
    if not is_pin(pin):
        raise ValueError(f"an exit PIN is {PIN_RULE}")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P)
    return f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def is_pin_hash(text: str) -> bool:
    return _HASH.fullmatch(text) is not None


def pin_matches(pin: str, pin_hash: str) -> bool:
    """Whether `pin` is the one `pin_hash` was made from; a malformed hash matches nothing."""
    found = _HASH.fullmatch(pin_hash)
    if found is None or not is_pin(pin):
        return False
    n, r, p = (int(found[number]) for number in (1, 2, 3))
    if n > 2**20 or r > 32 or p > 16:  # a hash no one here made: refuse rather than spend a gigabyte on it
        return False
    salt, expected = base64.b64decode(found[4]), base64.b64decode(found[5])
    try:
        digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=len(expected))
    except ValueError:  # parameters scrypt refuses (n not a power of 2, an empty digest)
        return False
    return hmac.compare_digest(digest, expected)
