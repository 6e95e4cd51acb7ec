"""The settings of the hub, a kiosk and a staff window: one TOML file per role, read one way, each value traced.

Precedence, lowest to highest: the model's defaults < the system file (the hub only) < the user file, or the file
given with `--config` instead < environment variables < command-line options. Every layer is checked on its own,
so an error names the file, variable or option at fault even when a higher layer overrides the bad value: a broken
file is reported the day it breaks, not the day the override is taken away.

One mechanism serves the three roles: a role is a `Settings` model (its fields, defaults and checks) plus a table
of environment variables. Fields are checked with `Annotated` validators only, never `field_validator`, because a
single field is checked alone (`_Leaf.check`) as well as in the whole model.
"""

import difflib
import json
import os
import re
import shlex
import sys
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import time
from enum import Enum
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, ClassVar, Generic, NamedTuple, TypeVar, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationError,
    create_model,
)
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails
from websockets.exceptions import InvalidURI
from websockets.uri import parse_uri

from netbar.domain.ageing import AgeLimit, AgeLimits
from netbar.domain.commands import SEAT_PATTERN
from netbar.domain.exit_pin import is_pin_hash
from netbar.domain.payment_code import MAX_IMAGE_BYTES, ImageCode, PaymentCode, TextCode, image_problem
from netbar.gui.language import Language
from netbar.paths import APP_NAME, default_db_url
from netbar.tls import FINGERPRINT_PATTERN


class ConfigError(Exception):
    """A setting that cannot be used, as one line naming where it came from and what is wrong."""


# --- The values a setting may hold ----------------------------------------------------------------------------------


class ListenAddress(NamedTuple):
    """Where the hub listens; a tuple, so `host, port = settings.listen` reads as it did before."""

    host: str
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def _listen_address(value: object) -> object:
    if isinstance(value, tuple):  # already an address: a default, or a value checked once before
        return value
    if isinstance(value, str):
        host, _, port = value.rpartition(":")
        if host and port.isascii() and port.isdigit() and int(port) <= 65535:
            return ListenAddress(host.strip("[]"), int(port))
    raise ValueError(f"{value!r} is not HOST:PORT (e.g. 0.0.0.0:8765)")


def _database_url(text: str) -> str:
    # Imported here, not at the top: only the hub's settings hold a database URL, and SQLAlchemy takes longer to
    # import than a kiosk has to paint its first frame.
    from netbar.store.database import DatabaseUrlError, async_url

    try:
        async_url(text)
    except DatabaseUrlError as error:
        raise ValueError(str(error)) from None
    return text


def _hub_urls(value: object) -> object:
    """One hub's address, or several hubs' on one database (a list in the file, `--hub` repeated, commas in
    NETBAR_HUB): kept as one text, the addresses separated by ", ", which the link goes through in order."""
    addresses = [value] if isinstance(value, str) else value
    if not isinstance(addresses, list | tuple) or not all(isinstance(address, str) for address in addresses):
        return value  # pydantic says what is wrong with it
    return ", ".join(_hub_url(address.strip()) for text in addresses for address in text.split(","))


def _hub_url(text: str) -> str:
    try:
        if any(character.isspace() for character in text):
            raise ValueError("spaces")
        parse_uri(text)  # accepts ws:// and wss:// only
    except (InvalidURI, ValueError):
        raise ValueError(f"{text!r} is not a hub address like ws://192.168.1.10:8765") from None
    return text


def _fingerprint(text: str) -> str:
    algorithm, _, digest = text.strip().partition(":")
    normalized = f"{algorithm.lower()}:{digest.upper()}"
    if not re.fullmatch(FINGERPRINT_PATTERN, normalized):
        raise ValueError(f"{text!r} is not a fingerprint like sha256:AB:CD:… (the line `netbar seats add` printed)")
    return normalized


def _seat_id(text: str) -> str:
    if not re.fullmatch(SEAT_PATTERN, text):
        raise ValueError(f"{text!r} is not a seat id (up to 16 letters, digits, - and _, e.g. A12)")
    return text


