"""After "call staff": someone is coming (or, with the counter away, will be called when it is back); a tap on a
reason tells them why before they arrive."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from netbar.gui.touch import TouchButton, label
from netbar.kiosk.viewmodel import KioskViewModel


class CallPage(QWidget):
    """Signals:
    reason(str): the customer says why (added to the open call).
    done(): back to the start.
    """

    reason = Signal(str)
    done = Signal()

    def __init__(self, model: KioskViewModel) -> None:
        super().__init__()
        self._model = model
        self.title = label("pageTitle", wrap=True)
        self._hint = label("hint", wrap=True)
        self._reasons = [TouchButton(role="choice") for _ in range(4)]
        grid = QGridLayout()
        for number, button in enumerate(self._reasons):
            grid.addWidget(button, number // 2, number % 2)
            button.clicked.connect(lambda _=False, button=button: self._chosen(button.text()))
        self._done = TouchButton(role="primary")
        self._done.clicked.connect(self.done)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self._hint)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(self._done)
        model.connectionChanged.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        if self._model.connected:
            self.title.setText(self.tr("Staff are on their way"))
        else:
            self.title.setText(self.tr("Your call is kept and will be sent when the counter is back"))
        self._hint.setText(self.tr("Tell them why (optional):"))
        texts = (self.tr("Computer problem"), self.tr("Headset or keyboard"), self.tr("Check out"), self.tr("Other"))
        for button, text in zip(self._reasons, texts, strict=True):
            button.setText(text)
        self._done.setText(self.tr("Done"))

    def _chosen(self, text: str) -> None:
        self.reason.emit(text)
        self.done.emit()
