"""The last look before sending: what is ordered, what it costs, the note and the payment way."""

from collections import Counter
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from netbar.domain.commands import OrderLine
from netbar.domain.money import format_fen
from netbar.domain.pricing import can_make
from netbar.domain.requests import Payment, RequestKind
from netbar.gui.i18n import Translations
from netbar.gui.texts import kind_name, line_name, payment_name
from netbar.gui.touch import TouchButton, label
from netbar.kiosk.viewmodel import KioskViewModel


@dataclass(frozen=True)
class Order:
    kind: RequestKind
    lines: tuple[OrderLine, ...]
    note: str = ""
    payment: Payment | None = None


class ConfirmPage(QWidget):
    """Signals:
    confirmed(): send it.
    back(): change something first.
    """

    confirmed = Signal()
    back = Signal()

    def __init__(self, model: KioskViewModel, translations: Translations) -> None:
        super().__init__()
        self.order: Order | None = None
        self._model = model
        self._translations = translations
        self._title = label("pageTitle")
        self._summary = label("summary", wrap=True)
        self._summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._summary.setTextFormat(Qt.TextFormat.RichText)
        self._total = label("total")
        self._back = TouchButton(role="secondary")
        self.confirm_button = TouchButton(role="primary")
        self._back.clicked.connect(self.back)
        self.confirm_button.clicked.connect(self.confirmed)
        buttons = QHBoxLayout()
        buttons.addWidget(self._back)
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._summary, 1)
        layout.addWidget(self._total)
        layout.addLayout(buttons)
        model.menuChanged.connect(self.refresh)
        self.retranslate()

    def show_order(self, order: Order) -> None:
        self.order = order
        self.refresh()

    def retranslate(self) -> None:
        self._title.setText(self.tr("Please check your order"))
        self._back.setText(self.tr("Back"))
        self.confirm_button.setText(self.tr("Send order"))
        self.refresh()

    def refresh(self) -> None:
        if self.order is None:
            return
        lines = self._model.priced(self.order.lines)
        rows = []
        short = False
        wanted: Counter[str] = Counter()
        for ordered, line in zip(self.order.lines, lines, strict=True):
            what = escape(f"{line_name(line, self._translations.name)} ×{line.qty}")
            item = self._model.menu.get(line.item_id)
            wanted[line.item_id] += line.qty
            if item is None or not item.can_supply(wanted[line.item_id]) or not can_make(item, ordered.options):
                short = True
                sold_out = escape(self.tr("— sold out, go back to change the order"))
                what += f"<br><span style='color:#b3261e'>{sold_out}</span>"
            rows.append(f"<tr><td>{what}</td><td align='right'>{format_fen(line.total_fen)}</td></tr>")
        notes = []
        if self.order.note:
            notes.append(self.tr("Note: %1").replace("%1", self.order.note))
        if self.order.kind is not RequestKind.CALL:
            notes.append(self.tr("Payment: %1").replace("%1", payment_name(self.order.payment)))
        # A table, so the prices line up in a column; everything the customer typed is escaped.
        self._summary.setText(
            f"<p><b>{escape(kind_name(self.order.kind))}</b></p>"
            f"<table width='100%' cellpadding='4'>{''.join(rows)}</table>"
            + "".join(f"<p>{escape(text)}</p>" for text in notes)
        )
        self._total.setText(self.tr("Total %1").replace("%1", format_fen(sum(line.total_fen for line in lines))))
        # Sending what has just sold out would only be refused: the customer goes back and the cart is trimmed.
        self.confirm_button.setEnabled(not short)
