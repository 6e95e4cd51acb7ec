"""The hub's listening socket, which keeps out the addresses the sign-in guard has shut out (those that kept
failing, or strangers beyond the few let in during an attack) as cheaply as the machine allows.

An HTTP 429 after the request was read cost the hub ~1.3 ms of its one busy core per knock, and an attacker
knocking from a whole subnet took most of that core (issue 9's signin bench). So, first, a connection from an
address turned away is reset as it is accepted, before the event loop makes a transport for it, before any TLS or
HTTP. Second, on Linux, the addresses shut out for a while are handed to the kernel as a socket filter on the
listening socket: their connection attempts are dropped before a connection exists, and a guesser's connects hang
in their own retries instead of being answered as fast as it can send them.

Third, the door lets in only as many connections at once as the hub can take through their opening handshake
before their clients give up (`ARRIVING_AT_ONCE`, counted until the server says each is through). When every
kiosk of a large café reconnected in the same second, the hub shared itself among all of their handshakes, finished
none within a client's timeout, and all came back at once, for ever (issue 8's storm: 0 of 5,000 welcomed in a
minute). The rest are told at once, by a canned HTTP 503 with `Retry-After`, when to come back, and the link
honours it; past the handshake, welcomes take turns in the server (`WELCOMES_AT_ONCE`).
"""

import ctypes
import ipaddress
import math
import socket
import struct
import sys
import time
from collections import OrderedDict, deque
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
ARRIVING_AT_ONCE = 128  # in their opening handshake at once: well under a second of the hub's time
ARRIVAL_EXPIRES_S = 3.0  # one whose handshake failed (the server's limit is 2 s) stops counting after this
LINGER_S = 2.0  # a connection told to come back is closed after this: closed at once, it could lose the answer
MAX_RETRY_AFTER_S = 5  # longer, and the hub sat idle while everyone waited; a kiosk told again costs it ~50 µs


def come_back(seconds: int) -> bytes:
    """The door's whole answer when it is full: nothing of the request need be read to send it."""
    return (
        f"HTTP/1.1 503 Service Unavailable\r\nRetry-After: {seconds}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    ).encode("ascii")


class Doorway(socket.socket):
    """A listening socket whose `accept` (which the event loop calls for each connection waiting) closes, with a
    reset, every connection from an address `turned_away` names, tells each one past `ARRIVING_AT_ONCE` when to
    come back, and hands on the first it does neither to."""

    def __init__(self, family: socket.AddressFamily, turned_away: Callable[[str], bool]) -> None:
        super().__init__(family, socket.SOCK_STREAM)
        self._turned_away = turned_away
        self._filtered: frozenset[str] = frozenset()
        self._arriving: OrderedDict[int, float] = OrderedDict()  # a handed-on socket's number → when it expires
        self._lingering: deque[tuple[float, socket.socket]] = deque()  # told to come back; closed once due
        self._told: deque[float] = deque()  # when each of the last second's connections was told to come back
        self._through: deque[float] = deque()  # when each of the last second's arrivals got through its handshake

    def accept(self) -> tuple[socket.socket, object]:
        while True:
            connection, address = super().accept()  # BlockingIOError once none is waiting: the loop expects it
            now = time.monotonic()
            self._tidy(now)
            if self._turned_away(str(address[0])):
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _RESET_ON_CLOSE)
                connection.close()
            elif len(self._arriving) >= ARRIVING_AT_ONCE:
                self._tell_to_come_back(connection, now)
            else:
                # The event loop turns Nagle off only on sockets made with proto IPPROTO_TCP, which an accepted
                # one of ours is not: left on, a small frame after another waited for the peer's delayed ACK, and
                # every answer took 40 ms.
                connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self._arriving[connection.fileno()] = now + ARRIVAL_EXPIRES_S
                self._arriving.move_to_end(connection.fileno())  # a socket number used again: kept in expiry order
                return connection, address

    def through(self, number: int) -> None:
        """The connection with this socket number is through its opening handshake: it no longer holds the door."""
        if self._arriving.pop(number, None) is not None:
            self._through.append(time.monotonic())

    def left(self, number: int) -> None:
        """The connection with this socket number is closing, through its handshake or not (a kiosk that gave up
        while it waited in the kernel's queue fails it at once): it no longer holds the door."""
        self._arriving.pop(number, None)

    @property
    def arriving(self) -> int:
        return len(self._arriving)

    def _tell_to_come_back(self, connection: socket.socket, now: float) -> None:
        # As long as the connections told in the last second would take at the rate arrivals get through: they
        # come back about when the hub can take them (the link adds up to as long again at random).
        self._told.append(now)
        # Until the last second shows more, the door is taken to turn over once a second.
        rate = max(len(self._through), ARRIVING_AT_ONCE, 1)
        seconds = min(MAX_RETRY_AFTER_S, max(1, math.ceil(len(self._told) / rate)))
        try:
            connection.send(come_back(seconds))
            connection.shutdown(socket.SHUT_WR)
        except OSError:  # gone already
            connection.close()
            return
        self._lingering.append((now + LINGER_S, connection))

    def _tidy(self, now: float) -> None:
        while self._arriving and next(iter(self._arriving.values())) <= now:
            self._arriving.popitem(last=False)
        while self._lingering and self._lingering[0][0] <= now:
            self._lingering.popleft()[1].close()
        for moments in (self._told, self._through):
            while moments and moments[0] <= now - 1.0:
                moments.popleft()

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
