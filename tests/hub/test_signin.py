"""Wrong sign-ins are counted per address and per name, answered ever later, and past a few refused for a while;
the slow password check runs one at a time and a queue of them is bounded."""

import asyncio
import os
import socket
import sys
import threading
from pathlib import Path

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from netbar.domain.errors import CommandRejected
from netbar.hub import credential_watch, doorway, server, signin
from netbar.hub.admin import new_seat_token, save_staff_user, set_staff_user_disabled
from netbar.hub.signin import FIRST_LOCKOUT_S, FREE_FOR_NAME, FREE_FROM_SOURCE, WINDOW_S, SignInGuard
from netbar.tls import server_context
from tests.support.hub import CASHIER_PASSWORD, CASHIER_USER, STAFF_PASSWORD, STAFF_USER, RunningHub, start_hub
from tests.support.wire import RawClient


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def guess_wrong(guard: SignInGuard, source: str, name: str, times: int) -> None:
    for _ in range(times):
        guard.require_allowed(source, name)
        guard.failed(source, name, "wrong")


def test_an_address_is_locked_out_after_a_few_wrong_guesses_for_twice_as_long_each_time() -> None:
    clock = Clock()
    guard = SignInGuard(clock)
    guess_wrong(guard, "10.0.0.9", "staff:li", FREE_FROM_SOURCE)
    with pytest.raises(CommandRejected) as locked:
        guard.require_allowed("10.0.0.9", "staff:wang")  # any name, from there
    assert locked.value.code == "too_many"
    assert "from this address" in locked.value.message
    assert locked.value.retry_after_ms == FIRST_LOCKOUT_S * 1000
    guard.require_allowed("10.0.0.10", "staff:wang")  # others are not held up

    clock.now += FIRST_LOCKOUT_S
    guess_wrong(guard, "10.0.0.9", "staff:wang", 1)
    with pytest.raises(CommandRejected) as again:
        guard.require_allowed("10.0.0.9", "staff:li")
    assert again.value.retry_after_ms == 2 * FIRST_LOCKOUT_S * 1000


def test_a_name_guessed_at_from_many_addresses_is_locked_and_says_so() -> None:
    guard = SignInGuard(Clock())
    for number in range(FREE_FOR_NAME):
        guess_wrong(guard, f"10.0.1.{number}", "staff:li", 1)
    with pytest.raises(CommandRejected) as locked:
        guard.require_allowed("10.0.0.1", "staff:li")
    assert "for staff:li" in locked.value.message


def test_wrong_guesses_are_answered_later_each_time_and_forgiven_after_a_while() -> None:
    clock = Clock()
    guard = SignInGuard(clock)
    delays = [guard.failed("10.0.0.9", "seat:A01", "wrong").answer_after for _ in range(3)]
    assert delays == sorted(delays)
    assert delays[0] < delays[-1]
    clock.now += WINDOW_S + 1
    assert guard.failed("10.0.0.9", "seat:A01", "wrong").answer_after == delays[0]


def test_a_good_sign_in_forgets_the_names_failures_not_the_addresss() -> None:
    guard = SignInGuard(Clock())
    guess_wrong(guard, "10.0.0.9", "staff:li", FREE_FROM_SOURCE - 1)
    guard.succeeded("10.0.0.9", "staff:li")
    guess_wrong(guard, "10.0.0.9", "staff:li", 1)
    with pytest.raises(CommandRejected):
        guard.require_allowed("10.0.0.9", "staff:li")


async def test_password_checks_run_one_at_a_time_and_too_many_waiting_are_busy() -> None:
    guard = SignInGuard()
    release = threading.Event()
    running = [0]
    most = [0]

    def slow_check() -> bool:
        running[0] += 1
        most[0] = max(most[0], running[0])
        release.wait(5)
        running[0] -= 1
        return True

    waiting = range(signin.PASSWORD_CHECKS_WAITING)
    checks = [asyncio.create_task(guard.check_password("10.0.0.9", slow_check)) for _ in waiting]
    await asyncio.sleep(0.1)
    with pytest.raises(CommandRejected) as busy:
        await guard.check_password("10.0.0.9", slow_check)
    assert busy.value.code == "busy"
    release.set()
    assert all(await asyncio.gather(*checks))
    assert most[0] == 1
    guard.close()


@pytest.mark.skipif(sys.platform != "linux", reason="a thread's own priority is Linux's")
async def test_password_checks_run_at_a_lower_priority_than_orders() -> None:
    guard = SignInGuard()

    def niceness() -> bool:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == signin.PASSWORD_CHECK_NICENESS

    assert await guard.check_password("10.0.0.9", niceness)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) < signin.PASSWORD_CHECK_NICENESS
    guard.close()


