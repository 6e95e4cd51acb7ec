"""The venue's seats at a glance: a tile per seat, in rows by the seat id's letter, painted by one widget.

A tile says whether the seat's kiosk is connected, the time left on it (amber under 10 minutes), a mark per open
request in the colour of its age, and a flag while the seat is calling staff. Tapping a tile (or Enter on the
chosen one) says which seat staff want to open.

Five hundred seats are five hundred tiles: they are painted, not built of child widgets, and only the tiles in
sight are drawn. A tile is repainted when what it shows changes: on the view-model's signals, and once a second
for the countdown.
"""

import bisect
import math
import re
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QShowEvent,
    QStaticText,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QFrame, QScroller, QWidget

from netbar.domain.ageing import Urgency
from netbar.domain.requests import RequestKind, ServiceRequest
from netbar.domain.sessions import SeatStatus
from netbar.gui.texts import minutes_text
from netbar.staff.viewmodel import StaffViewModel

TICK_MS = 1000
LOW_TIME_SECONDS = 10 * 60  # the kiosk prompts at 10 minutes left; the counter sees it coming too

# Sizes in pixels. A tile is at least a finger wide and tall (64 px): a row of 20 seats takes one line at 1920 px,
# two at 1024.
TILE_MIN_WIDTH = 80
TILE_MAX_WIDTH = 136
TILE_HEIGHT = 84
GAP = 6  # between tiles of a row
ROW_GAP = 16  # between rows (A…, B…)
GUTTER = 34  # the row's letter, left of its first line
MARGIN = 8
MARK = 12  # a request's dot
MAX_MARKS = 4  # more open requests than this: the last place says "+N"
MANY_TILES = 40  # more tiles than this to repaint: repaint what is in sight at once

# The look. Request marks say how long the request has waited; a call is a flag of its own colour.
BACKGROUND = QColor("#f5f6f8")
TILE = QColor("#ffffff")
TILE_OFFLINE = QColor("#e4e7ec")
TILE_LOW_TIME = QColor("#fff1cc")
BORDER = QColor("#c9ced8")
FOCUS = QColor("#2f6fed")
TEXT = QColor("#1d2330")
TEXT_FAINT = QColor("#7a8090")
LOW_TIME_TEXT = QColor("#8a5a00")
ONLINE = QColor("#1b9a46")
OFFLINE = QColor("#9aa0ab")
CALL = QColor("#8e24aa")
URGENCY_COLOURS = {
    Urgency.FRESH: QColor("#2f6fed"),
    Urgency.AMBER: QColor("#f0a000"),
    Urgency.RED: QColor("#d93025"),
}
_FILLS = {"online": TILE, "offline": TILE_OFFLINE, "low": TILE_LOW_TIME}
_LEFT_MIDDLE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

_SEAT_ID = re.compile(r"^([A-Za-z]+)0*(\d+)$")
_OTHER = ""  # the row of seats whose ids have no letter prefix (digits only, or odd)


@dataclass(frozen=True)
class TileView:
    """What one tile shows, as painted: what a test reads instead of pixels."""

    seat: str
    online: bool
    time_left: str  # `1:05:09`, or `—` where the seat has no time running
    low_time: bool  # under 10 minutes left: amber
    requests: tuple[Urgency, ...]  # one mark per open request, oldest first, in its age's colour
    calls: int  # the open call's presses: 0 when the seat is not calling
    call_urgency: Urgency | None

    @property
    def call_text(self) -> str:
        """Beside the flag: how many times the seat pressed "call staff" (`×3`), or nothing for once."""
        return f"×{self.calls}" if self.calls > 1 else ""


def seat_rows(seats: list[str]) -> list[tuple[str, list[str]]]:
    """The seats in rows: one per letter prefix (`A01`–`A20`, then `B01`…), in seat-number order; ids without a
    letter prefix (digits only, or anything else) in a last row of their own, named ""."""
    rows: dict[str, list[tuple[int, str]]] = {}
    other: list[str] = []
    for seat in seats:
        match = _SEAT_ID.match(seat)
        if match is None:
            other.append(seat)
        else:
            rows.setdefault(match[1].upper(), []).append((int(match[2]), seat))
    ordered = [(prefix, [seat for _number, seat in sorted(rows[prefix])]) for prefix in sorted(rows)]
    if other:
        ordered.append((_OTHER, sorted(other, key=lambda seat: (len(seat), seat))))
    return ordered


