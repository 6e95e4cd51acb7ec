"""The wheel installs one package, `netbar`, built from the source folders: every folder of app/ must be in it."""

import tomllib
from pathlib import Path

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
