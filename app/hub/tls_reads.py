"""How the hub reads its TLS connections: a record at a time.

asyncio reads each TLS connection through a buffer of its own of 256 KiB (`SSLProtocol.max_size`), zeroed as the
connection is made: over `wss://`, as a venue's hub speaks beyond loopback, an idle kiosk cost the hub 314 KB,
against 26 KB over `ws://` (74 KB with a buffer of one record; bench/README). A whole record fits it; what a kiosk
or a staff window sends is a few hundred bytes a frame, and a larger frame is read in more turns.

The setting is the process's: the hub's own TLS connections as a client (asyncpg's to PostgreSQL, when its server
offers TLS) read a record at a time too, which costs a large result a few more turns of the loop and nothing else.
It is asyncio's class attribute, not a documented setting: tests/hub/test_tls.py checks a live connection's buffer,
so a Python that stops reading it is noticed.
"""

import asyncio.sslproto

TLS_RECORD = 16 * 1024 + 5 + 256  # the most a TLS record takes on the wire: its data, its header, the cipher's share


def read_a_record_at_a_time() -> None:
    """Have asyncio read every TLS connection of this process through a buffer of one TLS record."""
    asyncio.sslproto.SSLProtocol.max_size = TLS_RECORD
