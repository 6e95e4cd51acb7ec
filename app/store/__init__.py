"""Persistence: SQLAlchemy models, the engine set-up and the queries the hub makes."""
