"""The kiosk's start: four big buttons, and this seat's requests with their live state."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from netbar.domain.money import format_fen
from netbar.domain.requests import RequestKind, RequestState
from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.gui.texts import kind_name, lines_text, state_name
from netbar.gui.touch import TouchButton, discard, finger_scroll, label
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
        self._rows_shown: list[tuple[_RowKey, QWidget]] = []
        self._empty: QWidget | None = None  # what the list says when it is empty
        model.requestsChanged.connect(self.refresh)
        model.menuChanged.connect(self.refresh)  # an order not yet sent is shown at the menu's prices
        self.retranslate()

    def retranslate(self) -> None:
        for kind, button in self.buttons.items():
            button.setText(kind_name(kind))
        self._list_title.setText(self.tr("Your requests"))
        self.refresh()

    def refresh(self) -> None:
        # Rows are rebuilt only when what they say changes: a row must not vanish from under a finger because
        # some item's stock changed.
        shown = (self._model.entries(), self._model.connected, self._translations.language)
        if shown == self._shown:
            return
        # A row is kept while what it says is the same (its entry, worded in the language shown, as the connection
        # now has it): one request's news rebuilds one row, not the list (rebuilding every row stalled the screen by
        # tens of ms; bench.kiosk_stall), and the hub going away rebuilds only the rows of orders not yet sent.
        self._shown = shown
        kept: dict[_RowKey, list[QWidget]] = {}
        for key, row in self._rows_shown:
            kept.setdefault(key, []).append(row)
        keys = [(entry, self._describe(entry), self._translations.language) for entry in shown[0]]
        self._rows_shown = [(key, kept[key].pop(0) if kept.get(key) else self._row(key[0])) for key in keys]
        for unused in kept.values():
            for row in unused:
                self._drop(row)
        if self._empty is not None:
            self._drop(self._empty)
            self._empty = None
        rows = [row for _, row in self._rows_shown]
        if not rows:
            self._empty = label("empty", self.tr("Nothing yet: tap a button above."))
            rows = [self._empty]
        for position, row in enumerate(rows):  # only a row that is not where it belongs is moved
            if self._rows_layout.indexOf(row) != position:
                self._rows_layout.removeWidget(row)
                self._rows_layout.insertWidget(position, row)

    def _drop(self, row: QWidget) -> None:
        self._rows_layout.removeWidget(row)
        discard(row)

    def entry_texts(self) -> list[str]:
        """The request list as the customer reads it."""
        return [self._describe(entry) for entry in self._model.entries()]

    def _row(self, entry: Entry) -> QWidget:
        row = QWidget()
        row.setObjectName("requestRow")
        layout = QHBoxLayout(row)
        text = label("requestText", self._what(entry), wrap=True)
        text.setProperty("state", entry.state.value if entry.state else "unsent")
        layout.addWidget(text, 1)
        chip = label("stateChip", self._state_text(entry))
        chip.setProperty("state", self._chip_state(entry))
        layout.addWidget(chip, 0, Qt.AlignmentFlag.AlignVCenter)  # a chip, not a column as tall as the row
        if entry.state is RequestState.PLACED and entry.request_id is not None:
            cancel = TouchButton(self.tr("Cancel"), role="secondary")
            cancel.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            cancel.setAccessibleName(f"cancel {entry.request_id}")
            request_id = entry.request_id
            cancel.clicked.connect(lambda: self.cancelRequested.emit(request_id))
            layout.addWidget(cancel)
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
