"""The settings files, read one way: each layer over the one below, every mistake one line naming its source."""

import os
import sys
from datetime import time
from pathlib import Path

import platformdirs
import pytest
from pydantic import ValidationError

from netbar import config
from netbar.config import (
    MASKED,
    ConfigError,
    FileState,
    HubSettings,
    KioskSettings,
    Layer,
    ListenAddress,
    Source,
    StaffSettings,
    load,
    render,
)
from netbar.domain.exit_pin import hash_pin
from netbar.domain.payment_code import MAX_IMAGE_BYTES, ImageCode, TextCode
from netbar.gui.language import Language

POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="Windows has no group/other permission bits")
TOKEN = "tok-Zq81-unguessable"
PASSWORD = "pw-Xk77-unguessable"


@pytest.fixture(autouse=True)
def _clean_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No NETBAR_* variable of the developer's shell, and no file in the machine's /etc, reaches a test."""
    for variable in [name for name in os.environ if name.startswith("NETBAR_")]:
        monkeypatch.delenv(variable)
    monkeypatch.setenv("NETBAR_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(config, "system_config_dir", lambda: tmp_path / "etc")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def without_netbar_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The platform's folders instead of NETBAR_HOME: the user's config folder is tmp/user."""
    monkeypatch.delenv("NETBAR_HOME")
    monkeypatch.setattr(platformdirs, "user_config_path", lambda *_args, **_kwargs: tmp_path / "user")
    return tmp_path / "user"


def write(path: Path, text: str, mode: int = 0o600) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def error_of(
    settings_type: type[config.Settings], cli: dict[str, object] | None = None, config_file: Path | None = None
) -> str:
    with pytest.raises(ConfigError) as caught:
        load(settings_type, cli or {}, config_file=config_file)
    message = str(caught.value)
    assert "\n" not in message
    return message


def kiosk_file(**changes: str) -> str:
    """A kiosk.toml with a seat, a hub and a token, or other TOML values for some of them."""
    keys = {"seat": '"A01"', "hub": '"ws://192.168.1.10:8765"', "token": f'"{TOKEN}"', **changes}
    return "[kiosk]\n" + "".join(f"{key} = {value}\n" for key, value in keys.items())


KIOSK_FILE = kiosk_file()
REAL_SYSTEM_CONFIG_DIR = config.system_config_dir  # before the autouse fixture stands in for it


# --- Defaults and folders -------------------------------------------------------------------------------------------


def test_the_hub_runs_on_defaults_alone(home: Path, tmp_path: Path) -> None:
    loaded = load(HubSettings, {})

    hub = loaded.settings
    assert hub.listen == ListenAddress("127.0.0.1", 8765)
    assert hub.db == f"sqlite:///{home / 'hub.db'}"
    assert (hub.retention_days, hub.day_starts_at, hub.payment_code) == (30, time(6, 0), None)
    assert (hub.limits.food, hub.limits.drink, hub.limits.call, hub.limits.renewal) == (
        (10, 20),
        (5, 10),
        (2, 5),
        (3, 6),
    )
    assert set(loaded.sources.values()) == {Source(Layer.DEFAULT)}
    assert "limits.renewal" in loaded.sources
    assert [(file.path, file.layer, file.state) for file in loaded.files] == [
        (tmp_path / "etc" / "hub.toml", Layer.SYSTEM_FILE, FileState.SKIPPED),
        (home / "hub.toml", Layer.USER_FILE, FileState.MISSING),
    ]


def test_netbar_home_holds_the_files_and_keeps_the_system_file_out(home: Path, tmp_path: Path) -> None:
    write(tmp_path / "etc" / "hub.toml", '[hub]\nlisten = "0.0.0.0:1"\n')
    write(home / "hub.toml", "[hub]\nretention_days = 7\n")

    loaded = load(HubSettings, {})

    assert loaded.settings.listen == ListenAddress("127.0.0.1", 8765)
    assert loaded.settings.retention_days == 7
    assert loaded.sources["retention_days"] == Source(Layer.USER_FILE, str(home / "hub.toml"))
    assert config.user_config_dir() == home


def test_without_netbar_home_the_platform_folder_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NETBAR_HOME")
    assert config.user_config_dir() == platformdirs.user_config_path("netbar", appauthor=False)
    assert config.user_config_dir({"NETBAR_HOME": ""}) == platformdirs.user_config_path("netbar", appauthor=False)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux folder")
