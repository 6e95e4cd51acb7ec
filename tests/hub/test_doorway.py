"""The hub's listening socket resets an address turned away as it is accepted, and has the kernel drop every
attempt from the addresses it is told to keep out."""

import socket
import sys
import time
from collections.abc import Iterator

import pytest

from netbar.hub import doorway as doorway_module
from netbar.hub.doorway import Doorway, open_doorway

TURNED_AWAY = "127.0.0.3"


@pytest.fixture
def failed_handshakes() -> list[str]:
    """The addresses the door said left before their handshake was done, in order."""
    return []


@pytest.fixture
def doorway(failed_handshakes: list[str]) -> Iterator[Doorway]:
    listening = open_doorway("127.0.0.1", 0, lambda source: source == TURNED_AWAY, failed_handshakes.append)
    listening.listen(16)
    yield listening
    listening.close()


def knock(doorway: Doorway, source: str) -> socket.socket:
    client = socket.socket()
    client.settimeout(1.0)
    client.bind((source, 0))
    client.connect(doorway.getsockname())
    return client


def closed_at_the_hub(client: socket.socket) -> bool:
    """Whether the hub's end of a connection it answered is closed, not only shut for writing: what the client
    sends then is met with a reset."""
    try:
        while client.recv(200):  # the rest of the answer, to its end
            pass
        client.send(b"GET / HTTP/1.1\r\n\r\n")
        time.sleep(0.1)
        client.recv(200)
    except (ConnectionResetError, BrokenPipeError):
        return True
    return False


def test_an_address_turned_away_is_reset_and_the_next_one_handed_on(doorway: Doorway) -> None:
    turned_away, welcome = knock(doorway, TURNED_AWAY), knock(doorway, "127.0.0.2")
    accepted, address = doorway.accept()
    assert address[0] == "127.0.0.2"  # type: ignore[index]
    with pytest.raises(ConnectionResetError):
        turned_away.recv(1)
    with pytest.raises(BlockingIOError):  # nobody else is waiting: as the event loop expects
        doorway.accept()
    for end in (accepted, turned_away, welcome):
        end.close()


def test_a_connection_handed_on_sends_small_frames_at_once(doorway: Doorway) -> None:
    client = knock(doorway, "127.0.0.2")
    accepted, _ = doorway.accept()
    # With Nagle on, an answer written just after an event waited ~40 ms for the kiosk's delayed ACK.
    assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    for end in (accepted, client):
        end.close()


def test_past_so_many_in_their_handshake_the_door_says_when_to_come_back(
    doorway: Doorway, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doorway_module, "ARRIVING_AT_ONCE", 1)
    first, second = knock(doorway, "127.0.0.2"), knock(doorway, "127.0.0.2")
    accepted, _ = doorway.accept()
    with pytest.raises(BlockingIOError):  # the second was answered, not handed on
        doorway.accept()
    assert second.recv(200).startswith(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nRetry-After-Ms: 200\r\n")
    assert doorway.arriving == 1

    doorway.through(accepted.fileno())  # its handshake done: the next comes in
    third = knock(doorway, "127.0.0.2")
    handed_on, _ = doorway.accept()
    assert doorway.arriving == 1
    handed_on.close()  # closed mid-handshake: its place is free at the next look, not after it expires
    doorway.tidy()
    assert doorway.arriving == 0
    for end in (accepted, first, second, third):
        end.close()


def test_over_tls_twice_as_many_are_let_in_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doorway_module, "ARRIVING_AT_ONCE", 1)
    monkeypatch.setattr(doorway_module, "ARRIVING_AT_ONCE_OVER_TLS", 2)
    for tls, let_in in ((False, 1), (True, 2)):
        door = open_doorway("127.0.0.1", 0, lambda source: False, lambda source: None, tls=tls)
        door.listen(16)
        clients = [knock(door, "127.0.0.2") for _ in range(3)]
        handed_on = [door.accept()[0] for _ in range(let_in)]
        with pytest.raises(BlockingIOError):  # the rest were told to come back
            door.accept()
        for end in (*clients, *handed_on, door):
            end.close()


def test_a_hello_holds_the_door_until_it_is_answered(doorway: Doorway, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doorway_module, "ARRIVING_AT_ONCE", 1)
    first = knock(doorway, "127.0.0.2")
    accepted, _ = doorway.accept()
    doorway.through(accepted.fileno())
    doorway.greeting(accepted.fileno())  # its hello is being welcomed: the hub's hands are still full
    second = knock(doorway, "127.0.0.2")
    with pytest.raises(BlockingIOError):
        doorway.accept()
    assert second.recv(200).startswith(b"HTTP/1.1 503")

    doorway.greeted(accepted.fileno(), welcomed=True)
    third = knock(doorway, "127.0.0.2")
    handed_on, _ = doorway.accept()
    for end in (accepted, handed_on, first, second, third):
        end.close()


def test_no_address_but_the_hubs_own_holds_more_than_a_few_places_at_the_door(doorway: Doorway) -> None:
    laptop = [knock(doorway, "127.0.0.2") for _ in range(doorway_module.HELD_PER_ADDRESS + 1)]
    handed_on = [doorway.accept()[0] for _ in range(doorway_module.HELD_PER_ADDRESS)]
    with pytest.raises(BlockingIOError):  # the last was answered, not handed on
        doorway.accept()
    with pytest.raises(ConnectionResetError):  # no answer to linger: a kiosk behind that address backs off
        laptop[-1].recv(200)
    kiosk = knock(doorway, "127.0.0.4")  # the door is far from full: another address is let in
    assert doorway.accept()[1][0] == "127.0.0.4"  # type: ignore[index]
    own = [knock(doorway, "127.0.0.1") for _ in range(doorway_module.HELD_PER_ADDRESS + 1)]
    handed_on += [doorway.accept()[0] for _ in own]  # the hub's own machine: its staff window, the bench
    doorway.through(handed_on[0].fileno())  # one of the laptop's is through: its address may have another place
    again = knock(doorway, "127.0.0.2")
    assert doorway.accept()[1][0] == "127.0.0.2"  # type: ignore[index]
    for end in (*laptop, *handed_on, kiosk, *own, again):
        end.close()


