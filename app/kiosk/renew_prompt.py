"""Renewing in one tap: the button that buys the seat's package again, and the prompt at 10 and 5 minutes left.

The prompt sits above the pages, in sight of a customer who glances away from their game, until it is answered,
put off, or time is added; its one tap places the renewal at once (no review page: the button names the package
and its price), and "Other packages" opens the renew page.
"""

from PySide6.QtCore import QElapsedTimer, QTimer, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from netbar.domain.money import format_fen
from netbar.gui.i18n import Translations
from netbar.gui.touch import TouchButton, label
from netbar.kiosk.countdown import WARN_AT_SECONDS
from netbar.kiosk.viewmodel import KioskViewModel, RenewalOffer

PROMPT_MS = 120_000  # how long a prompt stays unanswered
# A button that has just appeared where a finger was already going ignores taps for this long: a renewal is money.
ARM_MS = 700


class RenewAgainButton(TouchButton):
    """The one tap: "Same package again: 3 hours ¥13.00" (or, with no earlier renewal known, the cheapest package).
    Hidden while there is nothing to buy or a renewal is already waiting for the counter.

    Signals:
    renewed(object): the renewal was placed (a `PlacedRenewal`).
    """

    renewed = Signal(object)

    def __init__(self, model: KioskViewModel, translations: Translations, parent: QWidget | None = None) -> None:
        super().__init__(role="primary", parent=parent)
        self._model = model
        self._translations = translations
        self.armed_after_ms = ARM_MS
        self._shown = QElapsedTimer()
        self._shown.start()
        self.setAccessibleName("renew again")
        self.clicked.connect(self._tapped)
        model.menuChanged.connect(self.refresh)
        model.requestsChanged.connect(self.refresh)
        self.refresh()

    def arm(self) -> None:
        """It has just come into sight: taps count only after `armed_after_ms`."""
        self._shown.restart()

    def refresh(self) -> None:
        offer = self._model.renewal_offer()
        self.setHidden(offer is None or self._model.renewal_waiting())
        if offer is not None:
            self.setText(self.offer_text(offer))

    def offer_text(self, offer: RenewalOffer) -> str:
        said = self.tr("Same package again: %1 %2") if offer.again else self.tr("Renew: %1 %2")
        return said.replace("%1", self._translations.name(offer.item)).replace("%2", format_fen(offer.item.price_fen))

    @Slot()
    def _tapped(self) -> None:
        if self._shown.elapsed() < self.armed_after_ms:
            return
        placed = self._model.renew_again()
        if placed is not None:
            self.renewed.emit(placed)


class RenewPrompt(QFrame):
    """ "Only 10 minutes left", the one-tap renewal, other packages, and "Later".

    Signals:
    renewed(object): the one tap placed a renewal (a `PlacedRenewal`).
    otherPackages(): the customer wants to choose (the renew page).
    """

    renewed = Signal(object)
    otherPackages = Signal()

    def __init__(self, model: KioskViewModel, translations: Translations) -> None:
        super().__init__()
        self.setObjectName("renewPrompt")
        self._model = model
        self.minutes = 0
        self.text = label("promptText", wrap=True)
        self.again = RenewAgainButton(model, translations)
        self.other = TouchButton(role="secondary")
        self.other.setAccessibleName("other packages")
        self.later = TouchButton(role="secondary")
        self.later.setAccessibleName("later")
        self._timer = QTimer(self, singleShot=True, interval=PROMPT_MS)
        self._timer.timeout.connect(self.hide)
        self.again.renewed.connect(self.hide)
        self.again.renewed.connect(self.renewed)
        self.other.clicked.connect(self.hide)
        self.other.clicked.connect(self.otherPackages)
        self.later.clicked.connect(self.hide)
        said = QHBoxLayout()
        said.addWidget(self.text, 3)
        said.addWidget(self.later, 1)
        buttons = QHBoxLayout()  # the one tap has the room to name a long package and its price
        buttons.addWidget(self.again, 3)
        buttons.addWidget(self.other, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(said)
        layout.addLayout(buttons)
        model.remainingChanged.connect(self._on_remaining)
        model.requestsChanged.connect(self.retranslate)
        self.hide()
        self.retranslate()

    def show_for(self, minutes: int) -> None:
        self.minutes = minutes
        self.again.refresh()
        self.retranslate()
        self.show()
        self.again.arm()
        self._timer.start()

    def retranslate(self) -> None:
        said = self.tr("Only %1 minutes left.").replace("%1", str(self.minutes))
        if self._model.renewal_waiting():
            said += " " + self.tr("Your renewal is waiting for the counter.")
        self.text.setText(said)
        self.other.setText(self.tr("Other packages"))
        self.later.setText(self.tr("Later"))
        self.again.refresh()

    def _on_remaining(self, seconds: int) -> None:
        # Time added (past the first prompt) answers it; at zero the time-up page takes over; without a session
        # there is nothing to renew.
        if seconds > WARN_AT_SECONDS[0] or seconds <= 0:
            self._timer.stop()
            self.hide()
