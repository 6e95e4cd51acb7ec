"""Seat tokens and staff passwords are stored only as hashes.

A seat token is 32 random bytes, so a plain SHA-256 of it cannot be guessed backwards; a staff password is chosen
by a person, so it gets Argon2id, which is memory-hard. Argon2 takes tens of milliseconds on purpose: call the
password functions off the event loop (`asyncio.to_thread`).
"""

import functools
import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str, token_hash: str | None) -> bool:
    # Compare in constant time; with no seat, still compare, so the answer takes the same time.
    return hmac.compare_digest(hash_token(token), token_hash or "0" * 64) and token_hash is not None


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def password_matches(password: str, password_hash: str | None) -> bool:
    # With no such user, verify against a stand-in hash: the answer takes as long, so it tells no names.
    try:
        return _HASHER.verify(password_hash or _stand_in_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _stand_in_hash() -> str:
    return _HASHER.hash(secrets.token_urlsafe(16))
