"""The wheel installs one package, `netbar`, built from the source folders: every folder of app/ must be in it; the
settings files and the service the installers put in place are ones netbar accepts; the bundle's ICU data keeps
what Qt reaches."""

import importlib.util
import tomllib
from pathlib import Path
from typing import Any

import pytest

from netbar.config import HubSettings, KioskSettings, load

ROOT = Path(__file__).resolve().parents[1]


def test_every_source_package_is_installed() -> None:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders = {
        "netbar." + ".".join(path.parent.relative_to(ROOT / "app").parts)
        for path in (ROOT / "app").glob("*/**/__init__.py")
    }
    assert folders <= set(setuptools["packages"])
    assert {package.split(".")[0] for package in setuptools["packages"]} == {"netbar"}
    assert setuptools["package-dir"] == {
        "netbar": "app",
        "netbar.migrations": "migrations",
        "netbar.resources": "resources",
    }


@pytest.mark.parametrize("hub_toml", ["installer/linux/hub.toml", "installer/windows/hub.toml"])
def test_the_installers_hub_settings_are_read_whole(hub_toml: str) -> None:
    """The hub.toml a package installs is a file the hub accepts: a key misspelt there would stop the service."""
    settings = load(HubSettings, config_file=ROOT / hub_toml, environ={"NETBAR_HOME": "/nowhere"}).settings
    assert settings.listen == ("0.0.0.0", 8765)
    assert settings.backup_days == 14


def test_the_kiosk_template_fills_in_to_settings_a_kiosk_accepts(tmp_path: Path) -> None:
    template = (ROOT / "installer" / "linux" / "kiosk.toml").read_text(encoding="utf-8")
    filled = template.replace("# seat = ", "seat = ").replace("# hub = ", "hub = ").replace("# token = ", "token = ")
    (tmp_path / "kiosk.toml").write_text(filled.replace('"..."', '"' + "t" * 43 + '"'), encoding="utf-8")
    (tmp_path / "kiosk.toml").chmod(0o600)
    settings = load(KioskSettings, config_file=tmp_path / "kiosk.toml", environ={"NETBAR_HOME": str(tmp_path)}).settings
    assert (settings.seat, settings.fullscreen) == ("A01", True)


def test_the_service_runs_the_hub_as_its_own_user_and_stops_it_with_sigterm() -> None:
    unit = (ROOT / "installer" / "linux" / "netbar-hub.service").read_text(encoding="utf-8")
    assert "ExecStart=/usr/bin/netbar hub\n" in unit
    assert "User=netbar\n" in unit
    assert "KillSignal=SIGTERM\n" in unit
    assert "StateDirectory=netbar\n" in unit


def _icu_data() -> Any:
    spec = importlib.util.spec_from_file_location("icu_data", ROOT / "installer" / "linux" / "icu_data.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# What Qt opened of ICU's data for QCollator("zh_CN"), QTimeZone's names in zh_CN and en_US and a codec by name
# (traced with the items as files), and what nothing of netbar's Qt reaches.
REACHED = [
    "coll/root.res", "coll/zh.res", "coll/en.res", "coll/ucadata.icu", "root.res", "pool.res", "zh_Hans_CN.res",
    "en_US.res", "supplementalData.res", "likelySubtags.res", "keyTypeData.res", "metaZones.res",
    "timezoneTypes.res", "zoneinfo64.res", "zone/zh_Hans.res", "zone/en.res", "zone/pool.res", "cnvalias.icu",
    "res_index.res", "coll/res_index.res",
]  # fmt: skip
UNREACHED = [
    "brkitr/cjdict.dict", "brkitr/zh.res", "translit/root.res", "curr/zh.res", "unit/en.res", "de.res",
    "de_.res", "coll/de__PHONEBOOK.res", "zone/fr.res", "gb18030.cnv", "ibm-1390_P110-2003.cnv", "unames.icu",
]  # fmt: skip


@pytest.mark.parametrize("item", REACHED)
def test_the_bundle_keeps_the_icu_data_qt_reaches(item: str) -> None:
    assert not _icu_data().left_out(item)


@pytest.mark.parametrize("item", UNREACHED)
def test_the_bundle_leaves_out_icu_data_nothing_reaches(item: str) -> None:
    assert _icu_data().left_out(item)
