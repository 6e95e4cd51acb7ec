"""The wheel installs one package, `netbar`, built from the source folders: every folder of app/ must be in it; the
settings files and the service the installers put in place are ones netbar accepts."""

import tomllib
from pathlib import Path

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
