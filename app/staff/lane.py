"""The open requests of one kind as a column of cards, oldest first, under a title that counts them and how many
no one has taken yet. A request the customer cancelled stays a minute, greyed, so whoever was about to go sees it."""

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from netbar.domain.ageing import Urgency
from netbar.domain.requests import RequestKind, RequestState, ServiceRequest
from netbar.gui.i18n import Translations
from netbar.gui.texts import kind_name
from netbar.gui.touch import finger_scroll, label, restyle
from netbar.staff.request_card import RequestCard

WITHDRAWN_SHOWN = timedelta(minutes=1)


class Lane(QWidget):
    """Signals:
    chosen(int): a card was tapped (its request id).
    stepTaken(int, object): a card's next-step button was tapped: the request id and the Action.
    """

    chosen = Signal(int)
    stepTaken = Signal(int, object)

    def __init__(self, kind: RequestKind, translations: Translations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._translations = translations
        self.title = label("queueTitle")
        self.cards: dict[int, RequestCard] = {}
        self._withdrawn: dict[int, datetime] = {}  # request id → until when its greyed card stays
        self._column = QWidget()
        self._column.setObjectName("lane")
        self._cards_layout = QVBoxLayout(self._column)
        self._cards_layout.setContentsMargins(4, 4, 4, 4)
        self._cards_layout.setSpacing(6)
        self._cards_layout.addStretch(1)
        self._area = finger_scroll(self._column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self._area, 1)
        self.setAccessibleName(f"queue {kind.value}")

    # What tests and the window read

    def count(self) -> int:
        """The open requests shown."""
        return len(self._open())

    def request_at(self, row: int) -> ServiceRequest | None:
        shown = self._open()
        return shown[row].request if 0 <= row < len(shown) else None

    def request_ids(self) -> list[int]:
        """The open requests shown, top to bottom."""
        return [card.request.id for card in self._open()]

    def waiting(self) -> int:
        """Requests here no one has taken yet."""
        return sum(1 for card in self._open() if card.request.state is RequestState.PLACED)

    # Keeping the cards

    def set_requests(self, requests: dict[int, ServiceRequest]) -> None:
        """Show the open requests of this lane's kind, oldest first, updating cards in place."""
        mine = {request.id: request for request in requests.values() if request.kind is self.kind}
        for request_id in [i for i in self.cards if i not in mine and i not in self._withdrawn]:
            self._remove(request_id)
        for request in mine.values():
            card = self.cards.get(request.id)
            if card is None:
                card = self.cards[request.id] = RequestCard(request, self._translations)
                card.chosen.connect(self.chosen)
                card.stepTaken.connect(self.stepTaken)
            elif card.request != request:
                card.show_request(request)
        self._order()
        self._update_title()

    def withdraw(self, request: ServiceRequest, now: datetime) -> None:
        """The customer cancelled it: keep its card, greyed and saying so, for a minute."""
        card = self.cards.get(request.id)
        if card is None:
            return
        card.show_request(request, withdrawn=True)
        self._withdrawn[request.id] = now + WITHDRAWN_SHOWN
        self._update_title()

    def tick(self, now: datetime, urgency_of: Callable[[ServiceRequest], Urgency]) -> None:
        """Each card's time waited and colour; a withdrawn card whose minute is up goes."""
        for request_id in [i for i, until in self._withdrawn.items() if until <= now]:
            self._remove(request_id)
        for card in self.cards.values():
            card.tick(now, urgency_of(card.request))

    def set_chosen(self, request_id: int | None) -> None:
        for card_id, card in self.cards.items():
            card.set_chosen(card_id == request_id)
        if request_id in self.cards:
            self._area.ensureWidgetVisible(self.cards[request_id])

    def set_enabled_steps(self, enabled: bool) -> None:
        for card in self.cards.values():
            card.set_enabled_steps(enabled)

    def retranslate(self) -> None:
        for card in self.cards.values():
            card.retranslate()
        self._update_title()

    def _open(self) -> list[RequestCard]:
        return [card for card in self._sorted() if card.request.id not in self._withdrawn]

    def _sorted(self) -> list[RequestCard]:
        return sorted(self.cards.values(), key=lambda card: (card.request.waiting_since, card.request.id))

    def _order(self) -> None:
        for position, card in enumerate(self._sorted()):
            if self._cards_layout.indexOf(card) != position:
                self._cards_layout.insertWidget(position, card)

    def _remove(self, request_id: int) -> None:
        card = self.cards.pop(request_id)
        self._withdrawn.pop(request_id, None)
        self._cards_layout.removeWidget(card)
        card.setParent(None)
        card.deleteLater()

    def _update_title(self) -> None:
        title = f"{kind_name(self.kind)} ({self.count()})"
        waiting = self.waiting()
        if waiting:
            title += "  " + self.tr("● %1 waiting").replace("%1", str(waiting))
        self.title.setText(title)
        restyle(self.title, "waiting", "yes" if waiting else "no")
