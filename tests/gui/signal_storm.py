"""Many thousands of Qt signals through the qasync loop, with SQLite work between them.

Run as a program: PySide6 6.12.0 on Python 3.11 drops a reference to True on every `Signal.emit()`, and the
interpreter aborts (bool_dealloc) after about a thousand; qasync emits one per `call_soon_threadsafe`, and
aiosqlite calls that on every query. Prints "survived N" and exits 0 on a sound PySide6.
"""

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

import aiosqlite
import qasync
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

EMITS = 20_000


class Pinger(QObject):
    ping = Signal(int)


async def storm(folder: Path) -> int:
    received = []
    pinger = Pinger()
    pinger.ping.connect(received.append)
    async with aiosqlite.connect(folder / "storm.db") as db:
        await db.execute("CREATE TABLE t (n INTEGER)")
        for number in range(EMITS):
            pinger.ping.emit(number)
            if number % 20 == 0:  # each query is another emit, from aiosqlite's thread
                await db.execute("INSERT INTO t VALUES (?)", (number,))
                await db.commit()
        async with db.execute("SELECT count(*) FROM t") as rows:
            (count,) = await rows.fetchone()  # type: ignore[misc]
    return len(received) + count


if __name__ == "__main__":
    QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        print("survived", qasync.run(storm(Path(folder))), flush=True)
