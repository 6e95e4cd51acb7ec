"""The seat's countdown: prompts at 10 and 5 minutes left, the renew screen at zero, and never adding time."""

from netbar.kiosk.countdown import Alarm, Countdown, Prompt


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_it_counts_down_from_what_the_hub_said() -> None:
    clock = Clock()
    countdown = Countdown(clock)
    assert not countdown.has_session
    countdown.set(3600)
    clock.now += 61.5
    assert countdown.remaining() == 3539  # a started second counts
    clock.now += 10_000
    assert countdown.remaining() == 0


def test_prompts_once_at_ten_and_five_minutes_and_at_zero() -> None:
    clock = Clock()
    countdown = Countdown(clock)
    countdown.set(11 * 60)
    prompts = []
    for _ in range(12 * 60):
        prompts.append(countdown.tick())
        clock.now += 1
    assert [prompt for prompt in prompts if prompt] == [
        Prompt(Alarm.RENEW_SOON, 10),
        Prompt(Alarm.RENEW_SOON, 5),
        Prompt(Alarm.TIME_UP),
    ]


def test_added_time_arms_the_prompts_again() -> None:
    clock = Clock()
    countdown = Countdown(clock)
    countdown.set(4 * 60)
    assert countdown.tick() == Prompt(Alarm.RENEW_SOON, 4)  # already past both: one prompt
    countdown.set(60 * 60 + 4 * 60)  # a renewal came through
    assert countdown.tick() is None
    clock.now += 55 * 60
    assert countdown.tick() == Prompt(Alarm.RENEW_SOON, 9)


def test_a_seat_without_a_session_is_never_prompted() -> None:
    countdown = Countdown(Clock())
    countdown.set(None)
    assert countdown.tick() is None
    assert countdown.remaining() == 0
