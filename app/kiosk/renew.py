"""Buying time: the time packages and the payment way. The hub credits the time when staff confirm payment."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from netbar.domain.money import format_fen
from netbar.domain.requests import Payment, RequestKind
from netbar.gui.i18n import Translations
from netbar.gui.texts import payment_name
from netbar.gui.touch import TouchButton, discard, label
from netbar.kiosk.viewmodel import KioskViewModel


class RenewPage(QWidget):
    """Signals:
    back(): leave without renewing.
    review(): a package and a payment way are chosen.
    """

    back = Signal()
    review = Signal()

    def __init__(self, model: KioskViewModel, translations: Translations) -> None:
        super().__init__()
        self._model = model
        self._translations = translations
        self.time_up = False
        self._title = label("pageTitle")
        self._packages = QGridLayout()
        self._package_group = QButtonGroup(self)
        self._package_group.buttonToggled.connect(self._update_review)
        self._payment_title = label("sectionTitle")
        self._payment_group = QButtonGroup(self)
        self._payment_buttons = {payment: TouchButton(role="choice") for payment in Payment}
        payments = QHBoxLayout()
        for payment, button in self._payment_buttons.items():
            button.setCheckable(True)
            self._payment_group.addButton(button)
            payments.addWidget(button)
            button.setAccessibleName(f"pay {payment}")
        self._payment_buttons[Payment.CASH].setChecked(True)
        self._back = TouchButton(role="secondary")
        self.review_button = TouchButton(role="primary")
        self._back.clicked.connect(self.back)
        self.review_button.clicked.connect(self.review)
        buttons = QHBoxLayout()
        buttons.addWidget(self._back)
        buttons.addWidget(self.review_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addLayout(self._packages)
        layout.addWidget(self._payment_title)
        layout.addLayout(payments)
        layout.addStretch(1)
        layout.addLayout(buttons)
        model.menuChanged.connect(self.refresh)
        model.paymentCodeChanged.connect(self.refresh)
        self.retranslate()

    @property
    def chosen_item(self) -> str | None:
        button = self._package_group.checkedButton()
        return None if button is None else str(button.property("item_id"))

    @property
    def chosen_payment(self) -> Payment:
        button = self._payment_group.checkedButton()
        return next(
            (payment for payment, candidate in self._payment_buttons.items() if candidate is button), Payment.CASH
        )

    def retranslate(self) -> None:
        self._payment_title.setText(self.tr("Pay by"))
        for payment, button in self._payment_buttons.items():
            button.setText(payment_name(payment))
        self._back.setText(self.tr("Back"))
        self.review_button.setText(self.tr("Review"))
        self.refresh()

    def refresh(self) -> None:
        self._title.setText(
            self.tr("Your time is up — renew to keep playing") if self.time_up else self.tr("Choose a time package")
        )
        packages = self._model.menu_of(RequestKind.RENEWAL)
        if [button.property("item_id") for button in self._package_group.buttons()] != [i.id for i in packages]:
            self._build_packages([item.id for item in packages])
        for button, item in zip(self._package_group.buttons(), packages, strict=True):
            button.setText(f"{self._translations.name(item)}\n{format_fen(item.price_fen)}")
            button.setEnabled(not item.sold_out)
            if item.sold_out and button.isChecked():
                self._uncheck(button)
        self._offer_qr()
        self._update_review()

    def _offer_qr(self) -> None:
        # Without the venue's payment code there is nothing to scan: "QR code" would only send the customer to the
        # counter after they chose it, so it is not offered, and paying at the counter (cash) is what is left.
        qr = self._payment_buttons[Payment.QR]
        qr.setVisible(self._model.payment_code is not None)
        if qr.isChecked() and qr.isHidden():
            self._payment_buttons[Payment.CASH].setChecked(True)

    def _build_packages(self, item_ids: list[str]) -> None:
        for button in self._package_group.buttons():
            self._package_group.removeButton(button)
            self._packages.removeWidget(button)
            discard(button)
        for number, item_id in enumerate(item_ids):
            button = TouchButton(role="package")
            button.setCheckable(True)
            button.setProperty("item_id", item_id)
            button.setAccessibleName(f"package {item_id}")
            self._package_group.addButton(button)
            self._packages.addWidget(button, number // 2, number % 2)

    def reset(self) -> None:
        self.time_up = False
        checked = self._package_group.checkedButton()
        if checked is not None:
            self._uncheck(checked)
        self._payment_buttons[Payment.CASH].setChecked(True)
        self.refresh()

    def _uncheck(self, button: QAbstractButton) -> None:
        # An exclusive group keeps one button checked; let go of it for a moment to clear the choice.
        self._package_group.setExclusive(False)
        button.setChecked(False)
        self._package_group.setExclusive(True)

    def _update_review(self) -> None:
        self.review_button.setEnabled(self.chosen_item is not None)
