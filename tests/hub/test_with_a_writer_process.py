"""The hub as `netbar hub` runs it, its commands written by a process of its own (netbar.store.writer_process):
the hub's own tests of group commit, welcomes, `busy`, retention and a locked database, run again on it (they are
written against a thread writer, which lets a test patch what it runs)."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.hub.test_busy import (
    test_a_command_past_the_writers_queue_is_busy_and_writes_nothing,
    test_commands_sent_away_together_are_told_turns_at_the_rate_the_writer_takes_them,
)
from tests.hub.test_flow import (
    test_a_sold_out_toggle_leaves_the_stock_alone,
    test_every_kind_reaches_staff_in_order,
    test_every_step_is_recorded_with_who_took_it_and_when,
)
from tests.hub.test_group_commit import (
    test_a_refused_command_in_a_batch_writes_only_its_refusal_and_its_neighbours_land,
    test_the_same_command_twice_in_one_batch_is_taken_once,
)
from tests.hub.test_retention import _no_background_pruning, test_what_is_older_than_the_window_goes_in_batches
from tests.hub.test_roles import test_a_manager_adds_a_cashier_who_signs_in_and_the_password_is_nowhere
from tests.hub.test_tap_time import (
    test_a_request_keeps_the_taps_time_when_believable_and_a_clock_without_a_zone_is_invalid,
)
from tests.hub.test_welcome import (
    test_a_client_is_welcomed_while_a_write_holds_the_writer,
    test_welcomes_during_a_flood_of_orders_see_every_order_once,
)
from tests.reliability.test_sick_database import test_an_order_waits_out_a_locked_database_and_arrives_once
from tests.support.hub import RunningHub, start_hub

__all__ = [
    "_no_background_pruning",
    "test_a_client_is_welcomed_while_a_write_holds_the_writer",
    "test_a_command_past_the_writers_queue_is_busy_and_writes_nothing",
    "test_a_manager_adds_a_cashier_who_signs_in_and_the_password_is_nowhere",
    "test_a_refused_command_in_a_batch_writes_only_its_refusal_and_its_neighbours_land",
    "test_a_request_keeps_the_taps_time_when_believable_and_a_clock_without_a_zone_is_invalid",
    "test_a_sold_out_toggle_leaves_the_stock_alone",
    "test_an_order_waits_out_a_locked_database_and_arrives_once",
    "test_commands_sent_away_together_are_told_turns_at_the_rate_the_writer_takes_them",
    "test_every_kind_reaches_staff_in_order",
    "test_every_step_is_recorded_with_who_took_it_and_when",
    "test_the_same_command_twice_in_one_batch_is_taken_once",
    "test_welcomes_during_a_flood_of_orders_see_every_order_once",
    "test_what_is_older_than_the_window_goes_in_batches",
]


@pytest.fixture
async def hub(tmp_path: Path) -> AsyncIterator[RunningHub]:
    running = await start_hub(tmp_path, separate_writer=True)
    yield running
    await running.close()