async def test_strangers_share_a_few_password_checks_a_second_and_a_known_address_skips_the_line() -> None:
    clock = Clock()
    guard = SignInGuard(clock)
    guard.succeeded("10.0.0.2", "staff:li")  # the counter PC signed in before
    for number in range(int(signin.CHECKS_BURST)):
        assert await guard.check_password(f"10.9.0.{number}", lambda: False) is False
    with pytest.raises(CommandRejected) as busy:
        await guard.check_password("10.9.1.1", lambda: False)
    assert busy.value.code == "busy"
    assert await guard.check_password("10.0.0.2", lambda: True)  # the counter is not held up by the guessers
    clock.now += 1 / signin.CHECKS_PER_SECOND
    assert await guard.check_password("10.9.1.1", lambda: False) is False  # the allowance refills
    guard.close()


def test_during_an_attack_strangers_are_let_in_a_few_a_second_and_those_turned_away_soon_shut_out() -> None:
    clock = Clock()
    guard = SignInGuard(clock)
    guard.succeeded("10.0.0.2", "seat:A01")  # a kiosk that signed in before
    assert not guard.turned_away("10.9.0.1")  # no attack: the door is wide open
    for number in range(signin.ATTACK_STRIKES):  # a subnet's guesses, each refused
        guard.failed(f"10.9.0.{number}", f"staff:guess{number}", "wrong")
    let_in = [not guard.turned_away("10.9.1.1") for _ in range(int(signin.STRANGERS_BURST) + signin.STRIKES)]
    assert let_in == [True] * int(signin.STRANGERS_BURST) + [False] * signin.STRIKES
    assert not guard.turned_away("10.0.0.2")  # the kiosk is not held up
    clock.now += 1 / signin.STRANGERS_PER_SECOND
    assert not guard.turned_away("10.9.1.2")  # another stranger gets the place that refilled
    assert guard.turned_away("10.9.1.1")  # the one that kept knocking is shut out now
    clock.now += signin.ATTACK_WINDOW_S  # no more refusals: the attack is over
    assert [guard.turned_away("10.9.1.3") for _ in range(20)] == [False] * 20
    assert guard.turned_away("10.9.1.1")  # still shut for its own strikes
    clock.now += signin.DOOR_SHUT_S
    assert not guard.turned_away("10.9.1.1")


def test_handshakes_left_unfinished_shut_their_address_out_but_do_not_narrow_the_door_for_strangers() -> None:
    clock = Clock()
    guard = SignInGuard(clock)
    guard.succeeded("10.0.0.2", "seat:A01")  # a kiosk that signed in before
    for number in range(signin.ATTACK_STRIKES):  # after a restart, a storm's kiosks not trusted yet, each timing out
        guard.failed_to_greet(f"10.0.1.{number}")
    assert not guard.turned_away("10.9.1.1")  # no attack: strangers are not held to a few a second
    for _ in range(signin.STRIKES - 1):
        guard.failed_to_greet("10.9.9.9")  # a laptop's connections that never say anything
        guard.failed_to_greet("10.0.0.2")
    assert not guard.turned_away("10.9.9.9")
    guard.failed_to_greet("10.9.9.9")
    guard.failed_to_greet("10.0.0.2")
    assert guard.turned_away("10.9.9.9")
    assert guard.shut_out() == ["10.9.9.9"]
    assert not guard.turned_away("10.0.0.2")  # a trusted address is never struck
    clock.now += signin.DOOR_SHUT_S
    assert not guard.turned_away("10.9.9.9")


