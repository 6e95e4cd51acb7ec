"""Paying by QR at the seat: the venue's code, the amount, and the request number to write in the payment note.

Shown once an order paid by QR is placed. The code is the one the hub's welcome carried (`payment_code`): an image
of the collection code as it is, or a QR code made here from a payment URL. The number is the request's id, known
only when the hub has taken the order: until then the page says why it is not there yet, and shows it when the
answer comes. Staff see the payment arrive (with the number in its note) and confirm the request as for cash.
"""

import io
import logging

import segno
from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from netbar.domain.money import format_fen
from netbar.domain.payment_code import ImageCode, PaymentCode, TextCode
from netbar.domain.requests import RequestState
from netbar.gui.touch import TouchButton, label
from netbar.kiosk.viewmodel import KioskViewModel

_LOGGER = logging.getLogger(__name__)

CODE_SIZE = 300  # px (8 cm on a 15" screen): a phone reads it from arm's length, with room left for the words
QUIET_ZONE = 4  # modules of white around a QR code, as the standard asks: a scanner finds the code by it


def qr_png(text: str, *, size: int = CODE_SIZE) -> bytes:
    """`text` as a QR code in a PNG (black on white, whole pixels per module, about `size` px wide)."""
    code = segno.make(text, error="m", micro=False)
    width, _ = code.symbol_size(border=QUIET_ZONE)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=max(1, size // width), border=QUIET_ZONE)
    return buffer.getvalue()


def code_pixmap(code: PaymentCode) -> QPixmap | None:
    """What to show for the venue's payment code; None when its image cannot be read here."""
    data = qr_png(code.text) if isinstance(code, TextCode) else code.image
    pixmap = QPixmap()
    if not pixmap.loadFromData(data):
        _LOGGER.warning("the payment code's image cannot be shown (%d bytes)", len(data))
        return None
    if isinstance(code, ImageCode) and max(pixmap.width(), pixmap.height()) > CODE_SIZE:
        # A photo of a collection code may be large; a QR made here is already its size, in whole pixels.
        pixmap = pixmap.scaled(
            QSize(CODE_SIZE, CODE_SIZE), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    return pixmap


class PaymentPage(QWidget):
    """Signals:
    done(): the customer has paid (or will at the counter): back to the start.
    """

    done = Signal()

    def __init__(self, model: KioskViewModel) -> None:
        super().__init__()
        self._model = model
        self.command_id: str | None = None  # the order being paid for
        self._estimate_fen = 0  # its price by the kiosk's menu, until the hub's own comes with its request
        self._shown_code: PaymentCode | None = None
        self._code_readable = False  # whether the code shown could be drawn
        self.title = label("pageTitle")
        self.code = QLabel()
        self.code.setObjectName("paymentCode")
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.amount = label("total")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number = label("paymentNote", wrap=True)
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = label("summary", wrap=True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_button = TouchButton(role="primary")
        self.done_button.clicked.connect(self.done)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.done_button, 2)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.code, 1)
        layout.addWidget(self.amount)
        layout.addWidget(self.number)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        model.requestsChanged.connect(self.refresh)
        model.paymentCodeChanged.connect(self.refresh)
        model.connectionChanged.connect(self.refresh)
        self.retranslate()

    def show_payment(self, command_id: str, estimate_fen: int) -> None:
        """Pay for the order sent as `command_id`, priced `estimate_fen` by the kiosk's menu."""
        self.command_id = command_id
        self._estimate_fen = estimate_fen
        self.refresh()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Pay by scanning the code"))
        self.done_button.setText(self.tr("Done"))
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        if self.command_id is None:
            return
        request = self._model.order_request(self.command_id)
        refused = self._model.order_refused(self.command_id)
        cancelled = request is not None and request.state is RequestState.CANCELLED
        paid = request is not None and request.state is RequestState.DONE
        amount = self._estimate_fen if request is None else request.total_fen  # the hub's price is what is charged
        self.amount.setText(self.tr("Amount %1").replace("%1", format_fen(amount)))
        showing = self._show_code(None if refused or cancelled or paid else self._model.payment_code)
        if refused:
            self.number.setText(self.tr("The counter did not take this request, so there is nothing to pay."))
        elif cancelled:
            self.number.setText(self.tr("This request was cancelled. If you have paid already, ask at the counter."))
        elif paid:
            self.number.setText(self.tr("Payment confirmed. Thank you!"))
        elif not showing:
            # The venue's code went away (or its image cannot be shown) after the order was placed.
            self.number.setText(self.tr("Please pay at the counter."))
        elif request is not None:
            self.number.setText(self.tr("Write #%1 in the payment note").replace("%1", str(request.id)))
        elif self._model.connected:
            self.number.setText(self.tr("Sending your request… The number to write in the payment note shows here."))
        else:
            self.number.setText(
                self.tr(
                    "Not connected to the counter: your request is kept and sent when it is back. The number to "
                    "write in the payment note shows here then."
                )
            )
        waiting = showing and not (refused or cancelled or paid)
        self.status.setText(self.tr("Staff will confirm your request once they see your payment.") if waiting else "")
        self.amount.setVisible(not (refused or cancelled))

    def _show_code(self, code: PaymentCode | None) -> bool:
        """Show `code` (none: hide it); whether a code is shown. The pixmap is made again only when it changes."""
        if code != self._shown_code:
            pixmap = None if code is None else code_pixmap(code)
            self.code.setPixmap(QPixmap() if pixmap is None else pixmap)
            self._shown_code, self._code_readable = code, pixmap is not None
        shown = code is not None and self._code_readable
        self.code.setVisible(shown)
        return shown
