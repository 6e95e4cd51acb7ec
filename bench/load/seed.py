"""A hub's database with a long past, written fast: stdlib sqlite3 `executemany` straight into `requests`,
`request_lines` and `event_log`.

Every row is a clone of one the hub itself wrote (a drink placed and cancelled through the wire just before), so
the columns, the JSON of the event bodies and the way times are stored are the hub's own, whatever they are
today; only ids, seats, states and times change. Each request is placed and then done (4 in 5) or cancelled, two
events each, spread over the seats and over the last `days` days (within the retention window, so a hub that
prunes at start leaves them be).
"""

import json
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.load.processes import BenchError

Row = tuple[Any, ...]
_TIME = re.compile(r"^(\d{4}-\d\d-\d\d)([ T])(\d\d:\d\d:\d\d)(\.\d+)?(.*)$")


@dataclass
class Seeded:
    requests: int
    events: int
    seconds: float
    megabytes: float


def _time_like(sample: str) -> Callable[[datetime], str]:
    """Times written as `sample` is (separator, fraction, zone suffix), from aware UTC datetimes."""
    match = _TIME.match(sample)
    if match is None:
        raise BenchError(f"cannot tell how the hub writes times from {sample!r}; bench/load/seed.py needs a look")
    separator, suffix = match.group(2), match.group(5)
    return lambda moment: moment.replace(tzinfo=None).isoformat(separator, "microseconds") + suffix


def _template(connection: sqlite3.Connection, sql: str, *args: object) -> tuple[list[str], list[Row]]:
    cursor = connection.execute(sql, args)
    rows = cursor.fetchall()
    return [column[0] for column in cursor.description], rows


class _Body:
    """An event body's JSON with some of the request's fields left as holes, filled per row with JSON text."""

    def __init__(self, body: str, holes: list[str]) -> None:
        data = json.loads(body)
        for hole in holes:
            if hole in data["request"]:
                data["request"][hole] = f"@@{hole}@@"
        text = json.dumps(data)  # as the hub's JSON columns are written
        self.holes = re.findall(r'"@@(\w+)@@"', text)
        self.parts = re.split(r'"@@\w+@@"', text)

    def fill(self, values: dict[str, str]) -> str:
        pieces = [self.parts[0]]
        for hole, part in zip(self.holes, self.parts[1:], strict=True):
            pieces += [values[hole], part]
        return "".join(pieces)


class _Clone:
    """Rows like `template`, with the columns `names` set (in that order) on each."""

    def __init__(self, columns: list[str], template: Row, names: tuple[str, ...]) -> None:
        missing = set(names) - set(columns)
        if missing:
            raise BenchError(f"the hub's tables have no {', '.join(sorted(missing))}: bench/load/seed.py needs a look")
        self.base = list(template)
        self.positions = [columns.index(name) for name in names]

    def __call__(self, *values: object) -> Row:
        row = self.base.copy()
        for position, value in zip(self.positions, values, strict=True):
            row[position] = value
        return tuple(row)


def _text(value: str | None) -> str:
    return "null" if value is None else json.dumps(value)


