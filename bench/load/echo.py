"""A bare websocket echo server, as a process of its own: the baseline the hub's round trips and memory per
connection are printed beside. Same library, same loop and same server settings as the hub's, no work.

`python -m bench.load.echo [--tls FOLDER]` prints "echo listening on ws://127.0.0.1:PORT" (`wss://` with
`--tls`, over the hub's kind of certificate, made in FOLDER, and read as the hub reads TLS) and runs until SIGTERM
or SIGINT.
"""

import argparse
import asyncio
import signal
import ssl
from pathlib import Path

from websockets.asyncio.server import ServerConnection, serve

from netbar.hub.tls_reads import read_tls_in_small_pieces
from netbar.tls import server_context

READ_LIMIT = 1024 * 1024  # as the hub's


async def echo(websocket: ServerConnection) -> None:
    async for message in websocket:
        await websocket.send(message)


async def main(tls: ssl.SSLContext | None) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with serve(
        echo,
        "127.0.0.1",
        0,
        max_size=READ_LIMIT,
        compression=None,
        ping_interval=20,
        ping_timeout=20,
        close_timeout=1.0,
        ssl=tls,
    ) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"echo listening on {'wss' if tls else 'ws'}://127.0.0.1:{port}", flush=True)
        await stop.wait()
        server.close(close_connections=False)
        for connection in list(server.connections):
            connection.transport.abort()


if __name__ == "__main__":
    command = argparse.ArgumentParser(prog="python -m bench.load.echo", description=__doc__)
    command.add_argument("--tls", type=Path, metavar="FOLDER", help="speak wss://, with a certificate made in FOLDER")
    folder = command.parse_args().tls
    if folder is not None:
        read_tls_in_small_pieces()
    asyncio.run(main(None if folder is None else server_context(folder)))
