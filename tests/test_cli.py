"""The owner's commands: enrol seats and staff, import and export the menu, upgrade the database; bad input
changes nothing."""

import asyncio
import hashlib
import io
import logging
import logging.handlers
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

import netbar
from netbar.cli import ROLE_NAMES, STAFF_ROLES, main
from netbar.config import ROLES
from netbar.domain.menu_file import read_menu_file
from netbar.domain.staff import StaffRole
from netbar.hub.hub import Hub
from netbar.store.database import Database
from tests.support.schema import head_revision, populated_at_0001, revision, snapshot, sqlite_url
from tests.support.wire import RawClient, row_counts


@pytest.fixture(autouse=True)
def _no_logging_left_behind() -> Iterator[None]:
    """`netbar hub` points logging at this test's stderr: a later test must not log into it once it is closed."""
    root = logging.getLogger()
    level = root.level
    yield
    for handler in root.handlers[:]:
        if type(handler) in (logging.StreamHandler, logging.handlers.RotatingFileHandler):  # not pytest's own
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'hub.db'}"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def counts(db_url: str) -> dict[str, int]:
    async def read() -> dict[str, int]:
        db = Database.open(db_url)
        try:
            return await row_counts(db)
        finally:
            await db.close()

    return asyncio.run(read())


def test_enrolled_seats_and_staff_can_connect(
    capsys: pytest.CaptureFixture[str], db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, out, _ = run(capsys, "seats", "add", "A01", "B12", "--db", db_url)
    assert status == 0
    lines = [line.split() for line in out.splitlines()]
    assert [seat for seat, _ in lines] == ["A01", "B12"]
    tokens = dict(lines)
    assert len(set(tokens.values())) == 2
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pass\n"))
    assert run(capsys, "staff-user", "add", "wang", "--role", "cashier", "--db", db_url)[0] == 0

    async def connect() -> list[str]:
        hub = await Hub.start(db_url, "127.0.0.1", 0)
        try:
            kinds = []
            for hello in (
                {"role": "kiosk", "seat": "B12", "token": tokens["B12"]},
                {"role": "staff", "user": "wang", "password": "s3cret-pass"},
                {"role": "kiosk", "seat": "A01", "token": tokens["B12"]},
            ):
                client = await RawClient.connect(hub.url)
                kinds.append((await client.hello(**hello))["type"])
                await client.close()
            return kinds
        finally:
            await hub.stop()

    assert asyncio.run(connect()) == ["welcome", "welcome", "error"]
    status, out, _ = run(capsys, "seats", "list", "--db", db_url)
    assert out.split() == ["A01", "B12"]


@pytest.mark.parametrize(
    "args",
    [
        ["seats", "add", "A01", "A01", "--db", "{db}"],
        ["seats", "add", "not a seat", "--db", "{db}"],
        ["seats", "add", "A01", "A02", "--db", "{db}"],  # A01 is enrolled already: neither is added
        ["seats", "token", "Z99", "--db", "{db}"],
        ["seats", "add", "--db", "{db}"],
        ["seats", "remove", "A01", "--db", "{db}"],
        ["menu", "import", "/nonexistent/menu.csv", "--db", "{db}"],
        ["menu", "import", "menu.txt", "--db", "{db}"],
        ["hub", "--listen", "localhost", "--db", "{db}"],
        ["hub", "--listen", "127.0.0.1:70000", "--db", "{db}"],
        ["seats", "list", "--db", "mysql://somewhere/db"],
        ["kiosk", "--seat", "A01", "--hub", "ws://[::1"],
        ["kiosk", "--seat", "A01", "--hub", "ws://counter pc:8765"],
        ["kiosk", "--seat", "A 01", "--hub", "ws://127.0.0.1:8765"],
        ["kiosk", "--seat", "A01", "--token", "t", "--hub", "ws://127.0.0.1:8765"],  # a token others could read
        ["kiosk", "--seat", "A01", "--hub", "ws://127.0.0.1:8765", "--lang", "fr"],
        ["hub", "--config", "/nonexistent/hub.toml"],
        ["config", "show", "cashier"],
        ["staff", "--user", "li", "--hub", "ws://counter:99999"],
        ["staff", "--user", "l" * 65, "--hub", "ws://127.0.0.1:8765"],
        ["kiosk", "--seat", "A01", "--hub", "wss://10.0.0.1:8765"],  # no fingerprint to check the hub by
        ["staff", "--user", "li", "--hub", "wss://10.0.0.1:8765", "--hub-fingerprint", "sha256:00"],
        ["lunch"],
    ],
)
def test_a_bad_command_line_is_one_line_status_2_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], db_url: str, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETBAR_STAFF_PASSWORD", "counter-pass")
    monkeypatch.setenv("NETBAR_SEAT_TOKEN", "t")
    run(capsys, "seats", "add", "A01", "--db", db_url)
    before = counts(db_url)
    status, out, err = run(capsys, *(arg.replace("{db}", db_url) for arg in args))
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert "error" in err
    assert counts(db_url) == before


