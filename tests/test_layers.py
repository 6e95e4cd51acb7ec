"""Dependencies point one way (docs/DESIGN.md §3): each layer imports only the layers beneath it."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"

# What each package may import of the project, besides itself.
ALLOWED = {
    "domain": set(),
    "bus": set(),
    "wire": {"domain"},
    "store": {"domain"},
    "hub": {"domain", "bus", "wire", "store", "reports", "paths"},
    "reports": {"domain", "store"},
    "link": {"domain", "bus", "wire", "tls"},
    "gui": {"domain", "shutdown"},
    "kiosk": {"domain", "bus", "wire", "gui", "link.events"},
    "staff": {"domain", "bus", "wire", "gui", "link.events"},
}


def imported(path: Path) -> set[str]:
    """The project modules `path` imports, without the `netbar.` prefix."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name.removeprefix("netbar.") for name in names if name.startswith("netbar.")}


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_a_layer_imports_only_what_is_beneath_it(package: str) -> None:
    allowed = ALLOWED[package] | {package}
    wrong = {
        f"{path.relative_to(APP)} imports netbar.{module}"
        for path in (APP / package).glob("*.py")
        for module in imported(path)
        if not any(module == layer or module.startswith(f"{layer}.") for layer in allowed)
    }
    assert not wrong


# A kiosk needs none of these, and each costs it start time (issue 11, bench.first_paint).
NOT_FOR_THE_KIOSK = (
    "netbar.staff",
    "netbar.launch_staff",
    "netbar.hub",
    "netbar.store",
    "netbar.hub_commands",
    "netbar.reports",
    "pandas",
    "numpy",
    "xlsxwriter",
    "alembic",
    "sqlalchemy",
    "argon2",
    "cryptography",
)


def test_netbar_kiosk_imports_neither_the_hub_nor_the_database_nor_the_staff_window() -> None:
    # A fresh interpreter: this one has imported everything already. It imports what `netbar kiosk` imports up to
    # its window (the command, then the launcher it loads), and names what it should not have.
    code = (
        "import sys, netbar.cli, netbar.launch; "
        f"print(' '.join(sorted(m for m in sys.modules if m.startswith({NOT_FOR_THE_KIOSK!r}))))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []
