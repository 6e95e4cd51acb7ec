"""`python -m bench.report`: `netbar report` over a year of a busy café (1,000,000 requests), beside reading the
same rows with plain SQL, in the same run.

The database is made once, in a process of its own: `netbar seats add` creates it at the schema's head with the
default menu, then the stdlib's sqlite3 `executemany` writes the requests, their lines and steps, as the hub stores
them (times as UTC text). Each figure is measured `--repeat` times (3 by default); printed: the median and the
spread (min–max). The report runs as the owner runs it, `python -m netbar report`, in a process of its own (its
imports included); the baseline runs the three SELECTs of the raw rows on the stdlib driver and fetches every row:
all a report read before the database counted and summed for it, and what CSV's Requests sheet still reads.
"""

import argparse
import contextlib
import io
import json
import multiprocessing
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from datetime import time as time_of_day
from pathlib import Path
from zoneinfo import ZoneInfo

SEATS = [f"{row}{number:02d}" for row in "ABCDE" for number in range(1, 21)]
STAFF = ("li", "wang", "zhao")
VENUE = ZoneInfo("Asia/Shanghai")
FIRST_DAY = datetime(2025, 11, 27, tzinfo=VENUE)
DAYS = 365
LAST_DAY = (FIRST_DAY + timedelta(days=DAYS - 1)).date()
# How busy each hour of the venue's day is: evenings and the small hours, as a café's are.
HOUR_WEIGHTS = (6, 5, 3, 1, 1, 1, 1, 1, 2, 2, 3, 3, 5, 4, 4, 4, 5, 6, 8, 9, 10, 10, 9, 7)


