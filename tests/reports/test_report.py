"""`netbar report` over a known stretch of business made through a real hub: every figure of the workbook read
back with openpyxl, the same tables as CSV, and bad input refused in one line with nothing written."""

import hashlib
import sqlite3
import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from netbar.cli import main
from netbar.reports import report as report_module
from netbar.reports.sheets import SHEETS
from tests.reports.known_day import KnownDay
from tests.support.hub import RunningHub

PERIOD = ("--from", "2026-11-20", "--to", "2026-11-21")
YUAN = '"¥"#,##0.00'
TIME = "yyyy-mm-dd hh:mm:ss"
SHIFTS_HEADER = (
    "Shift",
    "Opened",
    "Opened by",
    "Closed",
    "Closed by",
    "Float (¥)",
    "Expected cash (¥)",
    "Counted cash (¥)",
    "Difference (¥)",
    "Note",
)
SHIFTS = [
    # li's shift of 05:00–05:30 on the 20th was the 19th's. wang's: float ¥200, expected ¥200 + ¥16.00 + ¥10.50 on
    # delivery + ¥13.00 cash = ¥239.50, counted ¥239.00.
    (2, datetime(2026, 11, 20, 9), "wang", datetime(2026, 11, 20, 23), "wang", 200, 239.5, 239, -0.5, "one coin short"),
    (3, datetime(2026, 11, 21, 6, 20), "li", None, None, 100, None, None, None, None),  # still open
]


@pytest.fixture
async def known_day(hub: RunningHub, monkeypatch: pytest.MonkeyPatch) -> RunningHub:
    await KnownDay(hub).make()
    monkeypatch.setenv("NETBAR_TIME_ZONE", "Asia/Shanghai")  # days start at 06:00, the default
    return hub


