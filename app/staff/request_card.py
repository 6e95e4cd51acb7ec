"""One request as a card in its lane: the seat, how long the customer has waited (mm:ss, amber then red past its
kind's limits), what they asked for, who took it, and its next step as a button of its own, so handling a meal is
three taps and a call one or two.

A card that no one has taken yet stays highlighted until someone does, however old it is.
"""

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from netbar.domain.ageing import Urgency
from netbar.domain.money import format_fen
from netbar.domain.requests import Action, Payment, RequestKind, RequestState, ServiceRequest
from netbar.gui.i18n import Translations
from netbar.gui.texts import action_name, lines_text, payment_name, state_name
from netbar.gui.touch import TouchButton, label, restyle
from netbar.staff.viewmodel import allowed_actions


def next_action(request: ServiceRequest) -> Action | None:
    """The one step forward the lifecycle allows now (a cancel is never the next step)."""
    forward = allowed_actions(request) - {Action.CANCEL}
    return next(iter(forward), None)


def waited_text(seconds: float) -> str:
    """`4:07`, or `1:02:07` past the hour."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class RequestCard(QFrame):
    """Signals:
    chosen(int): the card was tapped (its request id): it becomes the one the action bar and the keys act on.
    stepTaken(int, object): its next-step button was tapped: the request id and the Action.
    """

    chosen = Signal(int)
    stepTaken = Signal(int, object)

    def __init__(self, request: ServiceRequest, translations: Translations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._translations = translations
        self.request = request
        self.withdrawn = False  # the customer cancelled it: shown a while so staff see it go
        self.seat = label("cardSeat")
        self.repeats = label("cardRepeats")
        self.timer = label("cardTimer")
        self.timer.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.details = label("cardText", wrap=True)
        self.step_button = TouchButton(role="primary")
        self.step_button.setObjectName("cardStep")
        self.step_button.clicked.connect(self._on_step)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.seat)
        top.addWidget(self.repeats)
        top.addStretch(1)
        top.addWidget(self.timer)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addWidget(self.step_button)
        self.show_request(request)

    def show_request(self, request: ServiceRequest, *, withdrawn: bool = False) -> None:
        self.request = request
        self.withdrawn = withdrawn
        self.seat.setText(request.seat)
        self.repeats.setText(f"×{request.calls}" if request.calls > 1 else "")
        self.repeats.setVisible(request.calls > 1)
        self.details.setText(self._details())
        step = None if withdrawn else next_action(request)
        self.step_button.setVisible(step is not None)
        if step is not None:
            self.step_button.setText(action_name(step, request.kind))
            self.step_button.setAccessibleName(f"{step.value} {request.id}")
        restyle(
            self,
            "waiting",
            "yes" if request.state is RequestState.PLACED and not withdrawn else "no",
            with_children=True,
        )
        restyle(self, "withdrawn", "yes" if withdrawn else "no", with_children=True)

    def tick(self, now: datetime, urgency: Urgency) -> None:
        """The time since the customer tapped, and its colour by the kind's limits."""
        self.timer.setText(waited_text((now - self.request.waiting_since).total_seconds()))
        restyle(self, "urgency", "fresh" if self.withdrawn else urgency.value, with_children=True)

    def set_chosen(self, chosen: bool) -> None:
        restyle(self, "chosen", "yes" if chosen else "no", with_children=True)

    def set_enabled_steps(self, enabled: bool) -> None:
        """Nothing can be done to a request while the hub is away."""
        self.step_button.setEnabled(enabled)

    def _details(self) -> str:
        request = self.request
        rows = []
        if request.lines:
            rows.append(lines_text(request.lines, self._translations.name))
            if request.kind is not RequestKind.CALL:
                paid = f"{format_fen(request.total_fen)} · {payment_name(request.payment)}"
                # The seat asks the customer to write the number in the payment note: staff match the two by it.
                rows.append(f"{paid} #{request.id}" if request.payment is Payment.QR else paid)
        if request.note:
            rows.append(f"“{request.note}”")
        if self.withdrawn:
            rows.append(self.tr("Cancelled by the customer"))
        else:
            status = state_name(request.state)
            if request.handled_by:
                status = self.tr("%1 · taken by %2").replace("%1", status).replace("%2", request.handled_by)
            rows.append(status)
        return "\n".join(rows)

    def retranslate(self) -> None:
        self.show_request(self.request, withdrawn=self.withdrawn)

    def _on_step(self) -> None:
        step = next_action(self.request)
        if step is not None and not self.withdrawn:
            self.chosen.emit(self.request.id)
            self.stepTaken.emit(self.request.id, step)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.chosen.emit(self.request.id)
        super().mousePressEvent(event)
