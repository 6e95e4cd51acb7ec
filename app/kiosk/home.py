"""The kiosk's start: four big buttons, and this seat's requests with their live state."""

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from netbar.domain.money import format_fen
from netbar.domain.requests import RequestKind, RequestState
from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.gui.texts import kind_name, lines_text, state_name
from netbar.gui.touch import TouchButton, discard, finger_scroll, label, restyle
from netbar.kiosk.viewmodel import Entry, KioskViewModel

_RowKey = tuple[Entry, str, Language]  # a request list row's entry, its text, and the language of its button


class HomePage(QWidget):
    """Signals:
    chosen(str): a RequestKind's value: the customer tapped renew, food, drinks or call staff.
    cancelRequested(int): the customer cancels one of the seat's requests that is still only placed.
    """

    chosen = Signal(str)
    cancelRequested = Signal(int)

    def __init__(self, model: KioskViewModel, translations: Translations) -> None:
        super().__init__()
        self._model = model
        self._translations = translations
        self.buttons = {kind: TouchButton(role=f"home-{kind.value}") for kind in RequestKind}
        grid = QGridLayout()
        for number, (kind, button) in enumerate(self.buttons.items()):
            button.setMinimumHeight(120)
            # Taller with the room there is: on a portrait screen the four are most of what a customer sees.
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setAccessibleName(kind.value)
            button.clicked.connect(lambda _=False, kind=kind: self.chosen.emit(kind.value))
            grid.addWidget(button, number // 2, number % 2)
        self._list_title = label("sectionTitle")
        self._rows = QWidget()
        self._rows_layout = QVBoxLayout(self._rows)
        self._rows_layout.addStretch(1)
        scroll = finger_scroll(self._rows)
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        layout.addWidget(self._list_title)
        layout.addWidget(scroll, 1)  # as much room for the requests as for the buttons
        self._shown: tuple[list[Entry], bool, Language] | None = None
        self._rows_shown: list[tuple[_RowKey, _RequestRow]] = []
        self._empty: QWidget | None = None  # what the list says when it is empty
        self._worded: dict[Entry, str] = {}  # each entry shown, as the list words it
        self._shown_for: tuple[bool, Language] | None = None  # the connection and language it was worded for
        # Once per turn of the loop: news that comes together (an answer, a staff step and a new order) is one
        # pass over the list and one layout, not one each while the finger waits.
        self._refresh_soon = QTimer(self, singleShot=True, interval=0)
        self._refresh_soon.timeout.connect(self.refresh)
        model.requestsChanged.connect(self._refresh_soon.start)
        model.menuChanged.connect(self._refresh_soon.start)  # an order not yet sent is shown at the menu's prices
        self.retranslate()

    def retranslate(self) -> None:
        for kind, button in self.buttons.items():
            button.setText(kind_name(kind))
        self._list_title.setText(self.tr("Your requests"))
        self.refresh()

    def refresh(self) -> None:
        # Rows change only when what they say changes: a row must not vanish from under a finger because some
        # item's stock changed.
        shown = (self._model.entries(), self._model.connected, self._translations.language)
        if shown == self._shown:
            return
        # A row is kept while what it says is the same (its entry, worded in the language shown, as the connection
        # now has it): one request's news rewords one row, not the list (rebuilding every row stalled the screen by
        # tens of ms; bench.kiosk_stall), and the hub going away rewords only the rows of orders not yet sent.
        self._shown = shown
        kept: dict[_RowKey, list[_RequestRow]] = {}
        for key, row in self._rows_shown:
            kept.setdefault(key, []).append(row)
        # Worded once per entry while the connection and language hold: wording every row each time took ms.
        language = self._translations.language
        if self._shown_for != (shown[1], language):
            self._shown_for, self._worded = (shown[1], language), {}
        self._worded = {entry: self._worded.get(entry) or self._describe(entry) for entry in shown[0]}
        keys = [(entry, self._worded[entry], language) for entry in shown[0]]
        unchanged = [kept[key].pop(0) if kept.get(key) else None for key in keys]
        # A row whose request moved on says so in place: making a row and deleting one cost a few ms each.
        spare = [row for rows in kept.values() for row in rows]
        self._rows_shown = [
            (key, row if row is not None else self._reworded(spare, key[0]))
            for key, row in zip(keys, unchanged, strict=True)
        ]
        for row in spare:
            self._drop(row)
        if self._empty is not None:
            self._drop(self._empty)
            self._empty = None
        rows: list[QWidget] = [row for _, row in self._rows_shown]
        if not rows:
            self._empty = label("empty", self.tr("Nothing yet: tap a button above."))
            rows = [self._empty]
        for position, widget in enumerate(rows):  # only a row that is not where it belongs is moved
            if self._rows_layout.indexOf(widget) != position:
                self._rows_layout.removeWidget(widget)
                self._rows_layout.insertWidget(position, widget)

    def _drop(self, row: QWidget) -> None:
        self._rows_layout.removeWidget(row)
        discard(row)

    def entry_texts(self) -> list[str]:
        """The request list as the customer reads it."""
        return [self._describe(entry) for entry in self._model.entries()]

    def _reworded(self, spare: list["_RequestRow"], entry: Entry) -> "_RequestRow":
        """A row for `entry`: the spare row of the same request if there is one, else any spare row, else a new one."""
        same = [row for row in spare if row.request_id is not None and row.request_id == entry.request_id]
        row = same[0] if same else spare[0] if spare else _RequestRow(self.cancelRequested.emit)
        if row in spare:
            spare.remove(row)
        row.say(entry, self._what(entry), self._state_text(entry), self._chip_state(entry), self.tr("Cancel"))
        return row

    def chips(self) -> list[tuple[str, str]]:
        """Each row's state chip as shown, top down: its words and its colour (the stylesheet's `state`)."""
        chips = (row.findChild(QLabel, "stateChip") for _, row in self._rows_shown)
        return [(chip.text(), chip.property("state")) for chip in chips if chip is not None]

    def _describe(self, entry: Entry) -> str:
        return self._what(entry) + " — " + self._state_text(entry)

    def _what(self, entry: Entry) -> str:
        parts = [kind_name(entry.kind)]
        if entry.lines:
            parts.append(lines_text(entry.lines, self._translations.name))
            parts.append(format_fen(entry.total_fen))
        if entry.note:
            parts.append(entry.note)
        return " · ".join(parts)

    def _state_text(self, entry: Entry) -> str:
        state = state_name(entry.state, connected=self._model.connected, held=entry.held)
        if entry.state is RequestState.CANCELLED and entry.cancel_reason:
            state = self.tr("%1: %2").replace("%1", state).replace("%2", entry.cancel_reason)
        return state

    def _chip_state(self, entry: Entry) -> str:
        """The chip's colour: a request state's value, or for an order the hub has not yet taken, `waiting` (the
        counter away, or unable to take it for now) or `sending`."""
        if entry.state is not None:
            return entry.state.value
        return "waiting" if entry.held or not self._model.connected else "sending"


class _RequestRow(QWidget):
    """One line of the request list: what was asked, its state as a coloured chip, and while the request is only
    placed, a Cancel button."""

    def __init__(self, cancel: Callable[[int], None]) -> None:
        super().__init__()
        self.setObjectName("requestRow")
        self.request_id: int | None = None
        self._layout = QHBoxLayout(self)
        self._text = label("requestText", wrap=True)
        self._layout.addWidget(self._text, 1)
        self._chip = label("stateChip")
        self._layout.addWidget(self._chip, 0, Qt.AlignmentFlag.AlignVCenter)  # a chip, not a column as tall as the row
        self._on_cancel = cancel
        self._cancel: TouchButton | None = None  # made when first needed: most rows never offer it

    def say(self, entry: Entry, what: str, state_text: str, chip_state: str, cancel_text: str) -> None:
        self.request_id = entry.request_id
        self._text.setText(what)
        restyle(self._text, "state", entry.state.value if entry.state else "unsent")
        self._chip.setText(state_text)
        restyle(self._chip, "state", chip_state)
        cancellable = entry.state is RequestState.PLACED and entry.request_id is not None
        if cancellable and self._cancel is None:
            self._cancel = TouchButton(role="secondary")
            self._cancel.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            self._cancel.clicked.connect(lambda: self.request_id is not None and self._on_cancel(self.request_id))
            self._layout.addWidget(self._cancel)
        if self._cancel is not None:
            self._cancel.setText(cancel_text)
            self._cancel.setAccessibleName(f"cancel {entry.request_id}" if cancellable else "")
            self._cancel.setVisible(cancellable)
