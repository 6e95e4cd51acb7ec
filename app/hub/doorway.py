"""The hub's listening socket, which keeps out the addresses the sign-in guard has shut out (those that kept
failing, or strangers beyond the few let in during an attack) as cheaply as the machine allows.

An HTTP 429 after the request was read cost the hub ~1.3 ms of its one busy core per knock, and an attacker
knocking from a whole subnet took most of that core (issue 9's signin bench). So, first, a connection from an
address turned away is reset as it is accepted, before the event loop makes a transport for it, before any TLS or
HTTP. Second, on Linux, the addresses shut out for a while are handed to the kernel as a socket filter on the
listening socket: their connection attempts are dropped before a connection exists, and a guesser's connects hang
in their own retries instead of being answered as fast as it can send them.
"""

import ctypes
import ipaddress
import socket
import struct
import sys
from collections.abc import Callable, Collection

# SO_LINGER on, with a zero timeout: close() sends a reset and frees the socket at once, with no TIME_WAIT.
_RESET_ON_CLOSE = struct.pack("ii", 1, 0)
# Classic BPF, as <linux/filter.h> spells it: a program is at most 4,096 instructions, two per address here.
_SO_ATTACH_FILTER = 26
_LOAD_WORD_AT = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JUMP_IF_EQUAL = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_RETURN = 0x06  # BPF_RET | BPF_K: how many bytes of the packet to keep, 0 to drop it
_IPV4_SOURCE = (-0x100000 + 12) & 0xFFFFFFFF  # SKF_NET_OFF + 12: the source address in the IPv4 header
_KEEP_ALL = 0xFFFFFFFF
MOST_FILTERED = 2000  # addresses beyond these are still reset as they are accepted


class Doorway(socket.socket):
    """A listening socket whose `accept` (which the event loop calls for each connection waiting) closes, with a
    reset, every connection from an address `turned_away` names, and hands on the first it does not."""

    def __init__(self, family: socket.AddressFamily, turned_away: Callable[[str], bool]) -> None:
        super().__init__(family, socket.SOCK_STREAM)
        self._turned_away = turned_away
        self._filtered: frozenset[str] = frozenset()

    def accept(self) -> tuple[socket.socket, object]:
        while True:
            connection, address = super().accept()  # BlockingIOError once none is waiting: the loop expects it
            if not self._turned_away(str(address[0])):
                # The event loop turns Nagle off only on sockets made with proto IPPROTO_TCP, which an accepted
                # one of ours is not: left on, a small frame after another waited for the peer's delayed ACK, and
                # every answer took 40 ms.
                connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                return connection, address
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _RESET_ON_CLOSE)
            connection.close()

    def keep_out(self, addresses: Collection[str]) -> None:
        """Have the kernel drop every connection attempt from `addresses` (IPv4, Linux; at most MOST_FILTERED of
        them), in place of the ones given last time."""
        wanted = frozenset(addresses)
        if wanted == self._filtered or sys.platform != "linux" or self.family != socket.AF_INET:
            return
        program = _dropping(sorted(filter(None, map(_ipv4, wanted)))[:MOST_FILTERED])
        # The kernel copies the program: the buffer need only live through the call.
        code = ctypes.create_string_buffer(b"".join(struct.pack("HBBI", *line) for line in program))
        self.setsockopt(socket.SOL_SOCKET, _SO_ATTACH_FILTER, struct.pack("HL", len(program), ctypes.addressof(code)))
        self._filtered = wanted


def _dropping(addresses: list[int]) -> list[tuple[int, int, int, int]]:
    """A socket filter that drops packets from `addresses` (IPv4, as numbers) and keeps the rest (each line:
    code, jump if true, jump if false, operand)."""
    program = [(_LOAD_WORD_AT, 0, 0, _IPV4_SOURCE)]
    for address in addresses:
        program += [(_JUMP_IF_EQUAL, 0, 1, address), (_RETURN, 0, 0, 0)]
    return [*program, (_RETURN, 0, 0, _KEEP_ALL)]


def _ipv4(address: str) -> int | None:
    try:
        return int(ipaddress.IPv4Address(address))
    except ValueError:
        return None


def open_doorway(host: str, port: int, turned_away: Callable[[str], bool]) -> Doorway:
    """A non-blocking socket bound to the first address `host` resolves to, IPv4 first (what kiosks on a café's
    LAN use, and what the kernel filter knows); the event loop's server makes it listen."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, _, _, _, address = min(found, key=lambda each: each[0] != socket.AF_INET)
    doorway = Doorway(family, turned_away)
    try:
        doorway.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        doorway.bind(address)
    except OSError as error:
        doorway.close()
        raise OSError(error.errno, str(error.strerror).lower()) from error  # callers say where
    doorway.setblocking(False)
    return doorway
