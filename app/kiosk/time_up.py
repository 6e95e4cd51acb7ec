"""The page at zero: the seat's time is up. It stays, whatever the idle timer says, until the hub adds time.

One tap buys the same package again; "Other packages" opens the renew page; "Call staff" calls the counter (to pay
there, or to leave). A renewal already waiting for the counter is said instead of offering another.
"""

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from netbar.gui.i18n import Translations
from netbar.gui.touch import TouchButton, label
from netbar.kiosk.renew_prompt import RenewAgainButton
from netbar.kiosk.viewmodel import KioskViewModel


class TimeUpPage(QWidget):
    """Signals:
    renewed(object): the one tap placed a renewal (a `PlacedRenewal`).
    otherPackages(): the customer wants to choose (the renew page).
    callStaff(): the customer calls the counter.
    """

    renewed = Signal(object)
    otherPackages = Signal()
    callStaff = Signal()

    def __init__(self, model: KioskViewModel, translations: Translations) -> None:
        super().__init__()
        self._model = model
        self.title = label("timeUpTitle", wrap=True)
        self.hint = label("timeUpHint", wrap=True)
        self.again = RenewAgainButton(model, translations)
        self.other = TouchButton(role="package")
        self.other.setAccessibleName("time up other packages")
        self.call = TouchButton(role="home-call")
        self.call.setAccessibleName("time up call staff")
        for button in (self.again, self.other, self.call):
            button.setMinimumHeight(96)  # the whole screen is theirs: big enough to hit without looking
        self.again.renewed.connect(self.renewed)
        self.other.clicked.connect(self.otherPackages)
        self.call.clicked.connect(self.callStaff)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        layout.addWidget(self.again)
        layout.addWidget(self.other)
        layout.addWidget(self.call)
        model.requestsChanged.connect(self.retranslate)
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:
        self.again.arm()  # the page came up under a finger that was about to tap something else
        self.retranslate()
        super().showEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Your time is up"))
        if self._model.renewal_waiting():
            self.hint.setText(
                self.tr("Your renewal is waiting for the counter: the time is added as soon as it is paid.")
            )
        else:
            self.hint.setText(self.tr("Renew to keep playing, or call staff."))
        self.other.setText(self.tr("Other packages"))
        self.call.setText(self.tr("Call staff"))
        self.again.refresh()