async def test_a_password_guesser_is_locked_out_and_the_right_password_waits_too(
    hub: RunningHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(signin, "MAX_SLOWDOWN_S", 0.01)
    for _ in range(FREE_FROM_SOURCE):
        client = await RawClient.connect(hub.url)
        answer = await client.hello(role="staff", user=STAFF_USER, password="guess-123")
        assert (answer["type"], answer["code"]) == ("error", "forbidden")
    client = await RawClient.connect(hub.url)
    answer = await client.hello(role="staff", user=STAFF_USER, password=STAFF_PASSWORD)
    assert (answer["type"], answer["code"]) == ("error", "too_many")
    assert FIRST_LOCKOUT_S * 1000 - 2000 < answer["retry_after_ms"] <= FIRST_LOCKOUT_S * 1000
    assert "try again in 30 s" in answer["message"]


async def test_a_replaced_seat_token_signs_out_the_kiosk_already_connected(
    hub: RunningHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(credential_watch, "CHECK_EVERY_S", 0.1)
    kiosk, other = await hub.raw_kiosk("A01"), await hub.raw_kiosk("A02")
    await new_seat_token(hub.db, "A01")  # as `netbar seats token A01` does, from another process
    closed = await kiosk.closing()
    assert (closed.code, closed.reason) == (1008, "signed out: the credential was changed at the counter")
    # The other seat is not touched.
    assert (await other.command("cancel_request", {"request_id": 999}))["code"] == "not_found"


async def test_a_changed_staff_password_signs_out_the_staff_window_already_connected(
    hub: RunningHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(credential_watch, "CHECK_EVERY_S", 0.1)
    staff = await hub.raw_staff()
    await save_staff_user(hub.db, STAFF_USER, "a-new-password")
    assert (await staff.closing()).code == 1008


async def test_a_disabled_staff_user_is_signed_out_and_told_why_the_next_time_until_enabled(
    hub: RunningHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(credential_watch, "CHECK_EVERY_S", 0.1)
    cashier = await hub.add_cashier()
    await set_staff_user_disabled(hub.db, CASHIER_USER, disabled=True)  # as `netbar staff-user disable` does
    closed = await cashier.closing()
    assert (closed.code, closed.reason) == (1008, "signed out: disabled or removed at the counter")
    again = await (await RawClient.connect(hub.url)).hello(role="staff", user=CASHIER_USER, password=CASHIER_PASSWORD)
    assert (again["code"], again["message"]) == ("forbidden", f"staff user {CASHIER_USER} is disabled; ask a manager")
    wrong = await (await RawClient.connect(hub.url)).hello(role="staff", user=CASHIER_USER, password="guess-123")
    assert wrong["message"] == "unknown user or wrong password"  # a guesser learns nothing of who is disabled
    await set_staff_user_disabled(hub.db, CASHIER_USER, disabled=False)
    assert (await hub.raw_staff(CASHIER_USER, CASHIER_PASSWORD)).websocket.state.name == "OPEN"


async def test_an_address_that_keeps_failing_cannot_connect_for_a_while(
    hub: RunningHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(signin, "MAX_SLOWDOWN_S", 0.01)
    codes = []
    for _ in range(signin.STRIKES):
        client = await RawClient.connect(hub.url)
        codes.append((await client.hello(role="staff", user=STAFF_USER, password="guess-123"))["code"])
    assert codes == ["forbidden"] * FREE_FROM_SOURCE + ["too_many"] * (signin.STRIKES - FREE_FROM_SOURCE)
    await asyncio.sleep(2 * server.KEEP_OUT_EVERY_S)
    with pytest.raises(TimeoutError):  # the kernel drops its attempts (netbar.hub.doorway)
        async with asyncio.timeout(1):
            await RawClient.connect(hub.url)


@pytest.mark.parametrize("tls", [False, True], ids=["ws", "wss"])
async def test_idle_connections_from_one_address_keep_no_kiosk_out_and_soon_shut_it_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tls: bool
) -> None:
    monkeypatch.setattr(server, "OPEN_TIMEOUT", 0.3)  # a handshake (TLS, then HTTP) not done in this long fails
    # Over TLS, as a venue's hub beyond loopback speaks, the event loop ends a TLS handshake that fails, telling no one.
    hub = await start_hub(tmp_path, tls=server_context(tmp_path / "hub-home") if tls else None)
    port = int(hub.url.rsplit(":", 1)[1])
    laptop: list[socket.socket] = []
    try:

        def connect_and_say_nothing(count: int) -> None:
            for _ in range(count):
                idle = socket.socket()
                idle.settimeout(1.0)
                idle.bind(("127.0.0.2", 0))
                idle.connect(("127.0.0.1", port))
                laptop.append(idle)

        connect_and_say_nothing(2 * doorway.ARRIVING_AT_ONCE)  # enough to fill the door many times over
        await asyncio.sleep(0.1)  # all accepted: a few hold places at the door, the rest were told to come back
        kiosk = await RawClient.connect(hub.url)  # let in at once, not told to come back
        assert (await kiosk.hello(role="kiosk", seat="A01", token=hub.tokens["A01"]))["type"] == "welcome"
        await kiosk.close()
        # The laptop's handshakes time out, a strike each; connected again, they time out again: shut out.
        await asyncio.sleep(2 * server.OPEN_TIMEOUT)
        connect_and_say_nothing(2 * doorway.ARRIVING_AT_ONCE)
        await asyncio.sleep(2 * server.OPEN_TIMEOUT + 2 * server.KEEP_OUT_EVERY_S)
        with pytest.raises(TimeoutError):  # the kernel drops its attempts
            connect_and_say_nothing(1)
    finally:
        for idle in laptop:
            idle.close()
        await hub.close()


async def test_connections_that_never_say_hello_shut_their_address_out_but_not_the_hubs_own_machine(
    hub: RunningHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "HELLO_TIMEOUT", 0.05)
    for source in ("127.0.0.2", "127.0.0.1"):
        for _ in range(signin.STRIKES):
            async with connect(hub.url, local_addr=(source, 0)) as silent:
                with pytest.raises(ConnectionClosed, match="no hello"):
                    await silent.recv()
    await asyncio.sleep(2 * server.KEEP_OUT_EVERY_S)
    with pytest.raises(TimeoutError):  # the kernel drops its attempts
        async with asyncio.timeout(1), connect(hub.url, local_addr=("127.0.0.2", 0)):
            pass
    kiosk = await RawClient.connect(hub.url)  # from 127.0.0.1, as many times, and still let in
    assert (await kiosk.hello(role="kiosk", seat="A01", token=hub.tokens["A01"]))["type"] == "welcome"
    await kiosk.close()
