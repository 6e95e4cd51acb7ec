"""The reports' tests run on both databases the hub stores its orders in, with the hub's own fixture: an SQLite
file, and PostgreSQL."""

from tests.hub.conftest import hub as hub