def _clock_time(value: object) -> object:
    # TOML has a time type (06:00:00) as well as text ("06:00"); either is fine, seconds are not.
    if isinstance(value, time) and not (value.second or value.microsecond or value.tzinfo):
        return value
    if isinstance(value, str) and re.fullmatch(r"([01][0-9]|2[0-3]):[0-5][0-9]", value):
        return time.fromisoformat(value)
    raise ValueError(f"{value!s:.20} is not a time of day as HH:MM (e.g. 06:00)")


def _time_zone(text: str) -> str:
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{text!r:.40} is not a time zone (an IANA name, e.g. Asia/Shanghai)") from None
    return text


def _secret_length(secret: SecretStr) -> SecretStr:
    # Pydantic's own length message counts "items"; this one says characters, and never shows any of them.
    if not 1 <= len(secret.get_secret_value()) <= 200:
        raise ValueError("must be 1 to 200 characters")
    return secret


def _pin_hash(secret: SecretStr) -> SecretStr:
    if not is_pin_hash(secret.get_secret_value()):
        raise ValueError("is not an exit PIN's hash: make one with `netbar kiosk-pin`, which writes it here")
    return secret


Listen = Annotated[ListenAddress, BeforeValidator(_listen_address)]
DatabaseUrl = Annotated[str, AfterValidator(_database_url)]
HubUrl = Annotated[str, BeforeValidator(_hub_urls)]
Fingerprint = Annotated[str, AfterValidator(_fingerprint)]
Seat = Annotated[str, AfterValidator(_seat_id)]
ClockTime = Annotated[time, BeforeValidator(_clock_time)]
TimeZone = Annotated[str, AfterValidator(_time_zone)]
Secret = Annotated[SecretStr, AfterValidator(_secret_length)]
PinHash = Annotated[SecretStr, AfterValidator(_pin_hash)]


# --- The three roles ------------------------------------------------------------------------------------------------


_DEFAULT_LIMITS = AgeLimits()


class _Frozen(BaseModel):
    # extra="forbid": a misspelt key is an error, not a setting silently left at its default.
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)


class Settings(_Frozen):
    """The settings of one role; `role` names its file (`hub.toml`) and the table in it (`[hub]`)."""

    role: ClassVar[str]
    environment: ClassVar[Mapping[str, str]]  # setting name -> environment variable
    system_wide: ClassVar[bool] = False  # whether a system-wide file is read below the user's


class HubLimits(_Frozen):
    """How long a request of each kind may wait, in minutes, before its card turns amber and then red
    (`[hub.limits]`, e.g. `food = [10, 20]`)."""

    food: AgeLimit = _DEFAULT_LIMITS.food
    drink: AgeLimit = _DEFAULT_LIMITS.drink
    call: AgeLimit = _DEFAULT_LIMITS.call
    renewal: AgeLimit = _DEFAULT_LIMITS.renewal

    def as_limits(self) -> AgeLimits:
        return AgeLimits(**self.model_dump())


class HubSettings(Settings):
    role: ClassVar[str] = "hub"
    system_wide: ClassVar[bool] = True  # it runs as a system service, configured by the administrator
    environment: ClassVar[Mapping[str, str]] = MappingProxyType(
        {
            "listen": "NETBAR_LISTEN",
            "db": "NETBAR_DB",
            "retention_days": "NETBAR_RETENTION_DAYS",
            "backup_days": "NETBAR_BACKUP_DAYS",
            "day_starts_at": "NETBAR_DAY_STARTS_AT",
            "time_zone": "NETBAR_TIME_ZONE",
            "payment_code": "NETBAR_PAYMENT_CODE",
            "payment_image": "NETBAR_PAYMENT_IMAGE",
            "insecure": "NETBAR_INSECURE",
        }
    )

    listen: Listen = ListenAddress("127.0.0.1", 8765)
    db: DatabaseUrl = Field(default_factory=default_db_url)
    retention_days: Annotated[StrictInt, Field(ge=1)] = 30
    # A copy of the SQLite database a day in `backups/` beside it, the last this many days kept; 0: none.
    backup_days: Annotated[StrictInt, Field(ge=0)] = 7
    day_starts_at: ClockTime = time(6, 0)  # where one business day ends and the next begins, for reports
    # The venue's clock, for reports (the database keeps UTC): an IANA name; none, the hub PC's own zone.
    time_zone: TimeZone | None = None
    # What a customer paying by QR at the seat scans (read by `payment_code()` at start): a payment URL or text,
    # shown as a QR code; or instead the image of the venue's collection code, a PNG or JPEG file. Neither: the
    # kiosks do not offer to pay by QR.
    payment_code: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    payment_image: Path | None = None
    limits: HubLimits = HubLimits()
    # Beyond loopback the hub speaks TLS (wss://) with its own certificate; plain ws:// there only on purpose.
    insecure: StrictBool = False


