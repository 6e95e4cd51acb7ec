"""The hub's listening socket, which keeps out the addresses the sign-in guard has shut out (those that kept
failing, or strangers beyond the few let in during an attack) as cheaply as the machine allows.

An HTTP 429 after the request was read cost the hub ~1.3 ms of its one busy core per knock, and an attacker
knocking from a whole subnet took most of that core (issue 9's signin bench). So, first, a connection from an
address turned away is reset as it is accepted, before the event loop makes a transport for it, before any TLS or
HTTP. Second, on Linux, the addresses shut out for a while are handed to the kernel as a socket filter on the
listening socket: their connection attempts are dropped before a connection exists, and a guesser's connects hang
in their own retries instead of being answered as fast as it can send them.

Third, the door lets in only as many connections at once as the hub can take through their opening handshake and their
welcome before their clients give up (`ARRIVING_AT_ONCE`, twice as many over TLS: counted from the accept through the
handshake, and again from the hello until the welcome is sent). When every kiosk of a large café reconnected in the same
second, the hub shared itself among all of their handshakes, finished none within a client's timeout, and all came back
at once, for ever (issue 8's storm: 0 of 5,000 welcomed in a minute). The rest are told at once, by a canned HTTP 503,
when to come back, and the link honours it. Each is given a turn of its own, after every turn already given, at the rate
the hub welcomes (`Retry-After` in whole seconds, as HTTP has it, and `Retry-After-Ms` exactly): a storm is spread over
as long as serving it takes, and one told to come back costs the hub ~50 µs, where one sent away after its handshake and
hello cost it a millisecond or two.

Fourth, no address holds more than `HELD_PER_ADDRESS` connections at the door, arriving or told to come back and
kept open until their answer is read (the hub's own machine excepted: its staff window, and the bench's thousands
of kiosks on one loopback address); one more from it is reset. Forty connections that opened and then said
nothing, from one laptop on the café's network, held every place until their handshakes timed out, and again as
they were opened anew: no kiosk was let in while they lasted; and knocking in a tight loop, it had the hub keep
thousands of answered sockets open, until its open files ran out. A connection that holds a place and leaves
without finishing its handshake (it timed out, or sent no request a websocket server can read) is a strike against
its address for the sign-in guard, as is one that sends no hello after it; the guard shuts the door to an address
after a few, so such an attack costs the hub a few seconds, not its kiosks. The door knows a connection has left by
the socket it handed on being closed (`tidy`), not by its number or by word from the server: over TLS a handshake
that fails is the event loop's own business, and no one is told, so forty idle connections to a venue's `wss://`
hub were never struck; and a number is given to the next connection as soon as the last one's socket is closed,
so word that came after that was taken for the newcomer's. At most `MOST_LINGERING` connections
told to come back are kept open in all (a storm of thousands on the hub's own machine fits); past that, one is
reset once answered.
"""

import ctypes
import ipaddress
import math
import socket
import struct
import sys
import time
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Collection

from netbar.hub.admission import Turns
from netbar.hub.counting import count_down

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
# A kiosk opens one connection at a time; a few more let several seats behind one router arrive together.
HELD_PER_ADDRESS = 4
OWN_MACHINE = frozenset({"127.0.0.1", "::1", "::ffff:127.0.0.1"})  # the last: IPv4 on an IPv6 socket
MOST_LINGERING = 10_000  # the bench's storm is 5,000 told at once; each an open file for LINGER_S
# In their opening handshake or their welcome at once. The hub's one loop serves them all, so more at once welcome
# no more a second; they only make each turn of the loop longer for everyone else (a storm's staff p99: 64, 81-120
# ms; 32, 82-118 ms with five runs of six at or under 100).
ARRIVING_AT_ONCE = 32
# Over TLS a place is held through the kiosk's TLS handshake too, which a busy kiosk is far slower over than the hub:
# in the storm over wss:// the hub sat at 43 % of a core while its 32 places waited on kiosks. With 64, its 5,000
# were welcomed in 29.0-29.7 s, not 33.0-33.9 s, and the staff p99 was 84-119 ms (median 91), not 60-78 ms.
ARRIVING_AT_ONCE_OVER_TLS = 64
# One neither through its handshake nor closed after this stops counting, and is not told of: a bug, not a client
# (TLS and HTTP have 2 s each, so a handshake is over within 4 s).
ARRIVAL_EXPIRES_S = 10.0
GREETING_EXPIRES_S = 10.0  # one whose welcome neither came nor failed (it always does, in seconds) after this
ANSWERED_AT_A_TIME = 32  # connections told to come back (or reset) per call from the event loop
LINGER_S = 2.0  # a connection told to come back is closed after this: closed at once, it could lose the answer
# The welcomes a second assumed until the last second shows more: about what this hub's two shared cores manage.
# Too high costs little (those back too soon are told again, ~50 µs each); too low would spread a storm too thin.
WELCOMES_PER_S = 250
FIRST_TURN_S = 0.2  # the soonest a connection told to come back is asked to
MAX_RETRY_AFTER_S = 30.0  # a turn further off than this is given as this; the link's own backoff tops out at 5 s


