"""The screen of a kiosk the hub turns away: a wrong or replaced seat token (or a hub certificate that is not the
enrolled one). One line for the customer; the rest is for staff, saying what to run and which file to edit."""

from PySide6.QtWidgets import QVBoxLayout, QWidget

from netbar.gui.touch import label
from netbar.kiosk.viewmodel import KioskViewModel


class EnrolmentPage(QWidget):
    """Shown instead of the ordering pages while the hub refuses this kiosk; nothing on it can order."""

    def __init__(self, model: KioskViewModel) -> None:
        super().__init__()
        self._model = model
        self.customer = label("pageTitle", wrap=True)
        self.title = label("sectionTitle", wrap=True)
        self.steps = label("staffSteps", wrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.customer)
        layout.addWidget(self.title)
        layout.addWidget(self.steps)
        layout.addStretch(1)
        model.connectionChanged.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        seat = self._model.seat
        file = self._model.config_file or "kiosk.toml"
        self.customer.setText(self.tr("This seat cannot take orders right now. Please ask at the counter."))
        if self._model.refusal is None and self._model.turned_away:
            self.title.setText(self.tr("For staff: the hub's certificate is not the one this kiosk was enrolled with."))
            self.steps.setText(
                self.tr(
                    "Put the hub_fingerprint line that `netbar seats add` printed on the counter PC into this "
                    "kiosk's config file, %1, or enrol the seat again. The kiosk keeps trying meanwhile."
                ).replace("%1", file)
            )
            return
        self.title.setText(
            self.tr("For staff: seat %1 is not enrolled at the hub, or its token was replaced.").replace("%1", seat)
        )
        self.steps.setText(
            self.tr(
                "1. On the counter PC run: netbar seats token %1\n"
                '2. Put the new token into this kiosk\'s config file, %2, under [kiosk]: token = "…"\n'
                "The kiosk tries the new token within a few seconds; no restart is needed. It does not try the old "
                "one again. Orders already taken at this seat are kept and sent once it is let in."
            )
            .replace("%1", seat)
            .replace("%2", file)
        )
