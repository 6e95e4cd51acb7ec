"""How the hub reads its TLS connections: 4 KiB at a time.

asyncio reads each TLS connection through a buffer of its own of 256 KiB (`SSLProtocol.max_size`), zeroed as the
connection is made: over `wss://`, as a venue's hub speaks beyond loopback, an idle kiosk cost the hub 314 KB,
against 26 KB over `ws://`. With a buffer of one whole TLS record (16 KiB and its overhead) it cost 74.6 KB; with
4 KiB, 62.4 KB (bench/README). What a kiosk or a staff window sends is a few hundred bytes a frame; a larger frame,
or a record larger than the buffer, is read in more turns of the loop (OpenSSL keeps a record's part until the rest
comes), so a 100 KB frame costs some 25 reads instead of 7.

The setting is the process's: the hub's own TLS connections as a client (asyncpg's to PostgreSQL, when its server
offers TLS) read 4 KiB at a time too, which costs a large result a few more turns of the loop and nothing else.
It is asyncio's class attribute, not a documented setting: tests/hub/test_tls.py checks a live connection's buffer,
so a Python that stops reading it is noticed.
"""

import asyncio.sslproto

TLS_READ_SIZE = 4096  # a page: every frame a kiosk sends fits, and one read of the socket takes it


def read_tls_in_small_pieces() -> None:
    """Have asyncio read every TLS connection of this process through a buffer of `TLS_READ_SIZE` bytes."""
    asyncio.sslproto.SSLProtocol.max_size = TLS_READ_SIZE