class KioskSettings(Settings):
    role: ClassVar[str] = "kiosk"
    environment: ClassVar[Mapping[str, str]] = MappingProxyType(
        {
            "seat": "NETBAR_SEAT",
            "hub": "NETBAR_HUB",
            "token": "NETBAR_SEAT_TOKEN",
            "fullscreen": "NETBAR_FULLSCREEN",
            "lang": "NETBAR_LANG",
            "outbox": "NETBAR_OUTBOX",
            "hub_fingerprint": "NETBAR_HUB_FINGERPRINT",
        }
    )

    seat: Seat
    hub: HubUrl
    hub_fingerprint: Fingerprint | None = None  # for a wss:// hub: its certificate's, as enrolment printed it
    token: Secret
    fullscreen: StrictBool = False
    lang: Language = Language.ZH
    outbox: Path | None = None  # None: outbox-SEAT.db in the data folder (netbar.paths.outbox_path)
    # What staff type to close a fullscreen kiosk, hashed (`netbar kiosk-pin` writes it); in the file only, like
    # the token. None: the kiosk cannot be closed from its screen.
    exit_pin_hash: PinHash | None = None


class StaffSettings(Settings):
    role: ClassVar[str] = "staff"
    environment: ClassVar[Mapping[str, str]] = MappingProxyType(
        {
            "hub": "NETBAR_HUB",
            "hub_fingerprint": "NETBAR_HUB_FINGERPRINT",
            "user": "NETBAR_STAFF_USER",
            "password": "NETBAR_STAFF_PASSWORD",
            "lang": "NETBAR_LANG",
        }
    )

    hub: HubUrl
    hub_fingerprint: Fingerprint | None = None  # for a wss:// hub: its certificate's, as enrolment printed it
    user: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None  # None: the sign-in asks
    password: Secret | None = None  # None: the sign-in dialog asks for it
    lang: Language = Language.ZH


ROLES: Mapping[str, type[Settings]] = MappingProxyType(
    {settings.role: settings for settings in (HubSettings, KioskSettings, StaffSettings)}
)
S = TypeVar("S", bound=Settings)


# --- Where each value came from -------------------------------------------------------------------------------------


class Layer(Enum):
    """The layers, lowest precedence first; `--config FILE` takes the user file's place."""

    DEFAULT = "default"
    SYSTEM_FILE = "system file"
    USER_FILE = "user file"
    CONFIG_FILE = "--config file"
    ENVIRONMENT = "environment"
    COMMAND_LINE = "command line"


@dataclass(frozen=True)
class Source:
    layer: Layer
    where: str = ""  # the file's path, or the environment variable's name

    def __str__(self) -> str:
        return self.where or self.layer.value


DEFAULT = Source(Layer.DEFAULT)
COMMAND_LINE = Source(Layer.COMMAND_LINE)


class FileState(Enum):
    FOUND = "found"
    MISSING = "not found"
    SKIPPED = "not read: NETBAR_HOME is set"  # NETBAR_HOME keeps a Netbar in one folder, apart from the machine's


@dataclass(frozen=True)
class LookedFor:
    """A file the settings were looked for in."""

    path: Path
    layer: Layer
    state: FileState


@dataclass(frozen=True)
class Loaded(Generic[S]):
    """A role's settings in effect, with the source of every one (by name: "listen", "limits.food")."""

    settings: S
    sources: Mapping[str, Source]
    files: tuple[LookedFor, ...]


# --- Folders --------------------------------------------------------------------------------------------------------


