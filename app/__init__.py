"""Netbar seat service: kiosks at every seat send requests live to the staff counter."""
