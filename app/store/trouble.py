"""What is wrong with the database, when a write failed because of the database rather than the command."""

from sqlalchemy.exc import DBAPIError

# The driver's words (SQLite's, PostgreSQL's) → words for the counter, and what to do about it.
_KNOWN = (
    (("locked", "busy"), "the database is locked by another program", "close whatever else has hub.db open"),
    (("full",), "the disk is full", "free some space on the hub's disk"),
    (("readonly", "read-only", "read only"), "the database is read-only", "check hub.db's permissions and disk"),
    (("disk i/o", "i/o error"), "the disk failed to read or write", "check the hub's disk"),
    (("connection", "server closed", "could not connect"), "the database server is out of reach", "start it"),
)


def database_trouble(error: BaseException) -> tuple[str, str] | None:
    """(what is wrong, what to do) if `error` is the database failing (locked, full, read-only, gone), else None:
    a bug, or a constraint the command broke, is not trouble with the database."""
    driver_error = error.orig if isinstance(error, DBAPIError) else error
    if type(driver_error).__name__ != "OperationalError":  # PEP 249's name for "the database, not the statement"
        return None
    text = str(driver_error).lower()
    for words, what, remedy in _KNOWN:
        if any(word in text for word in words):
            return what, remedy
    return f"the database failed ({text[:100]})", "see the hub's log"
