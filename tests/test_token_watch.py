"""A kiosk's config file, watched for a new seat token: a new one is handed on once; a file that cannot be read
as it is (half-saved, or readable by others) leaves the token in use alone."""

import asyncio
from pathlib import Path

from netbar.config import write_setting
from netbar.domain.exit_pin import hash_pin
from netbar.token_watch import TokenWatch

OLD, NEW = "o" * 32, "n" * 32
PIN_HASH = hash_pin("4321")


def write(path: Path, token: str, mode: int = 0o600) -> None:
    path.write_text(f'[kiosk]\nseat = "A01"\nhub = "ws://127.0.0.1:8765"\ntoken = "{token}"\n', encoding="utf-8")
    path.chmod(mode)


async def test_a_new_token_in_the_file_is_handed_on_and_a_file_others_can_read_is_not_taken(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    write(config, OLD)
    seen: list[str] = []
    arrived = asyncio.Event()

    def changed(token: str) -> None:
        seen.append(token)
        arrived.set()

    watch = TokenWatch(config, OLD, changed, every=0.02)
    watch.start()
    try:
        write(config, NEW, mode=0o644)  # a secret others may read is refused, as `netbar kiosk` refuses it
        await asyncio.sleep(0.2)
        assert seen == []
        config.chmod(0o600)
        async with asyncio.timeout(5):
            await arrived.wait()
        arrived.clear()
        write(config, NEW)  # saved again, the same token: nothing new
        await asyncio.sleep(0.2)
        assert seen == [NEW]
    finally:
        await watch.close()


async def test_an_exit_pin_set_with_kiosk_pin_is_handed_on_once(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    write(config, OLD)
    pins: list[str | None] = []
    tokens: list[str] = []
    arrived = asyncio.Event()

    def pin_changed(pin_hash: str | None) -> None:
        pins.append(pin_hash)
        arrived.set()

    watch = TokenWatch(config, OLD, tokens.append, every=0.02, pin_hash=None, pin_changed=pin_changed)
    watch.start()
    try:
        await asyncio.sleep(0.1)  # the watch has looked at the file as it was
        write_setting(config, "kiosk", "exit_pin_hash", PIN_HASH)
        async with asyncio.timeout(5):
            await arrived.wait()
        arrived.clear()
        assert pins == [PIN_HASH]
        write(config, OLD)  # the PIN taken out again
        async with asyncio.timeout(5):
            await arrived.wait()
        assert pins == [PIN_HASH, None]
        assert tokens == []  # the token did not change
    finally:
        await watch.close()
