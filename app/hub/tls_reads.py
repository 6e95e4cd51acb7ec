"""How the hub reads its TLS connections: a record at a time.

asyncio reads each TLS connection through a buffer of its own of 256 KiB (`SSLProtocol.max_size`), zeroed as the
connection is made: over `wss://`, as a venue's hub speaks beyond loopback, an idle kiosk cost the hub 314 KB,
against 26 KB over `ws://` (74 KB with a buffer of one record; bench/README), and a storm of 5,000 kiosks took
43–45 s rather than 35. One record fits it whole; what a kiosk or a staff window sends is a few hundred bytes a
frame, and a larger frame is read in more turns.
"""

import asyncio.sslproto

TLS_RECORD = 16 * 1024  # the most a TLS record holds


def read_a_record_at_a_time() -> None:
    """Have asyncio read every TLS connection of this process through a buffer of one TLS record."""
    asyncio.sslproto.SSLProtocol.max_size = TLS_RECORD