def report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(["report", *args])
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def rows(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def temporaries(folder: Path) -> list[Path]:
    """What a report leaves beside its file while it writes."""
    return list(folder.glob(".*.part"))


def day(text: str) -> datetime:
    return datetime.fromisoformat(text)


async def test_the_workbook_holds_every_figure_of_a_known_day(
    known_day: RunningHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "november.xlsx"
    status, said, _ = report(capsys, "--db", known_day.db_url, *PERIOD, "--out", str(out))
    assert (status, said) == (0, f"report for 2026-11-20 to 2026-11-21 (days from 06:00): {out}\n")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Summary", "Items", "Service times", "Hours", "Shifts", "Requests"]

    summary = book["Summary"]
    assert rows(summary) == [
        ("Day", "Requests", "Renewal", "Food", "Drink", "Call", "Done", "Cancelled", "Revenue (¥)", "Time sold (min)"),
        # 20th: noodles ×2 with egg 16.00, cola + 2 iced tea 10.50, 3 h 13.00, the call, 1 h at 05:59 5.00 (the
        # night is the 20th's); cancelled: the water (by the seat), the tea eggs (by li, 02:30)
        (day("2026-11-20"), 7, 2, 2, 2, 1, 5, 2, 44.5, 240),
        # 21st: the sausage 3.00; the Red Bull served and refunded is cancelled, not revenue
        (day("2026-11-21"), 2, 0, 1, 1, 0, 1, 1, 3.0, 0),
        ("Total", 9, 2, 3, 3, 1, 6, 3, 47.5, 240),
    ]
    assert summary["I2"].number_format == YUAN

    assert rows(book["Items"]) == [
        ("Category", "Item id", "Item (zh)", "Item (en)", "Options (zh)", "Options (en)", "Quantity", "Revenue (¥)"),
        ("food", None, "全部", "Total", None, None, 3, 19.0),
        ("food", "noodles-beef", "红烧牛肉面", "Braised beef instant noodles", "加蛋", "Egg", 2, 16.0),
        ("food", "sausage-grilled", "烤肠", "Grilled sausage", None, None, 1, 3.0),
        ("drink", None, "全部", "Total", None, None, 3, 10.5),
        ("drink", "iced-tea", "冰红茶", "Iced tea", None, None, 2, 7.0),
        ("drink", "cola", "可口可乐", "Coca-Cola", None, None, 1, 3.5),
        ("time", None, "全部", "Total", None, None, 2, 18.0),
        ("time", "time-3h", "3小时", "3 hours", None, None, 1, 13.0),
        ("time", "time-1h", "1小时", "1 hour", None, None, 1, 5.0),
    ]

    service = rows(book["Service times"])
    assert service[0][:5] == ("Kind", "Staff", "Taken", "Within limit", "Limit (min)")
    assert service[0][5:] == tuple(
        f"{step} {what}"
        for step in ("Accepted", "Delivering", "Done")
        for what in ("median (s)", "p90 (s)", "worst (s)", "count")
    )
    n = None
    # The drinks' figures, wang's alone and all staff's: he took both.
    drink_times = (2, 1, 5, 60, 60, 60, 2, 150, 174, 180, 2, pytest.approx(255.49985), pytest.approx(291.09997), 300, 2)
    assert service[1:] == [
        # renewals: 14:00 → done 14:02 (120 s, within 3 min), 05:59 → 06:10 (660 s, not): median 390, p90 606
        ("renewal", "All staff", 2, 0.5, 3, n, n, n, 0, n, n, n, 0, 390, 606, 660, 2),
        # food: tapped 09:59:30, accepted 10:03 (210 s), on its way 10:08 (510), done 10:10 (630); the sausage
        # 06:30 → 06:45 (900, over 10 min), 06:48 (1080), 06:50 (1200). The tea eggs were cancelled untaken.
        ("food", "All staff", 2, 0.5, 10, 555, 831, 900, 2, 795, 1023, 1080, 2, 915, 1143, 1200, 2),
        # drinks: cola and tea 10:05 → 60, 120, 210.9997 s; the Red Bull 07:00 → 60, 180, 300 s
        ("drink", "All staff", *drink_times),
        ("call", "All staff", 1, 1, 2, 60, 60, 60, 1, n, n, n, 0, 300, 300, 300, 1),
        ("renewal", "wang", 2, 0.5, 3, n, n, n, 0, n, n, n, 0, 390, 606, 660, 2),
        ("food", "li", 2, 0.5, 10, 555, 831, 900, 2, 795, 1023, 1080, 2, 915, 1143, 1200, 2),
        ("drink", "wang", *drink_times),
        ("call", "li", 1, 1, 2, 60, 60, 60, 1, n, n, n, 0, 300, 300, 300, 1),
    ]

    hours = rows(book["Hours"])
    assert hours[0] == ("Hour", "Renewal", "Food", "Drink", "Call", "All")
    assert [hour for hour, *_ in hours[1:]] == [f"{(6 + n) % 24:02d}:00" for n in range(24)]
    busy = {hour: counts for hour, *counts in hours[1:] if counts[-1]}
    assert busy == {
        "06:00": [0, 1, 0, 0, 1],
        "07:00": [0, 0, 1, 0, 1],
        "10:00": [0, 1, 1, 0, 2],
        "14:00": [1, 0, 0, 0, 1],
        "15:00": [0, 0, 1, 0, 1],
        "23:00": [0, 0, 0, 1, 1],
        "02:00": [0, 1, 0, 0, 1],
        "05:00": [1, 0, 0, 0, 1],
    }

    shifts = book["Shifts"]
    assert rows(shifts) == [SHIFTS_HEADER, *SHIFTS]
    assert [shifts.cell(2, column).number_format for column in (2, 4, 6, 7, 8, 9)] == [TIME, TIME, *[YUAN] * 4]

    raw = rows(book["Requests"])
    header = raw[0]
    lines = [dict(zip(header, line, strict=True)) for line in raw[1:]]
    picked = ("Request", "Day", "Seat", "Kind", "State", "Payment", "Total (¥)", "Item id", "Quantity", "Price (¥)")
    assert [tuple(line[name] for name in picked) for line in lines] == [
        (1, day("2026-11-20"), "A01", "food", "done", "on delivery", 16, "noodles-beef", 2, 8),
        (2, day("2026-11-20"), "A02", "drink", "done", "on delivery", 10.5, "cola", 1, 3.5),
        (2, day("2026-11-20"), "A02", "drink", "done", "on delivery", 10.5, "iced-tea", 2, 3.5),
        (3, day("2026-11-20"), "A03", "renewal", "done", "cash", 13, "time-3h", 1, 13),
        (4, day("2026-11-20"), "A01", "drink", "cancelled", "on delivery", 2, "water", 1, 2),
        (5, day("2026-11-20"), "A02", "call", "done", "on delivery", 0, None, None, None),
        (6, day("2026-11-20"), "A03", "food", "cancelled", "on delivery", 6, "egg-tea", 3, 2),
        (7, day("2026-11-20"), "A01", "renewal", "done", "qr", 5, "time-1h", 1, 5),
        (8, day("2026-11-21"), "A02", "food", "done", "on delivery", 3, "sausage-grilled", 1, 3),
        (9, day("2026-11-21"), "A03", "drink", "cancelled", "on delivery", 7, "red-bull", 1, 7),
    ]
    first, refund = lines[0], lines[-1]
    # The venue's times (Asia/Shanghai), the tap before the hub received it.
    assert (first["Tapped"], first["Received"], first["Accepted"], first["Delivering"], first["Done"]) == (
        day("2026-11-20 09:59:30"),
        day("2026-11-20 10:00:00"),
        day("2026-11-20 10:03:00"),
        day("2026-11-20 10:08:00"),
        day("2026-11-20 10:10:00"),
    )
    assert (first["Options (en)"], first["Accepted by"], first["Done by"]) == ("Egg", "li", "li")
    assert (refund["Done by"], refund["Cancelled by"], refund["Cancel reason"]) == ("wang", "li", "spilt")
    assert refund["Cancelled"] == day("2026-11-21 07:10:00")
    assert lines[6]["Cancelled by"] == "li"
    assert lines[4]["Cancelled by"] is None  # the seat cancelled the water

    with zipfile.ZipFile(out) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
        drawings = {
            sheet: archive.read(f"xl/worksheets/_rels/sheet{sheet}.xml.rels").decode()
            for sheet in (1, 3, 4)  # Summary, Service times, Hours
        }
    assert len(charts) == 3
    assert all("drawing" in rels for rels in drawings.values())
    assert not temporaries(tmp_path)


async def test_csv_holds_the_same_tables_with_yuan_as_exact_text(
    known_day: RunningHub, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "november"
    status, _, _ = report(capsys, "--db", known_day.db_url, *PERIOD, "--out", str(folder), "--format", "csv")
    assert status == 0
    assert sorted(path.name for path in folder.iterdir()) == [
        "Hours.csv",
        "Items.csv",
        "Requests.csv",
        "Service times.csv",
        "Shifts.csv",
        "Summary.csv",
    ]
    summary = (folder / "Summary.csv").read_text(encoding="utf-8-sig").splitlines()
    assert summary == [
        "Day,Requests,Renewal,Food,Drink,Call,Done,Cancelled,Revenue (¥),Time sold (min)",
        "2026-11-20,7,2,2,2,1,5,2,44.50,240",
        "2026-11-21,2,0,1,1,0,1,1,3.00,0",
        "Total,9,2,3,3,1,6,3,47.50,240",
    ]
    assert (folder / "Shifts.csv").read_text(encoding="utf-8-sig").splitlines() == [
        ",".join(SHIFTS_HEADER),
        "2,2026-11-20 09:00:00,wang,2026-11-20 23:00:00,wang,200.00,239.50,239.00,-0.50,one coin short",
        "3,2026-11-21 06:20:00,li,,,100.00,,,,",
    ]
    items = (folder / "Items.csv").read_text(encoding="utf-8-sig").splitlines()
    assert items[2] == "food,noodles-beef,红烧牛肉面,Braised beef instant noodles,加蛋,Egg,2,16.00"
    requests = (folder / "Requests.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(requests) == 11
    assert requests[6].startswith("5,2026-11-20,A02,call,done,on delivery,0.00,2026-11-20 23:30:00,")

    # Past the rows a workbook holds well, its Requests sheet says where they are; CSV still holds them all.
    few = tuple(replace(sheet, most_rows=9) if sheet.name == "Requests" else sheet for sheet in SHEETS)
    monkeypatch.setattr(report_module, "SHEETS", few)
    out = tmp_path / "november.xlsx"
    assert report(capsys, "--db", known_day.db_url, *PERIOD, "--out", str(out))[0] == 0
    assert rows(openpyxl.load_workbook(out)["Requests"]) == [
        ("Too many rows for a workbook",),
        ("10 rows: `netbar report --format csv` writes them all",),
    ]


async def test_a_day_that_starts_between_quarters_of_an_hour_splits_at_its_minute(
    known_day: RunningHub, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Requests are counted per slot of the clock: at 05:59 the slots are minutes, so the night's renewal, received
    # at 05:59 on the 21st, is the 21st's, and li's shift opened at 05:00 on the 20th is still the 19th's.
    monkeypatch.setenv("NETBAR_DAY_STARTS_AT", "05:59")
    out = tmp_path / "november.xlsx"
    status, said, _ = report(capsys, "--db", known_day.db_url, *PERIOD, "--out", str(out))
    assert (status, said) == (0, f"report for 2026-11-20 to 2026-11-21 (days from 05:59): {out}\n")
    book = openpyxl.load_workbook(out)
    assert rows(book["Summary"])[1:] == [
        (day("2026-11-20"), 6, 1, 2, 2, 1, 4, 2, 39.5, 180),
        (day("2026-11-21"), 3, 1, 1, 1, 0, 2, 1, 8.0, 60),
        ("Total", 9, 2, 3, 3, 1, 6, 3, 47.5, 240),
    ]
    assert [hour for hour, *_ in rows(book["Hours"])[1:3]] == ["05:00", "06:00"]
    assert [shift for shift, *_ in rows(book["Shifts"])[1:]] == [2, 3]


def test_bad_input_is_one_line_status_2_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETBAR_TIME_ZONE", "Asia/Shanghai")
    empty = tmp_path / "netbar.db"
    assert main(["seats", "add", "--db", f"sqlite:///{empty}", "A01"]) == 0  # Netbar's, with no requests
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER)")
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n")
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "report.xlsx"
    before = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in (empty, other, text)}
    capsys.readouterr()
    for args, said in (
        (("--from", "2026-11-21", "--to", "2026-11-20", "--out", str(out)), "ends (2026-11-20) before it starts"),
        (("--from", "2026-11-20", "--to", "2026-11-21", "--out", str(out)), "no requests from 2026-11-20 to"),
        (("--from", "20 Nov", "--to", "2026-11-21", "--out", str(out)), "'20 Nov' is not a day as YYYY-MM-DD"),
        (("--from", "2026-11-20", "--to", "2026-11-21", "--out", str(tmp_path / "no" / "r.xlsx")), "no folder"),
        (("--from", "2026-11-20", "--to", "2026-11-21", "--out", str(folder)), "it is a folder"),
    ):
        status, printed, error = report(capsys, "--db", f"sqlite:///{empty}", *args)
        assert (status, printed, error.count("\n")) == (2, "", 1), args
        assert said in error, error
    for db, said in (
        (other, "the database is not Netbar's"),
        (text, "cannot read the database"),
        (tmp_path / "missing.db", "no database at"),
    ):
        status, printed, error = report(capsys, "--db", f"sqlite:///{db}", *PERIOD, "--out", str(out))
        assert (status, printed, error.count("\n")) == (2, "", 1), db
        assert said in error, error
    assert list(folder.iterdir()) == []
    assert not (tmp_path / "missing.db").exists()
    assert {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in (empty, other, text)} == before