def come_back(seconds: float) -> bytes:
    """The door's whole answer when it is full: nothing of the request need be read to send it."""
    return (
        "HTTP/1.1 503 Service Unavailable\r\n"
        f"Retry-After: {max(1, math.ceil(seconds))}\r\nRetry-After-Ms: {round(seconds * 1000)}\r\n"
        "Content-Length: 0\r\nConnection: close\r\n\r\n"
    ).encode("ascii")


class Doorway(socket.socket):
    """A listening socket whose `accept` (which the event loop calls for each connection waiting) closes, with a
    reset, every connection from an address `turned_away` names or past its address's `HELD_PER_ADDRESS`, tells
    each one past `ARRIVING_AT_ONCE` when to come back, and hands on the first it does neither to; it tells
    `failed_handshake` the address of each one handed on that was closed before its handshake was done (`tidy`)."""

    def __init__(
        self,
        family: socket.AddressFamily,
        turned_away: Callable[[str], bool],
        failed_handshake: Callable[[str], None],
        *,
        tls: bool = False,
    ) -> None:
        super().__init__(family, socket.SOCK_STREAM)
        self._turned_away = turned_away
        self._failed_handshake = failed_handshake
        self._tls = tls
        self._filtered: frozenset[str] = frozenset()
        # A handed-on socket's number → when it expires, its address, and the socket, to see whether it is closed
        self._arriving: OrderedDict[int, tuple[float, str, socket.socket]] = OrderedDict()
        self._held_by: Counter[str] = Counter()  # by address: its connections arriving or lingering
        self._greeting: OrderedDict[int, float] = OrderedDict()  # a hello's socket number → when it expires
        # Told to come back, kept open until closed once due: when, the connection, its address
        self._lingering: deque[tuple[float, socket.socket, str]] = deque()
        self._welcomed: deque[float] = deque()  # when each of the last second's welcomes was sent
        self._turns = Turns()  # for those told to come back

    def accept(self) -> tuple[socket.socket, object]:
        for _ in range(ANSWERED_AT_A_TIME):
            connection, address = super().accept()  # BlockingIOError once none is waiting: the loop expects it
            source = str(address[0])
            now = time.monotonic()
            self._tidy(now)
            if self._turned_away(source) or (self._held_by[source] >= HELD_PER_ADDRESS and source not in OWN_MACHINE):
                _reset(connection)
            elif self.arriving >= (ARRIVING_AT_ONCE_OVER_TLS if self._tls else ARRIVING_AT_ONCE):
                self._tell_to_come_back(connection, source, now)
            else:
                # The event loop turns Nagle off only on sockets made with proto IPPROTO_TCP, which an accepted
                # one of ours is not: left on, a small frame after another waited for the peer's delayed ACK, and
                # every answer took 40 ms.
                connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                # A number given again while the socket that had it still looks open: closed by its number, not by
                # its socket, which asyncio never does; its place is freed all the same.
                self._let_go(connection.fileno())
                self._arriving[connection.fileno()] = (now + ARRIVAL_EXPIRES_S, source, connection)
                self._held_by[source] += 1
                return connection, address
        # Thousands waiting to be told, answered in one go, held the loop for a third of a second: the rest wait
        # for the loop's next turn, the socket still readable, while what is already in (a staff window) is served.
        raise BlockingIOError

    def through(self, number: int) -> None:
        """The connection with this socket number is through its opening handshake: until it says hello, it no
        longer holds the door (one that never does costs the hub nothing more than a socket)."""
        self._let_go(number)

    def greeting(self, number: int) -> None:
        """The connection with this socket number said hello: it holds the door again until it is welcomed or
        refused (`greeted`), so the door never lets in more than the hub can welcome in time."""
        self._greeting[number] = time.monotonic() + GREETING_EXPIRES_S
        self._greeting.move_to_end(number)

    def greeted(self, number: int, *, welcomed: bool) -> None:
        """The hello on this socket number was answered: with a welcome (counted in the rate turns are given
        at), or with a refusal."""
        if self._greeting.pop(number, None) is not None and welcomed:
            self._welcomed.append(time.monotonic())

    def _let_go(self, number: int) -> None:
        held = self._arriving.pop(number, None)
        if held is not None:
            count_down(self._held_by, held[1])

    @property
    def arriving(self) -> int:
        """Connections holding the door: in their opening handshake, or between their hello and its answer."""
        return len(self._arriving) + len(self._greeting)

    def turn(self, now: float) -> float:
        """Seconds until the next turn not yet given, which is now this caller's: turns follow one another at the
        rate the hub welcomed in the last second (at least WELCOMES_PER_S)."""
        rate = max(len(self._welcomed), WELCOMES_PER_S)
        return self._turns.take(now, rate, soonest=FIRST_TURN_S, latest=MAX_RETRY_AFTER_S)

    def _tell_to_come_back(self, connection: socket.socket, source: str, now: float) -> None:
        try:
            connection.send(come_back(self.turn(now)))
            connection.shutdown(socket.SHUT_WR)
        except OSError:  # gone already
            connection.close()
            return
        if len(self._lingering) >= MOST_LINGERING:
            _reset(connection)  # the answer may be lost with it: the link then backs off as from any failure
            return
        self._lingering.append((now + LINGER_S, connection, source))
        self._held_by[source] += 1

    def tidy(self) -> None:
        """Free the places of the connections that closed before their handshake was done, telling
        `failed_handshake` of each (the server calls this every half second, so a strike counts before it decides
        whom to shut out; `accept` calls it first too)."""
        self._tidy(time.monotonic())

    def _tidy(self, now: float) -> None:
        # At most ARRIVING_AT_ONCE of them: looking at each is cheaper than any word of their closing.
        for number, (_, source, connection) in list(self._arriving.items()):
            if connection.fileno() == -1:
                del self._arriving[number]
                count_down(self._held_by, source)
                self._failed_handshake(source)
        while self._arriving and next(iter(self._arriving.values()))[0] <= now:
            count_down(self._held_by, self._arriving.popitem(last=False)[1][1])
        while self._greeting and next(iter(self._greeting.values())) <= now:
            self._greeting.popitem(last=False)
        while self._lingering and self._lingering[0][0] <= now:
            _, connection, source = self._lingering.popleft()
            connection.close()
            count_down(self._held_by, source)
        while self._welcomed and self._welcomed[0] <= now - 1.0:
            self._welcomed.popleft()

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


def _reset(connection: socket.socket) -> None:
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _RESET_ON_CLOSE)
    connection.close()


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


def open_doorway(
    host: str,
    port: int,
    turned_away: Callable[[str], bool],
    failed_handshake: Callable[[str], None],
    *,
    tls: bool = False,
) -> Doorway:
    """A non-blocking socket bound to the first address `host` resolves to, IPv4 first (what kiosks on a café's
    LAN use, and what the kernel filter knows); the event loop's server makes it listen, speaking TLS if `tls`."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, _, _, _, address = min(found, key=lambda each: each[0] != socket.AF_INET)
    doorway = Doorway(family, turned_away, failed_handshake, tls=tls)
    try:
        doorway.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        doorway.bind(address)
    except OSError as error:
        doorway.close()
        raise OSError(error.errno, str(error.strerror).lower()) from error  # callers say where
    doorway.setblocking(False)
    return doorway
