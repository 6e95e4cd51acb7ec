"""Netbar seat service: kiosks at every seat send requests live to the staff counter."""

__version__ = "0.1.0"  # the package's version (pyproject.toml reads it from here)
