"""Alembic's environment and the schema's versions; shipped as a package so an installed hub finds them."""