class SeatMap(QAbstractScrollArea):
    """Every seat as a tile, in rows by letter, wrapped to the width; scrolls up and down, never sideways.

    Signals:
    seatChosen(str): a tile was tapped (or Enter pressed on the chosen one): open this seat.
    """

    seatChosen = Signal(str)

    def __init__(self, model: StaffViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._by_seat: dict[str, list[ServiceRequest]] = {}  # open requests, oldest first
        self._seats: set[str] = set()
        self._rows: list[tuple[str, list[str]]] = []
        self._rects: dict[str, QRect] = {}  # in the content's coordinates (the viewport's, unscrolled)
        self._lines: list[list[str]] = []  # the tiles of each laid-out line, top to bottom
        self._line_tops: list[int] = []
        self._where: dict[str, tuple[int, int]] = {}  # seat: (line, column)
        self._labels: list[tuple[str, QRect]] = []
        self._content_height = 0
        self._current: str | None = None
        self._pressed: tuple[str | None, QPoint] | None = None
        self._drawn: dict[str, TileView] = {}  # what each tile in sight showed when it was last painted
        self._statuses: dict[str, SeatStatus] = {}  # the sessions as the tiles were last told of them

        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("seat map")
        self.viewport().setAutoFillBackground(False)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # every pixel is painted
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self._fonts()

        model.seatsChanged.connect(self._on_seats_changed)
        model.requestsChanged.connect(self._on_requests_changed)
        model.presenceChanged.connect(self._on_presence_changed)
        self._clock = QTimer(self, interval=TICK_MS)
        self._clock.timeout.connect(self._refresh_in_sight)
        self._clock.start()
        self._on_requests_changed()

    # What it shows

    def tile(self, seat: str) -> TileView:
        """What `seat`'s tile shows now."""
        return self._view(seat, self._model.now())

    def painted(self, seat: str) -> TileView | None:
        """What `seat`'s tile showed when it was last painted (None: not painted since it came into sight)."""
        return self._drawn.get(seat)

    def rows(self) -> list[tuple[str, list[str]]]:
        """The seats as the map lays them out: (letter, seats) per row, the odd ids last under ""."""
        return [(prefix, list(seats)) for prefix, seats in self._rows]

    def tile_rect(self, seat: str) -> QRect:
        """Where `seat`'s tile is in the viewport now (scrolled), empty for a seat not on the map."""
        rect = self._rects.get(seat)
        return QRect() if rect is None else rect.translated(0, -self.verticalScrollBar().value())

    def seat_at(self, position: QPoint) -> str | None:
        """The seat whose tile is under `position`, in the viewport's coordinates."""
        point = position + QPoint(0, self.verticalScrollBar().value())
        line = bisect.bisect_right(self._line_tops, point.y()) - 1
        if line < 0:
            return None
        return next((seat for seat in self._lines[line] if self._rects[seat].contains(point)), None)

    def current_seat(self) -> str | None:
        """The tile the keyboard is on (the last one tapped, or moved to with the arrows)."""
        return self._current

    def set_current_seat(self, seat: str) -> None:
        if seat not in self._rects or seat == self._current:
            return
        before, self._current = self._current, seat
        for changed in (before, seat):
            if changed is not None:
                self._update_tile(changed)
        self._scroll_to(seat)

    def sizeHint(self) -> QSize:
        return QSize(1000, 600)

    def minimumSizeHint(self) -> QSize:
        return QSize(GUTTER + 2 * MARGIN + 2 * TILE_MIN_WIDTH + GAP, TILE_HEIGHT + 2 * MARGIN)

    # Following the view-model

    @Slot()
    def _on_seats_changed(self) -> None:
        statuses = self._model.seats
        changed = [seat for seat, status in statuses.items() if self._statuses.get(seat) is not status]
        self._statuses = dict(statuses)
        if not self._relayout_if_seats_changed():
            self._update_tiles(changed)

    @Slot()
    def _on_requests_changed(self) -> None:
        by_seat: dict[str, list[ServiceRequest]] = {}
        for request in sorted(self._model.requests.values(), key=lambda request: (request.waiting_since, request.id)):
            by_seat.setdefault(request.seat, []).append(request)
        before, self._by_seat = self._by_seat, by_seat
        if not self._relayout_if_seats_changed():
            self._update_tiles(
                [seat for seat in before.keys() | by_seat.keys() if before.get(seat) != by_seat.get(seat)]
            )

    @Slot(str)
    def _on_presence_changed(self, seat: str) -> None:
        if not self._relayout_if_seats_changed():
            self._update_tile(seat)

    def _relayout_if_seats_changed(self) -> bool:
        seats = set(self._model.seats) | set(self._by_seat) | self._model.online
        if seats == self._seats:
            return False
        self._seats = seats
        self._rows = seat_rows(sorted(seats))
        if self._current not in seats:
            self._current = None
        self._relayout()
        return True

    @Slot()
    def _refresh_in_sight(self) -> None:
        """Repaint the tiles in sight whose picture has changed (the countdown, a request's age): not the rest."""
        if not self.isVisible():
            return
        now = self._model.now()
        self._update_tiles(
            [seat for seat in self._seats_in(self._visible_content()) if self._view(seat, now) != self._drawn.get(seat)]
        )

    def _update_tiles(self, seats: list[str]) -> None:
        if len(seats) > MANY_TILES:
            self.viewport().update()  # one rectangle, not a region of a hundred
        else:
            for seat in seats:
                self._update_tile(seat)

    def _view(self, seat: str, now: datetime) -> TileView:
        model = self._model
        status = model.seats.get(seat)
        left = 0 if status is None else status.seconds_left(now)
        requests = self._by_seat.get(seat, ())
        urgencies = tuple(model.limits.urgency(request.kind, now - request.waiting_since) for request in requests)
        calls = [
            (request, urgency) for request, urgency in zip(requests, urgencies, strict=True) if request.kind is _CALL
        ]
        return TileView(
            seat=seat,
            online=seat in model.online,
            time_left=minutes_text(left if left > 0 else -1),
            low_time=0 < left < LOW_TIME_SECONDS,
            requests=urgencies,
            calls=sum(call.calls for call, _urgency in calls),
            call_urgency=max((urgency for _call, urgency in calls), key=_severity, default=None),
        )

    def _update_tile(self, seat: str) -> None:
        rect = self.tile_rect(seat)
        if not rect.isEmpty():
            self.viewport().update(rect.adjusted(-3, -3, 3, 3))  # the focus ring is drawn just outside

    # Layout

    def _relayout(self) -> None:
        """Place every tile: a new line for each row (letter), a whole row on one line where the width takes it,
        else as many tiles a line as fit, the same number in every line so the seats stand in columns, and a row of
        20 split 10 + 10 rather than 11 + 9."""
        width = self.viewport().width()
        room = max(TILE_MIN_WIDTH, width - GUTTER - 2 * MARGIN)
        fits = max(1, (room + GAP) // (TILE_MIN_WIDTH + GAP))
        longest = max((len(seats) for _prefix, seats in self._rows), default=1)
        columns = math.ceil(longest / math.ceil(longest / fits))
        tile_width = max(TILE_MIN_WIDTH, min(TILE_MAX_WIDTH, (room - (columns - 1) * GAP) // columns))
        self._rects, self._lines, self._line_tops, self._where, self._labels = {}, [], [], {}, []
        top = MARGIN
        for prefix, seats in self._rows:
            self._labels.append((prefix, QRect(MARGIN, top, GUTTER - 4, TILE_HEIGHT)))
            for start in range(0, len(seats), columns):
                line = seats[start : start + columns]
                for column, seat in enumerate(line):
                    left = MARGIN + GUTTER + column * (tile_width + GAP)
                    self._rects[seat] = QRect(left, top, tile_width, TILE_HEIGHT)
                    self._where[seat] = (len(self._lines), column)
                self._line_tops.append(top)
                self._lines.append(line)
                top += TILE_HEIGHT + GAP
            top += ROW_GAP - GAP
        self._content_height = top - ROW_GAP + GAP + MARGIN if self._rows else 0
        self._update_scroll_range()
        self._drawn.clear()
        self._pixmaps.clear()  # the tiles' boxes were this wide
        self.viewport().update()

    def _update_scroll_range(self) -> None:
        bar = self.verticalScrollBar()
        page = self.viewport().height()
        bar.setRange(0, max(0, self._content_height - page))
        bar.setPageStep(page)
        bar.setSingleStep(TILE_HEIGHT + GAP)

    def _visible_content(self) -> QRect:
        return self.viewport().rect().translated(0, self.verticalScrollBar().value())

    def _seats_in(self, area: QRect) -> list[str]:
        """The seats whose tiles meet `area` (content coordinates), found by line: a paint looks at the lines in
        sight, not at every tile."""
        first = max(0, bisect.bisect_right(self._line_tops, area.top() - TILE_HEIGHT) - 1)
        last = bisect.bisect_right(self._line_tops, area.bottom())
        return [seat for line in self._lines[first:last] for seat in line if self._rects[seat].intersects(area)]

    def _scroll_to(self, seat: str) -> None:
        rect, bar = self._rects[seat], self.verticalScrollBar()
        top, height = bar.value(), self.viewport().height()
        if rect.top() - MARGIN < top:
            bar.setValue(rect.top() - MARGIN)
        elif rect.bottom() + MARGIN > top + height:
            bar.setValue(rect.bottom() + MARGIN - height)

    # Painting

    def _fonts(self) -> None:
        base = QFont(self.font())
        self._seat_font, self._time_font, self._small_font, self._label_font = (QFont(base) for _ in range(4))
        self._seat_font.setPixelSize(18)
        self._seat_font.setBold(True)
        self._time_font.setPixelSize(17)
        self._small_font.setPixelSize(13)
        self._small_font.setBold(True)
        self._label_font.setPixelSize(24)
        self._label_font.setBold(True)
        self._small_metrics = QFontMetrics(self._small_font)
        self._seat_ascent = QFontMetrics(self._seat_font).ascent()
        self._time_ascent = QFontMetrics(self._time_font).ascent()
        self._small_ascent = self._small_metrics.ascent()
        self._seat_texts: dict[str, QStaticText] = {}  # laid out once, drawn many times
        self._pixmaps: dict[tuple[object, ...], QPixmap] = {}

    def paintEvent(self, event: QPaintEvent) -> None:
        offset = self.verticalScrollBar().value()
        area = event.rect().translated(0, offset)
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), BACKGROUND)
        painter.translate(0, -offset)
        painter.setFont(self._label_font)
        painter.setPen(TEXT_FAINT)
        for prefix, rect in self._labels:
            if prefix and rect.intersects(area):
                painter.drawText(rect, _LEFT_MIDDLE, prefix)
        current = self._current if self.hasFocus() else None
        now = self._model.now()
        for seat in self._seats_in(area):
            view = self._view(seat, now)
            self._paint_tile(painter, self._rects[seat], view)
            self._drawn[seat] = view
        if current is not None and self._rects[current].intersects(area):
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(FOCUS, 3))
            painter.drawRoundedRect(QRectF(self._rects[current]).adjusted(-2, -2, 2, 2), 10, 10)
        painter.end()

    def _paint_tile(self, painter: QPainter, rect: QRect, view: TileView) -> None:
        """A tile from pieces drawn once (its box, the dots, the flag) and two lines of text: five hundred tiles
        are mostly the same few pictures."""
        x, y, right, bottom = rect.x(), rect.y(), rect.right(), rect.bottom()
        fill = "low" if view.low_time else "online" if view.online else "offline"
        width = rect.width()
        painter.drawPixmap(x, y, self._pixmap(("tile", fill, bool(view.calls), width), width, TILE_HEIGHT))
        # The seat and its kiosk's dot; on a seat whose kiosk is away, faint
        painter.setFont(self._seat_font)
        painter.setPen(TEXT if view.online else TEXT_FAINT)
        painter.drawStaticText(x + 8, y + 5, self._seat_text(view.seat))
        painter.drawPixmap(right - 21, y + 7, self._pixmap(("dot", view.online), 14, 14))
        # The time left
        if view.low_time:
            painter.setPen(LOW_TIME_TEXT)
        elif not view.online or view.time_left == "—":
            painter.setPen(TEXT_FAINT)
        else:
            painter.setPen(TEXT)
        painter.setFont(self._seat_font if view.low_time else self._time_font)
        painter.drawText(QPointF(x + 8, y + 31 + self._time_ascent), view.time_left)
        # The open requests, and the call flag at the right: as bright on a seat whose kiosk is away
        middle = bottom - 6 - MARK // 2 - 2
        flag_left = right - 7
        if view.calls:
            flag_left = self._paint_call_flag(painter, right - 8, middle, view)
        if view.requests:
            self._paint_marks(painter, x + 8, middle, flag_left - 4, view.requests)

    def _paint_marks(self, painter: QPainter, left: int, middle: int, right: int, marks: tuple[Urgency, ...]) -> None:
        room = min(MAX_MARKS, max(0, (right - left + 4) // (MARK + 4)))
        shown = marks if len(marks) <= room else marks[: max(0, room - 1)]
        x = left
        for urgency in shown:
            painter.drawPixmap(x, middle - MARK // 2, self._pixmap(("mark", urgency), MARK, MARK))
            x += MARK + 4
        if len(shown) < len(marks):
            painter.setFont(self._small_font)
            painter.setPen(TEXT)
            painter.drawText(QPointF(x, middle - 8 + self._small_ascent), f"+{len(marks) - len(shown)}")

    def _paint_call_flag(self, painter: QPainter, right: int, middle: int, view: TileView) -> int:
        """A flag on a pole, in the call's colour, and ×N beside it when pressed again; returns its left edge."""
        text = view.call_text
        text_width = self._small_metrics.horizontalAdvance(text) + 2 if text else 0
        left = right - 16 - text_width
        painter.drawPixmap(left, middle - 10, self._pixmap(("flag",), 16, 20))
        if text:
            painter.setFont(self._small_font)
            painter.setPen(CALL)
            painter.drawText(QPointF(left + 17, middle - 8 + self._small_ascent), text)
        return left

    def _seat_text(self, seat: str) -> QStaticText:
        text = self._seat_texts.get(seat)
        if text is None:
            text = self._seat_texts[seat] = QStaticText(seat)
            text.prepare(font=self._seat_font)
        return text

    def _pixmap(self, key: tuple[object, ...], width: int, height: int) -> QPixmap:
        """A piece of a tile, `width` × `height`, drawn (antialiased) the first time it is asked for."""
        pixmap = self._pixmaps.get(key)
        if pixmap is not None:
            return pixmap
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(round(width * ratio), round(height * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        match key:
            case ("tile", fill, calling, _width):
                painter.setPen(QPen(CALL, 3) if calling else QPen(BORDER, 1))
                painter.setBrush(_FILLS[str(fill)])
                inset = 2.5 if calling else 1.5
                painter.drawRoundedRect(QRectF(0, 0, width, height).adjusted(inset, inset, -inset, -inset), 8, 8)
            case ("dot", online):
                painter.setPen(QPen(ONLINE if online else OFFLINE, 2))
                painter.setBrush(ONLINE if online else Qt.BrushStyle.NoBrush)
                painter.drawEllipse(QPointF(7, 7), 5, 5)
            case ("mark", Urgency() as urgency):
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(URGENCY_COLOURS[urgency])
                painter.drawEllipse(QRectF(0, 0, MARK, MARK))
            case ("flag",):
                painter.setPen(QPen(CALL, 2))
                painter.drawLine(QPointF(2, 1), QPointF(2, 19))
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(CALL)
                painter.drawPolygon([QPointF(3, 1), QPointF(15, 6), QPointF(3, 11)])
        painter.end()
        self._pixmaps[key] = pixmap
        return pixmap

    # Qt events

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().scroll(0, dy)  # Qt moves what is painted and asks only for the strip uncovered

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.DevicePixelRatioChange):
            self._fonts()
            self._relayout()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._drawn.clear()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self._current is None and self._lines:
            self._current = self._lines[0][0]
        if self._current is not None:
            self._update_tile(self._current)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self._current is not None:
            self._update_tile(self._current)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() is Qt.MouseButton.LeftButton:
            self._pressed = (self.seat_at(event.position().toPoint()), event.position().toPoint())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pressed, self._pressed = self._pressed, None
        position = event.position().toPoint()
        if event.button() is Qt.MouseButton.LeftButton and pressed is not None and pressed[0] is not None:
            moved = (position - pressed[1]).manhattanLength()
            # A finger that dragged the map scrolled it; it did not choose a seat.
            if moved < QApplication.startDragDistance() and self.seat_at(position) == pressed[0]:
                self.set_current_seat(pressed[0])
                self.seatChosen.emit(pressed[0])
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self._current is not None:
            self.seatChosen.emit(self._current)
            return
        moved = self._moved(key)
        if moved is None:
            super().keyPressEvent(event)
            return
        self.set_current_seat(moved)

    def _moved(self, key: int) -> str | None:
        """Where an arrow key takes the keyboard's tile: along the seats, or to the line above or below."""
        if not self._lines:
            return None
        order = [seat for line in self._lines for seat in line]
        if self._current is None:
            return order[0] if key in _ARROWS else None
        line, column = self._where[self._current]
        index = order.index(self._current)
        if key == Qt.Key.Key_Left:
            return order[max(0, index - 1)]
        if key == Qt.Key.Key_Right:
            return order[min(len(order) - 1, index + 1)]
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            target = line - 1 if key == Qt.Key.Key_Up else line + 1
            if not 0 <= target < len(self._lines):
                return self._current
            return self._lines[target][min(column, len(self._lines[target]) - 1)]
        if key == Qt.Key.Key_Home:
            return order[0]
        if key == Qt.Key.Key_End:
            return order[-1]
        return None


_CALL = RequestKind.CALL
_ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End)
_SEVERITY = {Urgency.FRESH: 0, Urgency.AMBER: 1, Urgency.RED: 2}


def _severity(urgency: Urgency) -> int:
    return _SEVERITY[urgency]