def user_config_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The user's config folder, or NETBAR_HOME when set (as `netbar.paths.data_dir` does for data)."""
    home = environ.get("NETBAR_HOME")
    return Path(home) if home else platformdirs.user_config_path(APP_NAME, appauthor=False)


def system_config_dir() -> Path:
    """`/etc/netbar` on Linux and other Unixes (an administrator looks there, not in /etc/xdg); the platform's
    machine-wide folder elsewhere (`%PROGRAMDATA%\\netbar` on Windows)."""
    if sys.platform in ("win32", "darwin"):
        return platformdirs.site_config_path(APP_NAME, appauthor=False)
    return Path("/etc") / APP_NAME


def _file_layers(
    settings_type: type[Settings], config_file: Path | None, environ: Mapping[str, str]
) -> list[tuple[Path, Layer, bool]]:
    """The files a role reads, lowest precedence first, each with whether it is to be read at all."""
    name = f"{settings_type.role}.toml"
    files = []
    if settings_type.system_wide:
        files.append((system_config_dir() / name, Layer.SYSTEM_FILE, not environ.get("NETBAR_HOME")))
    if config_file is not None:
        files.append((config_file, Layer.CONFIG_FILE, True))
    else:
        files.append((user_config_dir(environ) / name, Layer.USER_FILE, True))
    return files


# --- One setting ----------------------------------------------------------------------------------------------------


class _Probe(BaseModel):
    """One value checked alone: `_leaves` makes one subclass per setting, with that setting's field as `value`."""

    value: Any


@dataclass(frozen=True)
class _Leaf:
    """One setting by its dotted name ("limits.food"), checkable alone."""

    name: str
    field: FieldInfo
    probe: type[_Probe]  # a one-field model with this field's type and checks

    @property
    def secret(self) -> bool:
        return _mentions(self.field.annotation, SecretStr)

    def default(self) -> object:
        return self.field.get_default(call_default_factory=True)

    def check(self, value: object, source: Source, role: str, *, text: bool) -> object:
        """The value as its type; text (an environment variable) is read as text, e.g. "30" as 30."""
        try:
            if text:
                return self.probe.model_validate_strings({"value": value}).value
            return self.probe.model_validate({"value": value}).value
        except ValidationError as error:
            raise ConfigError(f"{_where(source, role, self.name)}: {_reason(error.errors()[0])}") from None


def _mentions(annotation: object, kind: type) -> bool:
    """Whether `kind` is in an annotation, e.g. SecretStr in `Annotated[SecretStr, ...] | None`."""
    return annotation is kind or any(_mentions(argument, kind) for argument in get_args(annotation))


@cache
def _leaves(model: type[_Frozen], prefix: str = "") -> Mapping[str, _Leaf]:
    leaves: dict[str, _Leaf] = {}
    for name, field in model.model_fields.items():
        if isinstance(field.annotation, type) and issubclass(field.annotation, _Frozen):
            leaves.update(_leaves(field.annotation, f"{prefix}{name}."))
        else:
            annotation = Any if field.annotation is None else field.annotation
            probe = create_model(f"{model.__name__}_{name}", __base__=_Probe, value=(annotation, field))
            leaves[prefix + name] = _Leaf(prefix + name, field, probe)
    return MappingProxyType(leaves)


def _where(source: Source, role: str, name: str) -> str:
    if source.layer in (Layer.SYSTEM_FILE, Layer.USER_FILE, Layer.CONFIG_FILE):
        table, _, key = f"{role}.{name}".rpartition(".")
        return f"{source}: [{table}] {key}"
    if source.layer is Layer.ENVIRONMENT:
        return str(source)
    return f"{source}: {name}"


def _reason(error: ErrorDetails) -> str:
    if error["type"] == "value_error":  # our own validators' words, without pydantic's "Value error, "
        return str(error.get("ctx", {}).get("error", error["msg"]))
    return error["msg"]


# --- The layers -----------------------------------------------------------------------------------------------------


def _read_toml(path: Path) -> tuple[dict[str, Any], int] | None:
    """The file's contents and permission bits, or None when there is no such file."""
    try:
        with path.open("rb") as file:
            mode = os.fstat(file.fileno()).st_mode
            return tomllib.load(file), mode
    except FileNotFoundError:
        return None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read: {error.strerror or error}") from None