def seed_history(db: Path, requests: int, staff_user: str, *, days: float = 14.0, batch: int = 20_000) -> Seeded:
    """Add `requests` past requests (and two events each) to `db`, a hub database holding at least one request
    placed and cancelled by a kiosk, and that request's two events."""
    started = time.perf_counter()
    connection = sqlite3.connect(db, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-262144")
        request_columns, [request] = _template(connection, "SELECT * FROM requests ORDER BY id DESC LIMIT 1")
        request_of = dict(zip(request_columns, request, strict=True))
        line_columns, lines = _template(
            connection, "SELECT * FROM request_lines WHERE request_id = ?", request_of["id"]
        )
        event_columns, placed_rows = _template(
            connection, "SELECT * FROM event_log WHERE name = 'request_placed' ORDER BY id DESC LIMIT 1"
        )
        _, changed_rows = _template(
            connection, "SELECT * FROM event_log WHERE name = 'request_changed' ORDER BY id DESC LIMIT 1"
        )
        if not (lines and placed_rows and changed_rows):
            raise BenchError("the template request has no lines or no events to clone")
        placed_of = dict(zip(event_columns, placed_rows[0], strict=True))
        changed_of = dict(zip(event_columns, changed_rows[0], strict=True))
        seats = [row[0] for row in connection.execute("SELECT id FROM seats ORDER BY id")]
        template_seat = str(request_of["seat_id"])
        db_time = _time_like(str(request_of["created_at"]))
        placed_body_json = json.loads(placed_of["body"])
        body_time = _time_like(str(placed_body_json["request"]["created_at"]))
        holes = ["id", "seat", "state", "created_at", "updated_at", "handled_by", "cancel_reason"]
        placed_body = _Body(placed_of["body"], holes)
        changed_body = _Body(changed_of["body"], holes)

        def next_id(table: str) -> int:
            return int(connection.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])

        first_request, first_line, first_event = next_id("requests"), next_id("request_lines"), next_id("event_log")
        end = datetime.now(UTC) - timedelta(hours=1)
        begin = end - timedelta(days=days)
        step = (end - begin) / max(1, requests)

        def insert(table: str, columns: list[str]) -> str:
            return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"

        insert_request = insert("requests", request_columns)
        insert_line = insert("request_lines", line_columns)
        insert_event = insert("event_log", event_columns)
        line_id = first_line
        new_request = _Clone(
            request_columns,
            request,
            ("id", "seat_id", "state", "created_at", "updated_at", "handled_by", "cancel_reason"),
        )
        event_set = ("id", "seat_id", "actor", "created_at", "body")
        new_placed = _Clone(event_columns, placed_rows[0], event_set)
        new_changed = _Clone(event_columns, changed_rows[0], event_set)
        line_set = ("id", "request_id")
        line_clones = {line: _Clone(line_columns, line, line_set) for line in lines}

        def new_line(line: Row, line_id: int, rid: int) -> Row:
            return line_clones[line](line_id, rid)

        template_actor = str(placed_of["actor"])
        for start in range(0, requests, batch):
            request_rows: list[Row] = []
            line_rows: list[Row] = []
            event_rows: list[Row] = []
            for number in range(start, min(requests, start + batch)):
                rid = first_request + number
                seat = seats[number % len(seats)]
                done = number % 5 != 0
                state = "done" if done else "cancelled"
                handled_by = staff_user if done else None
                created = begin + step * number
                updated = created + timedelta(minutes=3)
                created_db, updated_db = db_time(created), db_time(updated)
                request_rows.append(new_request(rid, seat, state, created_db, updated_db, handled_by, None))
                for line in lines:
                    line_rows.append(new_line(line, line_id, rid))
                    line_id += 1
                created_json = _text(body_time(created))
                body = {"id": str(rid), "seat": _text(seat), "created_at": created_json, "cancel_reason": "null"}
                placed = body | {"state": '"placed"', "updated_at": created_json, "handled_by": "null"}
                changed = body | {
                    "state": _text(state),
                    "updated_at": _text(body_time(updated)),
                    "handled_by": _text(handled_by),
                }
                kiosk_actor = template_actor.replace(template_seat, seat)
                event = first_event + 2 * number
                event_rows.append(new_placed(event, seat, kiosk_actor, created_db, placed_body.fill(placed)))
                changer = f"staff:{staff_user}" if done else kiosk_actor
                event_rows.append(new_changed(event + 1, seat, changer, updated_db, changed_body.fill(changed)))
            connection.execute("BEGIN")
            connection.executemany(insert_request, request_rows)
            connection.executemany(insert_line, line_rows)
            connection.executemany(insert_event, event_rows)
            connection.execute("COMMIT")
        connection.execute("PRAGMA journal_mode=WAL")
        events = int(connection.execute("SELECT count(*) FROM event_log").fetchone()[0])
        total = int(connection.execute("SELECT count(*) FROM requests").fetchone()[0])
    finally:
        connection.close()
    return Seeded(total, events, time.perf_counter() - started, db.stat().st_size / 1e6)