def test_staff_users_are_disabled_listed_and_enabled_again(
    capsys: pytest.CaptureFixture[str], db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, role in (("wang", "cashier"), ("li", "manager")):
        monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pass\n"))
        assert run(capsys, "staff-user", "add", name, "--role", role, "--db", db_url)[0] == 0
    disabled = run(capsys, "staff-user", "disable", "wang", "--db", db_url)
    assert disabled == (0, "staff user wang disabled; a hub that is running signs them out within seconds\n", "")
    listed = run(capsys, "staff-user", "list", "--db", db_url)
    assert listed == (0, "li manager enabled\nwang cashier disabled\n", "")
    assert run(capsys, "staff-user", "enable", "wang", "--db", db_url) == (0, "staff user wang enabled\n", "")
    assert run(capsys, "staff-user", "list", "--db", db_url)[1] == "li manager enabled\nwang cashier enabled\n"
    unknown = run(capsys, "staff-user", "disable", "zhao", "--db", db_url)
    assert unknown == (2, "", "netbar: error: no staff user 'zhao'\n")
    last = run(capsys, "staff-user", "disable", "li", "--db", db_url)
    assert last == (2, "", "netbar: error: li is the last manager; make another manager first\n")


def test_a_new_staff_user_needs_a_role_and_an_existing_one_keeps_theirs(
    capsys: pytest.CaptureFixture[str], db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pass\n"))
    status, _, err = run(capsys, "staff-user", "add", "wang", "--db", db_url)
    assert (status, err) == (2, "netbar: error: wang is a new staff user: give --role manager or --role cashier\n")
    for args in (("--role", "cashier"), ()):  # the second only sets a new password
        monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pass\n"))
        assert run(capsys, "staff-user", "add", "wang", *args, "--db", db_url)[0] == 0
    assert run(capsys, "staff-user", "list", "--db", db_url)[1] == "wang cashier enabled\n"
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pass\n"))
    assert run(capsys, "staff-user", "add", "wang", "--role", "boss", "--db", db_url)[0] == 2


def test_a_short_password_is_refused(
    capsys: pytest.CaptureFixture[str], db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("123\n"))
    status, _, err = run(capsys, "staff-user", "add", "wang", "--db", db_url)
    assert status == 2
    assert "at least 6" in err


def test_menu_export_edit_import(capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path) -> None:
    exported = tmp_path / "menu.csv"
    assert run(capsys, "menu", "export", str(exported), "--db", db_url)[0] == 0
    rows = exported.read_text(encoding="utf-8-sig").splitlines()
    edited = [rows[0], *(row.replace(",600,", ",650,") for row in rows[1:] if not row.startswith("coffee,"))]
    exported.write_text("\n".join(edited) + "\n", encoding="utf-8-sig")

    status, out, _ = run(capsys, "menu", "import", str(exported), "--db", db_url)
    assert status == 0
    assert "imported 23 menu items" in out
    again = tmp_path / "again.json"
    run(capsys, "menu", "export", str(again), "--db", db_url)
    menu = read_menu_file(again)
    assert "coffee" not in {item.id for item in menu}
    assert next(item.price_fen for item in menu if item.id == "noodles-beef") == 650


def test_a_bad_menu_file_changes_nothing(capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path) -> None:
    run(capsys, "seats", "add", "A01", "--db", db_url)
    before = counts(db_url)
    bad = tmp_path / "menu.csv"
    bad.write_text(
        "id,category,name_zh,name_en,price_fen,stock,available,minutes\ncola,drink,可乐,Cola,abc,,yes,\n",
        encoding="utf-8",
    )
    status, _, err = run(capsys, "menu", "import", str(bad), "--db", db_url)
    assert status == 2
    assert "line 2: price_fen" in err
    assert counts(db_url) == before
    (tmp_path / "cola.jpg").write_bytes(b"GIF89a, not a JPEG")
    bad.write_text(
        "id,category,name_zh,name_en,price_fen,stock,available,minutes,section_zh,section_en,options,picture\n"
        "water,drink,水,Water,200,,yes,,,,,\ncola,drink,可乐,Cola,300,,yes,,,,,cola.jpg\n",
        encoding="utf-8",
    )
    status, _, err = run(capsys, "menu", "import", str(bad), "--db", db_url)
    assert status == 2
    assert "menu.csv line 3: picture cola.jpg: not a PNG, JPEG or WebP" in err
    assert counts(db_url) == before


def test_a_hub_on_a_file_that_is_not_a_database_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    not_a_database = tmp_path / "menu.db"
    not_a_database.write_text("id,name\ncola,Cola\n")
    status, _, err = run(capsys, "hub", "--db", f"sqlite:///{not_a_database}", "--listen", "127.0.0.1:0")
    assert status == 1
    assert "cannot open the database" in err
    assert "file is not a database" in err
    assert "Traceback" not in err
    assert not_a_database.read_text() == "id,name\ncola,Cola\n"


def test_db_upgrade_says_what_it_did(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    old = tmp_path / "hub.db"
    asyncio.run(populated_at_0001(old))
    before = snapshot(old)

    status, out, err = run(capsys, "db", "upgrade", "--db", sqlite_url(old))

    [backup] = backups(tmp_path)
    assert (status, out, err) == (0, f"upgraded {old} from 0001 to {head_revision()}; backup: {backup}\n", "")
    assert backup.name.startswith("hub.db.0001-")
    assert revision(backup) == "0001"
    assert snapshot(old) == before == snapshot(backup)
    assert run(capsys, "db", "upgrade", "--db", sqlite_url(old)) == (
        0,
        f"{old} is at {head_revision()}, nothing to do\n",
        "",
    )
    new = tmp_path / "new" / "hub.db"
    assert run(capsys, "db", "upgrade", "--db", sqlite_url(new)) == (0, f"created {new} at {head_revision()}\n", "")
    assert backups(tmp_path) == [backup]  # an empty database has nothing to back up


def test_netbar_hub_upgrades_before_it_serves(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "hub.db"
    asyncio.run(populated_at_0001(old))
    before = snapshot(old)
    seen: list[str | None] = []

    async def serve(settings: object, tls: object, payment: object = None) -> int:
        seen.append(revision(old))
        return 0

    monkeypatch.setattr("netbar.hub_commands._serve_until_signalled", serve)
    status, _, _ = run(capsys, "hub", "--db", sqlite_url(old), "--listen", "127.0.0.1:0")
    assert status == 0
    assert seen == [head_revision()]
    assert snapshot(old) == before
    assert len(backups(tmp_path)) == 1


def test_netbar_hub_refuses_a_payment_image_it_cannot_show_and_touches_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "wechat.png").write_bytes(b"GIF89a not a png")
    hub_toml = tmp_path / "hub.toml"
    hub_toml.write_text('[hub]\npayment_image = "wechat.png"\n', "utf-8")
    database = tmp_path / "hub.db"

    status, out, err = run(capsys, "hub", "--config", str(hub_toml), "--db", sqlite_url(database))

    assert (status, out) == (2, "")
    assert err == (
        f"netbar hub: error: {hub_toml}: [hub] payment_image: {tmp_path / 'wechat.png'} is not a PNG or JPEG image\n"
    )
    assert not database.exists()


ADMIN_COMMANDS = [
    ["seats", "add", "A09"],
    ["seats", "token", "A01"],
    ["seats", "list"],
    ["staff-user", "add", "wang", "--role", "cashier"],
    ["menu", "import", "{folder}/menu.csv"],
    ["menu", "export", "{folder}/exported.csv"],
]


@pytest.mark.parametrize("args", ADMIN_COMMANDS, ids=" ".join)
def test_an_admin_command_refuses_an_out_of_date_database_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "hub.db"
    asyncio.run(populated_at_0001(old))
    (tmp_path / "menu.csv").write_text(
        "id,category,name_zh,name_en,price_fen,stock,available,minutes\ncola,drink,可乐,Cola,300,,yes,\n", "utf-8"
    )
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pass\n"))
    before, file_before = snapshot(old), file_digest(old)

    status, out, err = run(capsys, *(arg.replace("{folder}", str(tmp_path)) for arg in args), "--db", sqlite_url(old))

    assert (status, out) == (2, "")
    needs = f"the database is at revision 0001 and this netbar needs {head_revision()}"
    assert err == f"netbar: error: {needs}: run `netbar db upgrade`\n"
    assert revision(old) == "0001"
    assert snapshot(old) == before
    assert file_digest(old) == file_before
    assert backups(tmp_path) == []
    assert not (tmp_path / "exported.csv").exists()


@pytest.mark.parametrize("args", ADMIN_COMMANDS, ids=" ".join)
def test_an_admin_command_on_a_new_file_creates_the_schema(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    new = tmp_path / "hub.db"
    (tmp_path / "menu.csv").write_text(
        "id,category,name_zh,name_en,price_fen,stock,available,minutes\ncola,drink,可乐,Cola,300,,yes,\n", "utf-8"
    )
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pass\n"))

    status, _, err = run(capsys, *(arg.replace("{folder}", str(tmp_path)) for arg in args), "--db", sqlite_url(new))

    assert status == (2 if args[:2] == ["seats", "token"] else 0), err  # no seat A01 in a new database
    assert revision(new) == head_revision()
    assert backups(tmp_path) == []  # nothing to lose, nothing backed up


def test_a_database_from_a_newer_netbar_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    newer = tmp_path / "hub.db"
    asyncio.run(populated_at_0001(newer))
    with closing(sqlite3.connect(newer)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    file_before = file_digest(newer)

    for args, expected_status in (
        (["db", "upgrade"], 1),
        (["seats", "list"], 2),
        (["hub", "--listen", "127.0.0.1:0"], 1),
    ):
        status, out, err = run(capsys, *args, "--db", sqlite_url(newer))
        assert (status, out) == (expected_status, ""), args
        assert len(err.strip().splitlines()) == 1, err
        assert "revision 9999, which this netbar does not know" in err
        assert "Traceback" not in err

    assert file_digest(newer) == file_before
    assert backups(tmp_path) == []


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.bak"))


def test_a_seats_token_read_from_a_file_others_can_read_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    settings = tmp_path / "kiosk.toml"
    settings.write_text('[kiosk]\nseat = "A01"\nhub = "ws://127.0.0.1:1"\ntoken = "' + "t" * 40 + '"\n')
    settings.chmod(0o644)
    status, out, err = run(capsys, "kiosk", "--config", str(settings))
    assert (status, out) == (2, "")
    assert f"chmod 600 {settings}" in err
    assert "t" * 40 not in err


def test_admin_commands_use_the_database_the_hubs_settings_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    database = tmp_path / "counter" / "netbar.db"
    settings = tmp_path / "hub.toml"
    settings.write_text(f'[hub]\ndb = "sqlite:///{database}"\nlisten = "0.0.0.0:9000"\n')
    assert run(capsys, "seats", "add", "A07", "--config", str(settings))[0] == 0
    assert run(capsys, "seats", "list", "--db", f"sqlite:///{database}") == (0, "A07\n", "")
    status, out, _ = run(capsys, "config", "show", "hub", "--config", str(settings))
    assert status == 0
    assert f'db = "sqlite:///{database}"' in out
    assert 'listen = "0.0.0.0:9000"' in out


def test_kiosk_pin_writes_only_a_hash_into_kiosk_toml_keeping_the_rest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('# seat A01\n[kiosk]\nseat = "A01"  # by the window\ntoken = "t0k3n-t0k3n"\n', encoding="utf-8")
    config.chmod(0o600)
    monkeypatch.setattr("sys.stdin", io.StringIO("2468\n"))
    status, out, _ = run(capsys, "kiosk-pin", "--config", str(config))
    assert status == 0
    assert str(config) in out
    text = config.read_text(encoding="utf-8")
    assert "2468" not in text
    assert text.startswith('# seat A01\n[kiosk]\nexit_pin_hash = "scrypt$')
    assert text.endswith('seat = "A01"  # by the window\ntoken = "t0k3n-t0k3n"\n')
    assert config.stat().st_mode & 0o777 == 0o600
    first = text

    monkeypatch.setattr("sys.stdin", io.StringIO("97531\n"))
    assert run(capsys, "kiosk-pin", "--config", str(config))[0] == 0  # a new PIN replaces the old line
    assert config.read_text(encoding="utf-8").count("exit_pin_hash") == 1
    assert config.read_text(encoding="utf-8") != first


@pytest.mark.parametrize("pin", ["123", "1234567890123", "12a4", ""])
def test_kiosk_pin_refuses_what_is_not_4_to_12_digits_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pin: str
) -> None:
    monkeypatch.setenv("NETBAR_HOME", str(tmp_path))
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{pin}\n"))
    status, _, err = run(capsys, "kiosk-pin")
    assert status == 2
    assert "4 to 12 digits; nothing changed" in err
    assert not (tmp_path / "kiosk.toml").exists()


def test_a_pin_is_never_taken_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "kiosk-pin", "2468")
    assert status == 2
    assert "unrecognized arguments: 2468" in err


def test_netbar_alone_lists_the_commands_and_version_says_which(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys)
    assert status == 0
    for command in ("hub", "seats", "kiosk", "staff", "demo", "backup", "restore", "config"):
        assert f"\n    {command} " in out or f"\n    {command}\n" in out, command
    assert "examples:" in out
    assert run(capsys, "--version") == (0, f"netbar {netbar.__version__}\n", "")


def test_help_loads_neither_pydantic_nor_the_database_nor_qt() -> None:
    heavy = ("pydantic", "sqlalchemy", "alembic", "PySide6", "websockets", "netbar.config")
    for args in (["--help"], ["kiosk", "--help"], ["--version"], []):
        code = (
            "import sys\nfrom netbar.cli import main\n"
            f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
            f"print(' '.join(sorted(m for m in sys.modules if m.startswith({heavy!r}))), file=sys.stderr)"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert done.stderr.split() == [], args
        assert "usage: netbar" in done.stdout or "netbar " in done.stdout


def test_the_lists_of_names_help_shows_are_the_settings_and_roles(capsys: pytest.CaptureFixture[str]) -> None:
    assert tuple(ROLES) == ROLE_NAMES
    assert tuple(role.value for role in StaffRole) == STAFF_ROLES


def test_backup_and_restore_from_the_command_line(
    capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path
) -> None:
    assert run(capsys, "seats", "add", "A01", "--db", db_url)[0] == 0
    status, out, err = run(capsys, "backup", str(tmp_path / "copy.db"), "--db", db_url)
    assert (status, out, err) == (0, f"backed up to {tmp_path / 'copy.db'}\n", "")
    assert run(capsys, "seats", "add", "A02", "--db", db_url)[0] == 0
    status, out, _ = run(capsys, "restore", str(tmp_path / "copy.db"), "--db", db_url)
    assert status == 0
    assert out.startswith(f"restored {tmp_path / 'hub.db'} from {tmp_path / 'copy.db'}; the database as it was: ")
    assert run(capsys, "seats", "list", "--db", db_url) == (0, "A01\n", "")


def test_restore_while_the_hub_runs_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path
) -> None:
    assert run(capsys, "seats", "add", "A01", "--db", db_url)[0] == 0
    assert run(capsys, "backup", str(tmp_path / "copy.db"), "--db", db_url)[0] == 0

    async def restore_while_up() -> tuple[int, str, str]:
        hub = await Hub.start(db_url, "127.0.0.1", 0)
        try:
            return await asyncio.to_thread(run, capsys, "restore", str(tmp_path / "copy.db"), "--db", db_url)
        finally:
            await hub.stop()

    status, out, err = asyncio.run(restore_while_up())
    assert (status, out) == (2, "")
    assert "the hub is running" in err
    assert len(err.splitlines()) == 1