def test_an_address_told_to_come_back_holds_its_places_until_the_answer_is_closed(
    doorway: Doorway, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doorway_module, "ARRIVING_AT_ONCE", 1)
    kiosk = knock(doorway, "127.0.0.4")
    accepted, _ = doorway.accept()  # the door is full from here on
    laptop = [knock(doorway, "127.0.0.2") for _ in range(doorway_module.HELD_PER_ADDRESS + 1)]
    own = [knock(doorway, "127.0.0.1") for _ in range(doorway_module.HELD_PER_ADDRESS + 1)]
    with pytest.raises(BlockingIOError):
        doorway.accept()
    for told in (*laptop[:-1], *own):  # each told when to come back, its answer kept open until read
        assert told.recv(200).startswith(b"HTTP/1.1 503")
        assert not closed_at_the_hub(told)
    assert closed_at_the_hub(laptop[-1])  # knocking in a loop, it would have the hub keep thousands open
    for end in (kiosk, accepted, *laptop, *own):
        end.close()


def test_one_closed_before_its_handshake_is_done_is_told_by_its_address(
    doorway: Doorway, failed_handshakes: list[str]
) -> None:
    idle, done, own = knock(doorway, "127.0.0.2"), knock(doorway, "127.0.0.4"), knock(doorway, "127.0.0.1")
    accepted = [doorway.accept()[0] for _ in range(3)]
    doorway.through(accepted[1].fileno())
    # As the event loop closes a connection whose TLS or HTTP handshake failed, saying nothing to anyone.
    for connection in accepted:
        connection.close()
    doorway.tidy()
    # The one through its handshake left as any connection does (the hub's own machine is told of as any other).
    assert failed_handshakes == ["127.0.0.2", "127.0.0.1"]
    assert doorway.arriving == 0
    for end in (idle, done, own):
        end.close()


def test_a_socket_number_given_again_at_once_is_the_newcomers_and_the_strike_the_leavers(
    doorway: Doorway, failed_handshakes: list[str]
) -> None:
    laptop, kiosk = knock(doorway, "127.0.0.2"), knock(doorway, "127.0.0.4")
    idle, _ = doorway.accept()
    number = idle.fileno()
    idle.close()
    newcomer, _ = doorway.accept()
    assert newcomer.fileno() == number  # the kernel gives the lowest number free: the one just closed
    doorway.tidy()
    assert failed_handshakes == ["127.0.0.2"]  # the laptop's, told as the kiosk came in, and only once
    assert doorway.arriving == 1  # the kiosk still holds its place, until its handshake is through
    doorway.through(newcomer.fileno())
    assert doorway.arriving == 0
    for end in (laptop, kiosk, newcomer):
        end.close()


def test_past_so_many_lingering_one_told_to_come_back_is_reset_at_once(
    doorway: Doorway, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doorway_module, "ARRIVING_AT_ONCE", 1)
    monkeypatch.setattr(doorway_module, "MOST_LINGERING", 1)
    first, lingering, reset = knock(doorway, "127.0.0.2"), knock(doorway, "127.0.0.4"), knock(doorway, "127.0.0.5")
    accepted, _ = doorway.accept()
    with pytest.raises(BlockingIOError):
        doorway.accept()
    for told in (lingering, reset):
        assert told.recv(200).startswith(b"HTTP/1.1 503")  # the answer went out all the same
    assert not closed_at_the_hub(lingering)  # kept open until its answer is surely read
    assert closed_at_the_hub(reset)  # no open file kept for it
    for end in (first, lingering, reset, accepted):
        end.close()


def test_each_connection_told_to_come_back_gets_a_turn_of_its_own_at_the_rate_the_hub_welcomes(
    doorway: Doorway, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doorway_module, "WELCOMES_PER_S", 100)
    now = 1000.0
    turns = [doorway.turn(now) for _ in range(3)]
    assert turns == pytest.approx([0.2, 0.21, 0.22])  # a storm told in one moment is spread, not sent back together
    assert doorway.turn(now + 10) == pytest.approx(0.2)  # once the turns given are past, the next is soon again

    for number in range(300):  # the last second welcomed 300: turns follow at that rate
        doorway.greeting(number)
        doorway.greeted(number, welcomed=True)
    later = time.monotonic()
    first, second = doorway.turn(later), doorway.turn(later)
    assert second - first == pytest.approx(1 / 300)
    assert max(doorway.turn(later) for _ in range(100_000)) == doorway_module.MAX_RETRY_AFTER_S


@pytest.mark.skipif(sys.platform != "linux", reason="the kernel's socket filter is Linux's")
def test_addresses_kept_out_cannot_even_connect_until_let_in_again(doorway: Doorway) -> None:
    doorway.keep_out(["127.0.0.4", "not an address", "::1"])
    knock(doorway, "127.0.0.5").close()  # others are not touched
    with pytest.raises(TimeoutError):  # its SYNs are dropped: no connection, not even a refusal
        knock(doorway, "127.0.0.4")
    doorway.keep_out([])
    knock(doorway, "127.0.0.4").close()


def test_a_taken_port_is_named() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        with pytest.raises(OSError, match="address already in use"):
            open_doorway("127.0.0.1", port, lambda source: False, lambda source: None)
