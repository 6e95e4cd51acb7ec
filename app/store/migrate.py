"""Bring a database's schema to the code's version with Alembic, on the caller's own engine and loop."""

from collections.abc import Callable
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("netbar.migrations")))
    return config


async def run_alembic(engine: AsyncEngine, alembic_command: Callable[..., Any], *args: Any) -> None:
    """Run an `alembic.command` function (upgrade, downgrade, check…) on a connection of `engine`."""

    def run(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        alembic_command(config, *args)

    async with engine.begin() as connection:
        await connection.run_sync(run)


async def upgrade(engine: AsyncEngine) -> None:
    await run_alembic(engine, command.upgrade, "head")