def seed(database: Path, requests: int) -> None:
    """The database, at the schema's head, with `requests` requests spread over DAYS days."""
    from netbar.cli import main

    os.environ["NETBAR_HOME"] = str(database.parent / "home")  # this process's own: no settings leak in
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        if main(["seats", "add", "--db", f"sqlite:///{database}", *SEATS]) != 0:
            raise SystemExit(f"netbar seats add failed on {database}")
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA synchronous=OFF")
    menu = connection.execute("SELECT id, category, name_zh, name_en, price_fen, minutes FROM menu_items").fetchall()
    by_category = {category: [item for item in menu if item[1] == category] for category in ("food", "drink", "time")}
    egg = json.dumps([{"group": "extras", "choice": "egg", "name_zh": "加蛋", "name_en": "Egg", "price_fen": 200}])
    chance = random.Random(8)
    step_id = line_id = 0
    connection.execute("BEGIN")
    for start in range(1, requests + 1, 50_000):
        request_rows, line_rows, step_rows = [], [], []
        for request_id in range(start, min(start + 50_000, requests + 1)):
            kind = chance.choices(("food", "drink", "renewal", "call"), (35, 35, 20, 10))[0]
            hour = chance.choices(range(24), HOUR_WEIGHTS)[0]
            day = FIRST_DAY + timedelta(days=(request_id - 1) * DAYS // requests)
            created = (day + timedelta(hours=hour, seconds=chance.uniform(0, 3600))).astimezone(UTC)
            total = 0
            if kind != "call":
                category = {"food": "food", "drink": "drink", "renewal": "time"}[kind]
                for position in range(1 if kind == "renewal" else chance.choice((1, 1, 2))):
                    item_id, _, name_zh, name_en, price, minutes = chance.choice(by_category[category])
                    options = egg if kind == "food" and chance.random() < 0.3 else "[]"
                    price += 200 if options != "[]" else 0
                    qty = 1 if kind == "renewal" else chance.choice((1, 1, 2, 3))
                    line_id += 1
                    line_rows.append(
                        (line_id, request_id, position, item_id, name_zh, name_en, qty, price, minutes, options)
                    )
                    total += qty * price
            cancelled = chance.random() < 0.15
            at = created
            steps = {"food": ("accepted", "delivering", "done"), "drink": ("accepted", "delivering", "done")}
            path = (
                ("cancelled",)
                if cancelled
                else steps.get(kind, ("done",) if kind == "renewal" else ("accepted", "done"))
            )
            who = chance.choice(STAFF)
            for state in path:
                at += timedelta(seconds=chance.randint(20, 600))
                step_id += 1
                step_rows.append((step_id, request_id, state, f"staff:{who}", _stored(at)))
            request_rows.append(
                (
                    request_id, chance.choice(SEATS), kind, "cancelled" if cancelled else "done", "",
                    "cash" if kind == "renewal" else None, total, _stored(created), _stored(at),
                    "sold out" if cancelled else None, who, 1, None,
                )
            )  # fmt: skip
        connection.executemany("INSERT INTO requests VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", request_rows)
        connection.executemany(
            "INSERT INTO request_lines (id, request_id, position, item_id, name_zh, name_en, qty, price_fen, minutes,"
            " options) VALUES (?,?,?,?,?,?,?,?,?,?)",
            line_rows,
        )
        connection.executemany("INSERT INTO request_steps VALUES (?,?,?,?,?)", step_rows)
    connection.execute("COMMIT")
    connection.close()


def _stored(moment: datetime) -> str:
    return moment.replace(tzinfo=None).isoformat(" ", "microseconds")  # as the hub's SQLite times are


def plain_read(database: Path) -> tuple[float, float]:
    """Seconds (wall, CPU) to run the raw rows' three SELECTs for the same period on the stdlib driver and fetch every
    row."""
    from sqlalchemy.dialects import sqlite

    from netbar.reports import data
    from netbar.reports.period import Period

    period = Period(FIRST_DAY.date(), LAST_DAY, time_of_day(6), VENUE)
    bounds = {"start": _stored(period.start), "end": _stored(period.end)}
    compiled = [statement.statement.compile(dialect=sqlite.dialect()) for statement in data.READS]
    connection = sqlite3.connect(database)
    started, cpu = time.perf_counter(), time.process_time()
    for sql in compiled:
        connection.execute(sql.string, [bounds[name] for name in sql.positiontup or ()]).fetchall()
    elapsed = time.perf_counter() - started, time.process_time() - cpu
    connection.close()
    return elapsed


def report(database: Path, out: Path, fmt: str) -> tuple[float, float]:
    """Seconds (wall, CPU) for `python -m netbar report` over the whole year, as the owner runs it."""
    command = [sys.executable, "-m", "netbar", "report", "--db", f"sqlite:///{database}", "--from"]
    command += [FIRST_DAY.date().isoformat(), "--to", LAST_DAY.isoformat(), "--out", str(out), "--format", fmt]
    started, cpu = time.perf_counter(), _children_cpu()
    # NETBAR_HOME in the scratch folder: neither the user's settings nor the machine's (/etc/netbar) leak in.
    environment = {"NETBAR_TIME_ZONE": "Asia/Shanghai", "NETBAR_HOME": str(out.parent / "home"), "PATH": ""}
    subprocess.run(command, check=True, capture_output=True, env=environment)
    return time.perf_counter() - started, _children_cpu() - cpu


def _children_cpu() -> float:
    """CPU seconds (user + system) of the child processes waited for so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def picture(workbook: Path, target: Path) -> None:
    """The workbook's Hours and Service times, as the staff window's chart widget paints them (offscreen), one
    above the other in a PNG: the README's picture."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import openpyxl
    from PySide6.QtGui import QPainter, QPixmap
    from PySide6.QtWidgets import QApplication

    from netbar.staff.bar_chart import BarChart, ChartData

    book = openpyxl.load_workbook(workbook, read_only=True)
    hours = [row for row in book["Hours"].iter_rows(values_only=True)]
    service = [row for row in book["Service times"].iter_rows(values_only=True) if row[1] in ("Staff", "All staff")]
    book.close()
    kinds = hours[0][1:5]
    charts = [
        ChartData(
            "Requests per hour of the day",
            tuple(str(row[0]) for row in hours[1:]),
            kinds,
            tuple(tuple(float(row[1 + k]) for row in hours[1:]) for k in range(len(kinds))),
            stacked=True,
        ),
        ChartData(
            "Median time from the tap (min)",
            tuple(str(row[0]) for row in service[1:]),
            ("to accepted", "to done"),
            tuple(
                tuple(float(row[service[0].index(column)] or 0) / 60 for row in service[1:])
                for column in ("Accepted median (s)", "Done median (s)")
            ),
        ),
    ]
    app = QApplication.instance() or QApplication([])
    width, height = 900, 340
    image = QPixmap(width, height * len(charts))
    painter = QPainter(image)
    for n, data in enumerate(charts):
        chart = BarChart()
        chart.resize(width, height)
        chart.show_data(data)
        painter.drawPixmap(0, n * height, chart.grab())
    painter.end()
    image.save(str(target))
    del app


def _figure(name: str, runs: list[tuple[float, float]]) -> str:
    def spread(values: list[float]) -> str:
        return f"median {statistics.median(values):6.2f} s ({min(values):.2f}–{max(values):.2f})"

    return f"{name:<44} wall {spread([wall for wall, _ in runs])}   CPU {spread([cpu for _, cpu in runs])}"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=__doc__)
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--keep", type=Path, metavar="DB", help="the seeded database's file: made if missing, else used as it is"
    )
    parser.add_argument("--picture", type=Path, metavar="PNG", help="also draw the workbook's charts into this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        database = args.keep or folder / "year.db"
        if not database.exists():
            started = time.perf_counter()
            maker = multiprocessing.get_context("spawn").Process(target=seed, args=(database, args.requests))
            maker.start()
            maker.join()
            if maker.exitcode != 0:
                raise SystemExit("seeding failed")
            seconds = time.perf_counter() - started
            print(f"seeded {args.requests:,} requests over {DAYS} days in {seconds:.0f} s", file=sys.stderr)
        figures: dict[str, list[tuple[float, float]]] = {
            "plain SQL read of the same rows (baseline)": [],
            "netbar report (xlsx)": [],
            "netbar report --format csv": [],
        }
        for run in range(args.repeat):
            print(f"run {run + 1}/{args.repeat}", file=sys.stderr)
            figures["plain SQL read of the same rows (baseline)"].append(plain_read(database))
            figures["netbar report (xlsx)"].append(report(database, folder / "year.xlsx", "xlsx"))
            figures["netbar report --format csv"].append(report(database, folder / "year", "csv"))
        if args.picture:
            picture(folder / "year.xlsx", args.picture)
        load = f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        print(f"{args.requests:,} requests, {args.repeat} runs each; {load}")
        for name, seconds in figures.items():
            print(_figure(name, seconds))


if __name__ == "__main__":
    main()