def test_the_system_folder_on_linux_is_etc_netbar() -> None:
    assert REAL_SYSTEM_CONFIG_DIR() == Path("/etc/netbar")


def test_the_system_folder_on_windows_is_the_machine_wide_one(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def site_config_path(*args: object, **kwargs: object) -> Path:
        calls.append((args, kwargs))
        return Path("C:/ProgramData/netbar")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(platformdirs, "site_config_path", site_config_path)
    assert REAL_SYSTEM_CONFIG_DIR() == Path("C:/ProgramData/netbar")
    assert calls == [(("netbar",), {"appauthor": False})]


def test_only_the_hub_reads_a_system_file(without_netbar_home: Path, tmp_path: Path) -> None:
    write(tmp_path / "etc" / "kiosk.toml", '[kiosk]\nseat = "Z99"\n')
    write(without_netbar_home / "kiosk.toml", KIOSK_FILE)

    loaded = load(KioskSettings, {})

    assert loaded.settings.seat == "A01"
    assert [file.layer for file in loaded.files] == [Layer.USER_FILE]


# --- Precedence -----------------------------------------------------------------------------------------------------


def test_each_layer_overrides_the_one_below(
    without_netbar_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = write(
        tmp_path / "etc" / "hub.toml",
        '[hub]\nlisten = "0.0.0.0:8000"\nretention_days = 90\nday_starts_at = "05:00"\npayment_code = "system"\n'
        "[hub.limits]\nfood = [20, 40]\ndrink = [20, 40]\n",
        mode=0o644,  # no secret in it: anyone may read it
    )
    user = write(
        without_netbar_home / "hub.toml",
        '[hub]\nretention_days = 60\nday_starts_at = "05:30"\npayment_code = "user"\n[hub.limits]\ndrink = [6, 12]\n',
    )
    monkeypatch.setenv("NETBAR_DAY_STARTS_AT", "04:00")
    monkeypatch.setenv("NETBAR_PAYMENT_CODE", "environment")

    loaded = load(HubSettings, {"payment_code": "command line"})

    hub = loaded.settings
    assert (hub.listen, hub.retention_days, hub.day_starts_at) == (("0.0.0.0", 8000), 60, time(4, 0))
    assert (hub.payment_code, hub.limits.food, hub.limits.drink, hub.limits.call) == (
        "command line",
        (20, 40),
        (6, 12),
        (2, 5),
    )
    assert {name: str(source) for name, source in loaded.sources.items()} == {
        "listen": str(system),
        "db": "default",
        "retention_days": str(user),
        "backup_days": "default",
        "day_starts_at": "NETBAR_DAY_STARTS_AT",
        "time_zone": "default",
        "payment_code": "command line",
        "payment_image": "default",
        "limits.food": str(system),
        "limits.drink": str(user),
        "limits.call": "default",
        "limits.renewal": "default",
        "insecure": "default",
    }
    assert [file.state for file in loaded.files] == [FileState.FOUND, FileState.FOUND]


def test_a_config_file_replaces_the_user_file(home: Path, tmp_path: Path) -> None:
    write(home / "hub.toml", "[hub]\nretention_days = 7\n")
    chosen = write(tmp_path / "elsewhere.toml", '[hub]\nlisten = "0.0.0.0:9000"\n')

    loaded = load(HubSettings, {}, config_file=chosen)

    assert (loaded.settings.listen, loaded.settings.retention_days) == (("0.0.0.0", 9000), 30)
    assert loaded.sources["listen"] == Source(Layer.CONFIG_FILE, str(chosen))
    assert [(file.path, file.layer) for file in loaded.files][-1] == (chosen, Layer.CONFIG_FILE)


def test_a_kiosk_from_file_environment_and_command_line(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(home / "kiosk.toml", KIOSK_FILE + 'outbox = "outboxes/a01.db"\n')
    monkeypatch.setenv("NETBAR_FULLSCREEN", "1")
    monkeypatch.setenv("NETBAR_HUB", "wss://hub.example:443")
    monkeypatch.setenv("NETBAR_LANG", "zh")

    kiosk = load(KioskSettings, {"lang": "en", "seat": None}).settings

    assert (kiosk.seat, kiosk.hub, kiosk.fullscreen, kiosk.lang) == ("A01", "wss://hub.example:443", True, Language.EN)
    assert kiosk.token.get_secret_value() == TOKEN
    assert kiosk.outbox == home / "outboxes" / "a01.db"  # beside the file, not wherever the service was started


def test_several_hubs_on_one_database_from_a_list_in_the_file_commas_or_the_hub_option_repeated(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(home / "kiosk.toml", kiosk_file(hub='["ws://a:8765", "ws://b:8765"]'))
    assert load(KioskSettings, {}).settings.hub == "ws://a:8765, ws://b:8765"
    monkeypatch.setenv("NETBAR_HUB", "ws://c:8765,ws://d:8765")
    assert load(KioskSettings, {}).settings.hub == "ws://c:8765, ws://d:8765"
    assert load(KioskSettings, {"hub": ["ws://e:8765", "ws://f:8765"]}).settings.hub == "ws://e:8765, ws://f:8765"
    with pytest.raises(ConfigError, match="'http://g' is not a hub address"):
        load(KioskSettings, {"hub": ["ws://e:8765", "http://g"]})


def test_a_staff_password_may_come_from_the_environment_alone(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(home / "staff.toml", '[staff]\nhub = "ws://127.0.0.1:8765"\nuser = "li"\n', mode=0o644)
    assert load(StaffSettings, {}).settings.password is None  # the window will ask

    monkeypatch.setenv("NETBAR_STAFF_PASSWORD", PASSWORD)
    loaded = load(StaffSettings, {"user": "wang"})

    assert loaded.settings.password is not None
    assert loaded.settings.password.get_secret_value() == PASSWORD
    assert (loaded.settings.user, loaded.sources["password"]) == (
        "wang",
        Source(Layer.ENVIRONMENT, "NETBAR_STAFF_PASSWORD"),
    )


def test_an_empty_variable_counts_as_unset(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(home / "kiosk.toml", KIOSK_FILE)
    monkeypatch.setenv("NETBAR_SEAT_TOKEN", "")
    monkeypatch.setenv("NETBAR_SEAT", "")

    loaded = load(KioskSettings, {})

    assert (loaded.settings.seat, loaded.settings.token.get_secret_value()) == ("A01", TOKEN)


def test_explicit_environ_is_read_instead_of_the_process_environment(home: Path) -> None:
    loaded = load(HubSettings, {}, environ={"NETBAR_HOME": str(home), "NETBAR_LISTEN": "[::1]:8765"})
    assert loaded.settings.listen == ListenAddress("::1", 8765)
    assert str(loaded.settings.listen) == "[::1]:8765"


def test_times_in_toml_form_are_taken_as_well_as_text(home: Path) -> None:
    write(home / "hub.toml", "[hub]\nday_starts_at = 07:30:00\n")
    assert load(HubSettings, {}).settings.day_starts_at == time(7, 30)


def test_settings_are_frozen(home: Path) -> None:
    hub = load(HubSettings, {}).settings
    with pytest.raises(ValidationError):
        hub.retention_days = 1  # type: ignore[misc]


# --- Errors ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[hub\nlisten = 1\n", "not valid TOML"),
        ("[hub]\nretention_dayz = 3\n", "[hub] retention_dayz is not a setting (did you mean retention_days?)"),
        ("[hub.limits]\nfod = 3\n", "[hub.limits] fod is not a setting (did you mean food?)"),
        ('[hub]\nretention_days = "30"\n', "[hub] retention_days: Input should be a valid integer"),
        ("[hub]\nretention_days = 0\n", "[hub] retention_days: Input should be greater than or equal to 1"),
        ("[hub.limits]\nrenewal = [0, 5]\n", "[hub.limits] renewal: Input should be greater than or equal to 1"),
        (
            "[hub.limits]\nfood = [20, 10]\n",
            "[hub.limits] food: amber (20 min) must come before red (10 min)",
        ),
        ("[hub.limits]\nfood = 20\n", "[hub.limits] food: Input should be a valid tuple"),
        ('[hub]\nday_starts_at = "6am"\n', "[hub] day_starts_at: 6am is not a time of day as HH:MM"),
        ("[hub]\nday_starts_at = 06:00:30\n", "[hub] day_starts_at: 06:00:30 is not a time of day as HH:MM"),
        ('[hub]\ntime_zone = "Beijing"\n', "[hub] time_zone: 'Beijing' is not a time zone (an IANA name"),
        (f'[hub]\npayment_code = "{"x" * 201}"\n', "[hub] payment_code: String should have at most 200 characters"),
        ('[hub]\nlisten = "8765"\n', "[hub] listen: '8765' is not HOST:PORT"),
        ("[hub]\nlisten = 8765\n", "[hub] listen: 8765 is not HOST:PORT"),
        ('[hub]\ndb = "mysql://x/y"\n', "[hub] db: unsupported database 'mysql'"),
        ('listen = "0.0.0.0:1"\n', "listen is outside [hub]: a hub's settings go under [hub]"),
        ("[kiosk]\n", "kiosk is outside [hub]"),
        ("hub = 1\n", "hub must be a table: [hub]"),
        ("[hub]\nlimits = 5\n", "[hub] limits must be a table: [hub.limits]"),
    ],
)
def test_a_mistake_in_the_hub_file_names_the_file_and_the_key(home: Path, text: str, expected: str) -> None:
    path = write(home / "hub.toml", text)
    message = error_of(HubSettings)
    assert message.startswith(f"{path}: ")
    assert expected in message


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("seat", '"A 1"', "[kiosk] seat: 'A 1' is not a seat id"),
        ("seat", '"A0123456789012345"', "[kiosk] seat: 'A0123456789012345' is not a seat id"),
        ("hub", '"http://192.168.1.10:8765"', "[kiosk] hub: 'http://192.168.1.10:8765' is not a hub address"),
        ("fullscreen", '"yes"', "[kiosk] fullscreen: Input should be a valid boolean"),
        ("lang", '"fr"', "[kiosk] lang: Input should be 'zh' or 'en'"),
        ("outbox", "3", "[kiosk] outbox:"),
    ],
)
def test_a_mistake_in_the_kiosk_file_names_the_file_and_the_key(
    home: Path, key: str, value: str, expected: str
) -> None:
    path = write(home / "kiosk.toml", kiosk_file(**{key: value}))
    assert error_of(KioskSettings).startswith(f"{path}: {expected}")


def test_a_bad_value_is_an_error_even_where_a_higher_layer_overrides_it(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(home / "hub.toml", "[hub]\nretention_days = 0\n")
    monkeypatch.setenv("NETBAR_RETENTION_DAYS", "5")
    assert error_of(HubSettings).startswith(f"{path}: [hub] retention_days")


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("NETBAR_RETENTION_DAYS", "thirty", "NETBAR_RETENTION_DAYS: Input should be a valid integer"),
        ("NETBAR_LISTEN", "nowhere", "NETBAR_LISTEN: 'nowhere' is not HOST:PORT"),
        ("NETBAR_DB", "sqlite://", "NETBAR_DB: an SQLite database needs a file"),
        ("NETBAR_DAY_STARTS_AT", "25:00", "NETBAR_DAY_STARTS_AT: 25:00 is not a time of day"),
        ("NETBAR_PAYMENT_CODE", "x" * 201, "NETBAR_PAYMENT_CODE: String should have at most 200 characters"),
    ],
)
def test_a_bad_variable_is_named(monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str) -> None:
    monkeypatch.setenv(variable, value)
    assert error_of(HubSettings).startswith(expected)


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("NETBAR_FULLSCREEN", "maybe", "NETBAR_FULLSCREEN: Input should be a valid boolean"),
        ("NETBAR_LANG", "fr", "NETBAR_LANG: Input should be 'zh' or 'en'"),
        ("NETBAR_SEAT", "A/1", "NETBAR_SEAT: 'A/1' is not a seat id"),
        ("NETBAR_HUB", "ws://has space", "NETBAR_HUB: 'ws://has space' is not a hub address"),
        ("NETBAR_SEAT_TOKEN", "x" * 201, "NETBAR_SEAT_TOKEN: must be 1 to 200 characters"),
    ],
)
def test_a_bad_kiosk_variable_is_named(
    home: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    write(home / "kiosk.toml", KIOSK_FILE)
    monkeypatch.setenv(variable, value)
    assert error_of(KioskSettings).startswith(expected)


def test_a_bad_command_line_value_is_named() -> None:
    assert error_of(HubSettings, {"retention_days": "0"}) == (
        "command line: retention_days: Input should be greater than or equal to 1"
    )
    assert error_of(HubSettings, {"retention_days": 0}).startswith("command line: retention_days:")
    assert error_of(HubSettings, {"limits.food": "many"}).startswith("command line: limits.food:")
    assert error_of(HubSettings, {"colour": "red"}) == "command line: colour is not a hub setting"


def test_a_missing_or_unreadable_config_file_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    assert error_of(HubSettings, config_file=missing) == f"{missing}: no such file"
    assert error_of(HubSettings, config_file=tmp_path).startswith(f"{tmp_path}: cannot be read")


def test_a_file_that_is_not_text_is_an_error(home: Path) -> None:
    path = home / "hub.toml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b'[hub]\nlisten = "\xff"\n')
    assert error_of(HubSettings).startswith(f"{path}: not valid TOML")


def test_a_required_setting_given_nowhere_says_where_to_give_it(home: Path) -> None:
    assert error_of(KioskSettings) == (
        f"kiosk: seat is not set: give it on the command line, in NETBAR_SEAT, or under [kiosk] in {home}/kiosk.toml"
    )
    assert error_of(KioskSettings, {"seat": "A01", "hub": "ws://h:1"}) == (
        f"kiosk: token is not set: give it in NETBAR_SEAT_TOKEN, or under [kiosk] in {home}/kiosk.toml"
        f" (chmod 600 {home}/kiosk.toml)"
    )
    assert error_of(StaffSettings).startswith("staff: hub is not set:")
    assert load(StaffSettings, {"hub": "ws://h:1"}).settings.user is None  # the sign-in dialog asks who


# --- Secrets --------------------------------------------------------------------------------------------------------


@POSIX_ONLY
@pytest.mark.parametrize("mode", [0o640, 0o604, 0o620, 0o644, 0o660])
def test_a_secret_in_a_file_others_may_read_is_refused(home: Path, mode: int) -> None:
    path = write(home / "kiosk.toml", KIOSK_FILE, mode=mode)
    message = error_of(KioskSettings)
    assert message == f"{path}: holds the token, but other users may read it: chmod 600 {path}"
    assert TOKEN not in message


@POSIX_ONLY
def test_a_staff_password_file_is_held_to_the_same_rule(home: Path) -> None:
    path = write(home / "staff.toml", f'[staff]\nhub = "ws://h:1"\nuser = "li"\npassword = "{PASSWORD}"\n', 0o644)
    assert error_of(StaffSettings).endswith(f"chmod 600 {path}")
    path.chmod(0o600)
    assert load(StaffSettings, {}).settings.password is not None


@POSIX_ONLY
def test_a_file_others_may_read_is_fine_without_a_secret(home: Path) -> None:
    write(home / "kiosk.toml", '[kiosk]\nseat = "A01"\nhub = "ws://h:1"\n', mode=0o644)
    assert load(KioskSettings, {}, environ={**os.environ, "NETBAR_SEAT_TOKEN": TOKEN}).settings.seat == "A01"


@pytest.mark.parametrize(
    ("settings_type", "name", "variable"),
    [(KioskSettings, "token", "NETBAR_SEAT_TOKEN"), (StaffSettings, "password", "NETBAR_STAFF_PASSWORD")],
)
def test_a_secret_is_never_taken_from_the_command_line(
    settings_type: type[config.Settings], name: str, variable: str
) -> None:
    message = error_of(settings_type, {name: TOKEN})
    assert message.startswith(f"command line: the {name} is not taken from the command line")
    assert f"give it in {variable}, or under [{settings_type.role}]" in message
    assert TOKEN not in message


def test_a_database_password_is_never_taken_from_the_command_line_and_only_from_a_private_file(home: Path) -> None:
    url = "postgresql://netbar:Sekrit-77@db.example/netbar"
    message = error_of(HubSettings, {"db": url})
    assert message.startswith("command line: the database password is not taken from the command line")
    assert "Sekrit-77" not in message
    assert load(HubSettings, {"db": "postgresql://netbar@db.example/netbar"}).settings.db.endswith("@db.example/netbar")
    write(home / "hub.toml", f'[hub]\ndb = "{url}"\n', mode=0o644)
    assert "holds the database password, but other users may read it" in error_of(HubSettings)
    (home / "hub.toml").chmod(0o600)
    assert load(HubSettings, {}).settings.db == url
    assert "Sekrit-77" not in render(HubSettings)


def test_a_secret_never_shows_in_a_repr_or_an_error(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(home / "kiosk.toml", KIOSK_FILE)
    assert TOKEN not in repr(load(KioskSettings, {}))
    monkeypatch.setenv("NETBAR_SEAT_TOKEN", TOKEN * 20)
    assert TOKEN not in error_of(KioskSettings)


# --- `netbar config show` -------------------------------------------------------------------------------------------


def test_render_shows_each_setting_with_its_source_and_masks_secrets(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(home / "kiosk.toml", KIOSK_FILE)
    monkeypatch.setenv("NETBAR_LANG", "en")

    text = render(KioskSettings, {"fullscreen": True})

    lines = text.splitlines()
    assert f"#   {path} (user file): found" in lines
    settings = [line.split("   # ") for line in lines if not line.startswith("#")]
    assert [(setting.rstrip(), source) for setting, source in settings] == [
        ('seat = "A01"', str(path)),
        ('hub = "ws://192.168.1.10:8765"', str(path)),
        ("hub_fingerprint = (not set)", "default"),
        ("token = ****…(set)", str(path)),
        ("fullscreen = true", "command line"),
        ('lang = "en"', "NETBAR_LANG"),
        ("outbox = (not set)", "default"),
        ("exit_pin_hash = (not set)", "default"),
    ]
    assert len({len(setting) for setting, _ in settings}) == 1  # the sources in one column
    assert MASKED == "****…(set)"
    assert not any(TOKEN[start : start + 5] in text for start in range(len(TOKEN) - 4))  # not even a part


def test_render_shows_the_hub_files_looked_for_and_its_defaults(
    without_netbar_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = write(tmp_path / "etc" / "hub.toml", '[hub]\nlisten = "0.0.0.0:8765"\n', mode=0o644)
    monkeypatch.setenv("NETBAR_RETENTION_DAYS", "45")

    lines = render(HubSettings).splitlines()

    assert f"#   {system} (system file): found" in lines
    assert f"#   {without_netbar_home / 'hub.toml'} (user file): not found" in lines
    assert [line.split("#")[0].rstrip() for line in lines if not line.startswith("#")] == [
        'listen = "0.0.0.0:8765"',
        f'db = "sqlite:///{platformdirs.user_data_path("netbar", appauthor=False) / "hub.db"}"',
        "retention_days = 45",
        "backup_days = 7",
        'day_starts_at = "06:00"',
        "time_zone = (not set)",
        "payment_code = (not set)",
        "payment_image = (not set)",
        "limits.food = [10, 20]",
        "limits.drink = [5, 10]",
        "limits.call = [2, 5]",
        "limits.renewal = [3, 6]",
        "insecure = false",
    ]
    assert [line.rsplit("# ", 1)[1] for line in lines if line.startswith(("listen", "retention", "limits.call"))] == [
        str(system),
        "NETBAR_RETENTION_DAYS",
        "default",
    ]


def test_render_shows_what_is_missing_rather_than_refusing(home: Path) -> None:
    lines = render(StaffSettings).splitlines()
    assert "hub = (not set)               # required" in lines
    assert "password = (not set)          # default" in lines
    assert f"#   {home / 'staff.toml'} (user file): not found" in lines


def test_render_refuses_a_broken_file_as_load_does(home: Path) -> None:
    write(home / "hub.toml", "[hub]\nretention_days = 0\n")
    with pytest.raises(ConfigError, match="retention_days"):
        render(HubSettings)


# --- The payment code -------------------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64  # only the first bytes say what an image is


def test_no_payment_code_by_default(home: Path) -> None:
    assert config.payment_code(load(HubSettings)) is None


def test_a_payment_url_is_a_text_code(home: Path) -> None:
    write(home / "hub.toml", '[hub]\npayment_code = "wxp://f2f0example"\n')
    assert config.payment_code(load(HubSettings)) == TextCode(text="wxp://f2f0example")


def test_a_payment_image_beside_the_file_is_read_at_start(home: Path) -> None:
    (home / "codes").mkdir(parents=True)
    (home / "codes" / "wechat.png").write_bytes(PNG)
    write(home / "hub.toml", '[hub]\npayment_image = "codes/wechat.png"\n')
    code = config.payment_code(load(HubSettings))
    assert code == ImageCode(image=PNG)


def test_a_payment_image_from_the_environment(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jpeg = tmp_path / "alipay.jpg"
    jpeg.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 16)
    monkeypatch.setenv("NETBAR_PAYMENT_IMAGE", str(jpeg))
    code = config.payment_code(load(HubSettings))
    assert isinstance(code, ImageCode)
    assert code.image.startswith(b"\xff\xd8\xff")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        (b"GIF89a" + b"\0" * 16, "is not a PNG or JPEG image"),
        (b"", "is not a PNG or JPEG image"),
        (PNG + b"\0" * MAX_IMAGE_BYTES, "is larger than 256 KiB"),
    ],
    ids=["missing", "gif", "empty", "too large"],
)
def test_a_payment_image_that_cannot_be_shown_names_the_setting(
    home: Path, content: bytes | None, expected: str
) -> None:
    image = home / "wechat.png"
    if content is not None:
        home.mkdir(parents=True, exist_ok=True)
        image.write_bytes(content)
    path = write(home / "hub.toml", '[hub]\npayment_image = "wechat.png"\n')
    loaded = load(HubSettings)  # the settings themselves are fine: the file is read when the hub starts
    with pytest.raises(ConfigError) as caught:
        config.payment_code(loaded)
    assert str(caught.value).startswith(f"{path}: [hub] payment_image: {image}")
    assert expected in str(caught.value)


def test_a_payment_code_and_a_payment_image_together_are_refused(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(home / "hub.toml", '[hub]\npayment_code = "https://pay.example/x"\n')
    monkeypatch.setenv("NETBAR_PAYMENT_IMAGE", str(tmp_path / "code.png"))
    with pytest.raises(ConfigError) as caught:
        config.payment_code(load(HubSettings))
    assert str(caught.value).startswith(
        f"{path}: [hub] payment_code and NETBAR_PAYMENT_IMAGE are both set: a venue shows one payment code"
    )


def test_an_exit_pin_hash_is_a_secret_of_the_file_and_must_be_one_kiosk_pin_made(home: Path) -> None:
    pin_hash = hash_pin("2468")
    write(home / "kiosk.toml", KIOSK_FILE + f'exit_pin_hash = "{pin_hash}"\n')
    settings = load(KioskSettings).settings
    assert settings.exit_pin_hash is not None
    assert settings.exit_pin_hash.get_secret_value() == pin_hash
    assert pin_hash not in render(KioskSettings)
    write(home / "kiosk.toml", KIOSK_FILE + 'exit_pin_hash = "2468"\n')
    with pytest.raises(ConfigError, match=r"\[kiosk\] exit_pin_hash: is not an exit PIN's hash: make one with"):
        load(KioskSettings)
    write(home / "kiosk.toml", KIOSK_FILE + f'exit_pin_hash = "{pin_hash}"\n', mode=0o644)
    with pytest.raises(ConfigError, match="other users may read it: chmod 600"):
        load(KioskSettings)


def test_a_database_password_is_kept_like_a_secret(tmp_path: Path) -> None:
    url = "postgresql://netbar:pg-secret@db.local/netbar"
    with pytest.raises(ConfigError) as refused:
        load(HubSettings, {"db": url}, environ={"NETBAR_HOME": str(tmp_path)})
    assert "not taken from the command line" in str(refused.value)
    assert "pg-secret" not in str(refused.value)
    shared = write(tmp_path / "shared.toml", f'[hub]\ndb = "{url}"\n', mode=0o644)
    with pytest.raises(ConfigError, match="other users may read it: chmod 600"):
        load(HubSettings, config_file=shared, environ={"NETBAR_HOME": str(tmp_path)})
    private = write(tmp_path / "private.toml", f'[hub]\ndb = "{url}"\n', mode=0o600)
    assert load(HubSettings, config_file=private, environ={"NETBAR_HOME": str(tmp_path)}).settings.db == url
    from_environment = load(HubSettings, environ={"NETBAR_HOME": str(tmp_path), "NETBAR_DB": url})
    assert from_environment.settings.db == url
    without_password = "postgresql://netbar@db.local/netbar"  # the password in ~/.pgpass
    assert load(HubSettings, {"db": without_password}, environ={"NETBAR_HOME": str(tmp_path)}).settings.db