def _role_table(data: Mapping[str, Any], path: Path, role: str) -> Mapping[str, Any]:
    for key in data:
        if key != role:
            raise ConfigError(f"{path}: {key} is outside [{role}]: a {role}'s settings go under [{role}]")
    table = data.get(role, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {role} must be a table: [{role}]")
    return table


def _flatten(
    table: Mapping[str, Any], leaves: Mapping[str, _Leaf], source: Source, role: str, prefix: str = ""
) -> Iterator[tuple[str, object]]:
    """A file's table as (dotted name, value), refusing any key that is not a setting."""
    for key, value in table.items():
        name = prefix + key
        if name in leaves:
            yield name, value
        elif any(leaf.startswith(f"{name}.") for leaf in leaves):
            if not isinstance(value, dict):
                raise ConfigError(f"{_where(source, role, name)} must be a table: [{role}.{name}]")
            yield from _flatten(value, leaves, source, role, f"{name}.")
        else:
            keys = [leaf.removeprefix(prefix) for leaf in leaves if leaf.startswith(prefix)]
            guess = difflib.get_close_matches(key, keys, n=1)
            hint = f"did you mean {guess[0]}?" if guess else f"the settings here: {', '.join(keys)}"
            raise ConfigError(f"{_where(source, role, name)} is not a setting ({hint})")


def _holds_password(name: str, value: object) -> bool:
    """Whether `value` is the hub's database URL with a password in it (PostgreSQL's)."""
    if name != "db" or not isinstance(value, str):
        return False
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(value).password is not None
    except ArgumentError:
        return False


def _owner_only(path: Path, mode: int, secret: str) -> None:
    """A secret is kept in a file only if no one but its owner may read it; Windows has no such bits to check."""
    if os.name != "nt" and mode & 0o077:
        quoted = shlex.quote(str(path))
        raise ConfigError(f"{path}: holds the {secret}, but other users may read it: chmod 600 {quoted}")


def _file_values(path: Path, layer: Layer, settings_type: type[Settings]) -> dict[str, tuple[object, Source]] | None:
    read = _read_toml(path)
    if read is None:
        return None
    data, mode = read
    leaves, source, role = _leaves(settings_type), Source(layer, str(path)), settings_type.role
    values: dict[str, tuple[object, Source]] = {}
    for name, value in _flatten(_role_table(data, path, role), leaves, source, role):
        if leaves[name].secret:
            _owner_only(path, mode, name)
        if _holds_password(name, value):
            _owner_only(path, mode, "database password")
        values[name] = (_relative_to(path, leaves[name].check(value, source, role, text=False)), source)
    return values


def _relative_to(file: Path, value: object) -> object:
    # A relative path in a file means beside the file: a service's working directory is anyone's guess.
    if isinstance(value, Path):
        return file.parent / value.expanduser()
    return value


def _environment_values(settings_type: type[Settings], environ: Mapping[str, str]) -> dict[str, tuple[object, Source]]:
    leaves, values = _leaves(settings_type), {}
    for name, variable in settings_type.environment.items():
        # An empty variable counts as unset, as it always has for NETBAR_SEAT_TOKEN and NETBAR_HOME.
        if text := environ.get(variable):
            source = Source(Layer.ENVIRONMENT, variable)
            values[name] = (leaves[name].check(text, source, settings_type.role, text=True), source)
    return values


def _command_line_values(
    settings_type: type[Settings], cli: Mapping[str, object], file: Path
) -> dict[str, tuple[object, Source]]:
    leaves, role, values = _leaves(settings_type), settings_type.role, {}
    for name, value in cli.items():
        if value is None:  # argparse's "not given"
            continue
        if name not in leaves:
            raise ConfigError(f"command line: {name} is not a {role} setting")
        if leaves[name].secret:
            raise ConfigError(
                f"command line: the {name} is not taken from the command line, where other users can see it: "
                f"{_ways_to_set(settings_type, name, file)}"
            )
        if _holds_password(name, value):
            raise ConfigError(
                f"command line: the database password is not taken from the command line, where other users can see "
                f"it (ps): leave it out of --{name} and put it in a PGPASSFILE, or give the whole URL as {name} "
                f"under [{role}] in {file} (chmod 600 {shlex.quote(str(file))})"
            )
        values[name] = (leaves[name].check(value, COMMAND_LINE, role, text=isinstance(value, str)), COMMAND_LINE)
    return values


def _ways_to_set(settings_type: type[Settings], name: str, file: Path) -> str:
    """Where a setting may be given, for a message: never the command line for a secret."""
    secret = _leaves(settings_type)[name].secret
    variable = settings_type.environment.get(name)
    ways = [] if secret else ["on the command line"]
    ways += [f"in {variable}"] if variable else []
    ways.append(
        f"under [{settings_type.role}] in {file}" + (f" (chmod 600 {shlex.quote(str(file))})" if secret else "")
    )
    return "give it " + (f"{', '.join(ways[:-1])}, or {ways[-1]}" if len(ways) > 1 else ways[0])


# --- Putting the layers together ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Given:
    """Every value given by some layer, the highest layer's winning, and the files looked for."""

    values: Mapping[str, tuple[object, Source]]
    files: tuple[LookedFor, ...]


def _gather(
    settings_type: type[Settings], cli: Mapping[str, object], config_file: Path | None, environ: Mapping[str, str]
) -> _Given:
    values: dict[str, tuple[object, Source]] = {}
    files = []
    for path, layer, wanted in _file_layers(settings_type, config_file, environ):
        found = _file_values(path, layer, settings_type) if wanted else None
        if found is None and layer is Layer.CONFIG_FILE:
            raise ConfigError(f"{path}: no such file")
        values |= found or {}
        state = FileState.SKIPPED if not wanted else FileState.FOUND if found is not None else FileState.MISSING
        files.append(LookedFor(path, layer, state))
    values |= _environment_values(settings_type, environ)
    values |= _command_line_values(settings_type, cli, files[-1].path)
    return _Given(values, tuple(files))


def _nested(values: Mapping[str, tuple[object, Source]]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for name, (value, _source) in values.items():
        *groups, key = name.split(".")
        branch = tree
        for group in groups:
            branch = branch.setdefault(group, {})
        branch[key] = value
    return tree


_NO_OPTIONS: Mapping[str, object] = MappingProxyType({})


def load(
    settings_type: type[S],
    cli: Mapping[str, object] = _NO_OPTIONS,
    *,
    config_file: Path | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Loaded[S]:
    """A role's settings from every layer; `cli` holds the options the user gave, by setting name ("listen").

    Raises ConfigError on anything wrong: a file that is not TOML, an unknown key, a bad value from any layer, a
    secret in a file others may read or on the command line, a required setting given nowhere.
    """
    given = _gather(settings_type, cli, config_file, environ)
    try:
        settings = settings_type.model_validate(_nested(given.values))
    except ValidationError as error:
        first = error.errors()[0]
        name = ".".join(str(part) for part in first["loc"])
        if first["type"] == "missing":
            ways = _ways_to_set(settings_type, name, given.files[-1].path)
            raise ConfigError(f"{settings_type.role}: {name} is not set: {ways}") from None
        raise ConfigError(f"{settings_type.role}: {name}: {_reason(first)}") from None
    sources = {name: given.values.get(name, (None, DEFAULT))[1] for name in _leaves(settings_type)}
    return Loaded(settings, MappingProxyType(sources), given.files)


# --- What the hub reads at start beside its settings -----------------------------------------------------------------


def payment_code(loaded: "Loaded[HubSettings]") -> PaymentCode | None:
    """The payment code the kiosks show: `payment_code` as text, or the image file `payment_image` read now.

    Raises ConfigError naming the setting and where it was given: both set, or an image file that is missing,
    unreadable, not a PNG or JPEG (by its first bytes, whatever its name), or larger than MAX_IMAGE_BYTES.
    """
    settings, role = loaded.settings, HubSettings.role
    if settings.payment_code is not None and settings.payment_image is not None:
        raise ConfigError(
            f"{_where(loaded.sources['payment_code'], role, 'payment_code')} and "
            f"{_where(loaded.sources['payment_image'], role, 'payment_image')} are both set: "
            "a venue shows one payment code, the text or the image; leave one out"
        )
    if settings.payment_code is not None:
        return TextCode(text=settings.payment_code)
    path = settings.payment_image
    if path is None:
        return None
    where = _where(loaded.sources["payment_image"], role, "payment_image")
    try:
        with path.open("rb") as file:
            data = file.read(MAX_IMAGE_BYTES + 1)  # one byte more tells a file too large, without reading it all
    except FileNotFoundError:
        raise ConfigError(f"{where}: {path}: no such file") from None
    except OSError as error:
        raise ConfigError(f"{where}: {path}: cannot be read: {error.strerror or error}") from None
    if problem := image_problem(data):
        raise ConfigError(f"{where}: {path} {problem}")
    return ImageCode(image=data)


# --- `netbar kiosk-pin` --------------------------------------------------------------------------------------------


def write_setting(path: Path, role: str, name: str, value: str) -> None:
    """Put `name = "value"` under [role] in the TOML file at `path` (made if missing), replacing the line that set it
    before and keeping every other line as it was. The file ends owner-only (mode 600): it holds secrets."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        lines = []
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read: {error}") from None
    setting = f"{name} = {json.dumps(value)}"
    header = next((number for number, line in enumerate(lines) if line.strip() == f"[{role}]"), None)
    if header is None:
        lines += ["", f"[{role}]", setting] if lines else [f"[{role}]", setting]
    else:
        end = next((n for n in range(header + 1, len(lines)) if lines[n].lstrip().startswith("[")), len(lines))
        key = re.compile(rf"\s*{re.escape(name)}\s*=")
        kept = [line for line in lines[header + 1 : end] if not key.match(line)]
        lines = [*lines[: header + 1], setting, *kept, *lines[end:]]
    text = "\n".join(lines) + "\n"
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML, left as it was: {error}") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.new")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.chmod(partial, 0o600)
    os.replace(partial, path)  # all or nothing: a kiosk reading it meanwhile sees the old file or the new one


# --- `netbar config show` -------------------------------------------------------------------------------------------

MASKED = "****…(set)"  # a secret's stand-in: says it is set, and not one of its characters


def _shown(value: object) -> str:
    """A value as it would be written in the file (secrets masked), so a line can be copied into one."""
    if value is None:
        return "(not set)"
    if isinstance(value, SecretStr):
        return MASKED
    if _holds_password("db", value):
        from sqlalchemy.engine import make_url

        return json.dumps(make_url(str(value)).set(password=MASKED).render_as_string(hide_password=False))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, time):
        return f'"{value:%H:%M}"'
    if type(value) is tuple:  # an age limit; a listen address is a tuple too, but written as "host:port"
        return f"[{', '.join(map(_shown, value))}]"
    return json.dumps(str(value), ensure_ascii=False)


def render(
    settings_type: type[Settings],
    cli: Mapping[str, object] = _NO_OPTIONS,
    *,
    config_file: Path | None = None,
    environ: Mapping[str, str] = os.environ,
) -> str:
    """The text of `netbar config show ROLE`: the files looked for, then `name = value   # source` per setting.

    A required setting given nowhere is shown as not set rather than refused: this is where one finds out why.
    """
    given = _gather(settings_type, cli, config_file, environ)
    lines = [f"# netbar {settings_type.role}: the settings in effect, each with where it came from", "# files:"]
    lines += [f"#   {file.path} ({file.layer.value}): {file.state.value}" for file in given.files]
    rows = []
    for name, leaf in _leaves(settings_type).items():
        if name in given.values:
            value, source = given.values[name]
            rows.append((f"{name} = {_shown(value)}", str(source)))
        elif leaf.field.is_required():
            rows.append((f"{name} = (not set)", "required"))
        else:
            rows.append((f"{name} = {_shown(leaf.default())}", str(DEFAULT)))
    width = max(len(setting) for setting, _ in rows)
    lines += [f"{setting.ljust(width)}   # {source}" for setting, source in rows]
    return "\n".join(lines) + "\n"
