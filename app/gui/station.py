"""A window, its view-model and its link to the hub: started together, closed together."""

from typing import Protocol

from PySide6.QtWidgets import QMainWindow

from netbar.link.link import HubLink


class ViewModel(Protocol):
    def close(self) -> None: ...


class Station:
    def __init__(self, link: HubLink, model: ViewModel, window: QMainWindow) -> None:
        self.link = link
        self.model = model
        self.window = window

    async def close(self) -> None:
        """Hide the window (nothing more can be tapped), stop listening, close the link (an outbox keeps what is
        unsent), then let the window go."""
        self.window.hide()
        self.model.close()
        await self.link.close()
        self.window.deleteLater()
