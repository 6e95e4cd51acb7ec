"""The tables, as SQLAlchemy 2 typed declarative models. Alembic (../../migrations) owns their history."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite keeps no time zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware UTC datetime")
        return value.astimezone(UTC)

    def bind_processor(self, dialect: Dialect) -> Callable[[datetime | None], Any] | None:
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)
        return _sqlite_text

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


# The time last made text, and its text: a command stamps each row it writes with the same `now`, so most times
# are the one before. Held here, the time cannot be collected and its id given to another; replaced whole, so the
# writer's and the readers' threads may share it.
_last_text: tuple[datetime | None, str | None] = (None, None)


def _sqlite_text(value: datetime | None) -> str | None:
    """`UtcDateTime.process_bind_param` and SQLite's DATETIME text after it ("2026-11-28 12:22:12.350041", always
    with the microseconds), in one step: SQLAlchemy's two took 7 % of the writer's time (issue 8's profile), and
    this one 5 % until the same time was converted once (bench/README)."""
    global _last_text
    last = _last_text
    if value is last[0]:
        return last[1]
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime: pass an aware UTC datetime")
    utc = value if value.tzinfo is UTC else value.astimezone(UTC)
    text = utc.replace(tzinfo=None).isoformat(" ", "microseconds")
    _last_text = (value, text)
    return text


# Ids up to 2**63-1 and totals of billions of fen: 64-bit everywhere. SQLite's INTEGER is 64-bit already (and an
# INTEGER PRIMARY KEY is its rowid), so the type changes on PostgreSQL only (migration 0011).
Int64 = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UtcDateTime, dict[str, Any]: JSON, int: Int64}


class Seat(Base):
    __tablename__ = "seats"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    disabled_at: Mapped[datetime | None]  # None: may sign in
    role: Mapped[str] = mapped_column(String(16), server_default="manager")  # netbar.domain.staff.StaffRole


class MenuItemRow(Base):
    __tablename__ = "menu_items"
    __table_args__ = (
        CheckConstraint("price_fen >= 0", name="price_fen_not_negative"),
        CheckConstraint("stock >= 0 OR stock IS NULL", name="stock_not_negative"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    category: Mapped[str] = mapped_column(String(8))
    name_zh: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(60))
    price_fen: Mapped[int]
    stock: Mapped[int | None]
    available: Mapped[bool]
    minutes: Mapped[int | None]
    section_zh: Mapped[str] = mapped_column(String(30), server_default="")
    section_en: Mapped[str] = mapped_column(String(30), server_default="")
    picture: Mapped[str | None] = mapped_column(String(64))  # the picture's SHA-256, in `pictures`
    options: Mapped[list[Any]] = mapped_column(JSON, server_default="[]")  # netbar.domain.menu.OptionGroup
    # Where it stands on the menu; an item taken off the menu keeps its row, as past orders name it.
    position: Mapped[int]
    listed: Mapped[bool] = mapped_column(default=True)


class PictureRow(Base):
    """A menu picture, once, by the SHA-256 of its bytes (`menu_items.picture` names it; netbar.domain.pictures).
    A menu import keeps the pictures of the items it lists and deletes the rest."""

    __tablename__ = "pictures"

    sha: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(16))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]


class RequestRow(Base):
    __tablename__ = "requests"
    __table_args__ = (
        Index("ix_requests_seat_id_state", "seat_id", "state"),
        Index("ix_requests_state", "state"),
        CheckConstraint("total_fen >= 0", name="total_fen_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seat_id: Mapped[str] = mapped_column(ForeignKey("seats.id"))
    kind: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(String(200))
    payment: Mapped[str | None] = mapped_column(String(8))
    total_fen: Mapped[int]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    cancel_reason: Mapped[str | None] = mapped_column(String(200))
    handled_by: Mapped[str | None] = mapped_column(String(64))
    calls: Mapped[int] = mapped_column(server_default="1")  # presses of "call staff" while the call was open
    tapped_at: Mapped[datetime | None]  # when the customer tapped, by the seat's clock, where believable

    lines: Mapped[list["RequestLineRow"]] = relationship(
        back_populates="request",
        order_by="RequestLineRow.position",
        lazy="raise",
        cascade="all, delete-orphan",
    )


class RequestLineRow(Base):
    __tablename__ = "request_lines"
    __table_args__ = (
        CheckConstraint("qty >= 1", name="qty_positive"),
        CheckConstraint("price_fen >= 0", name="price_fen_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    item_id: Mapped[str] = mapped_column(ForeignKey("menu_items.id"))
    name_zh: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(60))
    qty: Mapped[int]
    price_fen: Mapped[int]  # one item's, with its options'
    minutes: Mapped[int | None]
    options: Mapped[list[Any]] = mapped_column(JSON, server_default="[]")  # netbar.domain.requests.ChosenOption

    request: Mapped[RequestRow] = relationship(back_populates="lines", lazy="raise")


class RequestStepRow(Base):
    """Each step a request took after it was placed: accepted, delivering, done, cancelled; when and by whom. What
    service times are measured from: the event log that also holds them is pruned, these rows are kept."""

    __tablename__ = "request_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(12))  # netbar.domain.requests.RequestState: the state it came to
    actor: Mapped[str] = mapped_column(String(80))  # netbar.hub.principal.Principal.label: `staff:li`, `seat:A01`
    at: Mapped[datetime] = mapped_column(index=True)  # reports select by period


class SeatSessionRow(Base):
    """The current session of a seat; its history is in the event log."""

    __tablename__ = "seat_sessions"

    seat_id: Mapped[str] = mapped_column(ForeignKey("seats.id"), primary_key=True)
    started_at: Mapped[datetime]
    ends_at: Mapped[datetime]


class TimeCreditRow(Base):
    """Minutes put on a seat: paid at the counter (staff may undo it: `undone_at`, never a delete) or a renewal's
    credit (`request_id`). A seat's session holds the sum; these rows say who gave what, and when."""

    __tablename__ = "time_credits"
    __table_args__ = (
        CheckConstraint("minutes >= 1", name="minutes_positive"),
        CheckConstraint("price_fen >= 0 OR price_fen IS NULL", name="price_fen_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seat_id: Mapped[str] = mapped_column(ForeignKey("seats.id"))
    minutes: Mapped[int]
    actor: Mapped[str] = mapped_column(String(80))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"))
    created_at: Mapped[datetime] = mapped_column(index=True)  # the staff window lists the recent ones
    undone_at: Mapped[datetime | None] = mapped_column(index=True)  # a shift counts the undone in its time
    undone_by: Mapped[str | None] = mapped_column(String(80))
    # Counter time's charge, by the menu's package of that length when it was put on (None: a renewal's credit,
    # whose request has the price, or a length the menu had no package for).
    price_fen: Mapped[int | None]


class ShiftRow(Base):
    """A cashier's shift at the counter: opened with a float, closed with the cash counted. While it is open
    (`closed_at` NULL, at most one: the hub refuses a second), what the counter does belongs to it by time: a
    request step or a counter credit after `opened_at` and at or before `closed_at`. At close the hub records the
    cash it expected and the whole summary (`summary`, netbar.domain.shifts.ShiftSummary), as they were then."""

    __tablename__ = "shifts"
    __table_args__ = (
        CheckConstraint("float_fen >= 0", name="float_fen_not_negative"),
        CheckConstraint("counted_fen >= 0 OR counted_fen IS NULL", name="counted_fen_not_negative"),
        CheckConstraint(
            "closed_at IS NULL OR (closed_by IS NOT NULL AND counted_fen IS NOT NULL AND expected_fen IS NOT NULL "
            "AND summary IS NOT NULL)",
            name="closed_with_count",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opened_by: Mapped[str] = mapped_column(String(64))  # a staff user's name
    opened_at: Mapped[datetime]
    float_fen: Mapped[int]
    closed_by: Mapped[str | None] = mapped_column(String(64))
    closed_at: Mapped[datetime | None]
    counted_fen: Mapped[int | None]
    expected_fen: Mapped[int | None]
    note: Mapped[str] = mapped_column(String(200), server_default="")
    summary: Mapped[dict[str, Any] | None]


class EventLogRow(Base):
    """Every event the hub publishes; its id is the `seq` on the wire, so ids are never reused."""

    __tablename__ = "event_log"
    __table_args__ = (
        # A kiosk resuming reads its seat's events and every menu change after its `seq`: one index for each.
        Index("ix_event_log_seat_id_id", "seat_id", "id"),
        Index("ix_event_log_name_id", "name", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Int64, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(20))
    seat_id: Mapped[str | None] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(index=True)  # pruned past the retention window
    body: Mapped[dict[str, Any]]


class ProcessedCommand(Base):
    """The answer to every command that changed something, so the same command_id gets it again."""

    __tablename__ = "processed_commands"

    command_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    principal: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(32))  # set_staff_user_enabled is 22: PostgreSQL holds to the length
    result: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(index=True)  # pruned past the retention window
