"""The open requests of one kind as a Qt list model, oldest first, each with its seat, items, total, note and age."""

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from netbar.domain.money import format_fen
from netbar.domain.requests import RequestKind, ServiceRequest
from netbar.gui.i18n import Translations
from netbar.gui.texts import lines_text, payment_name, state_name

REQUEST_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class RequestQueueModel(QAbstractListModel):
    def __init__(self, kind: RequestKind, translations: Translations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._translations = translations
        self._requests: list[ServiceRequest] = []

    def set_requests(self, requests: dict[int, ServiceRequest]) -> None:
        mine = sorted((r for r in requests.values() if r.kind is self.kind), key=lambda request: request.id)
        if [r.id for r in mine] == [r.id for r in self._requests]:
            self._requests = mine
            self.refresh()
            return
        self.beginResetModel()
        self._requests = mine
        self.endResetModel()

    def refresh(self) -> None:
        """Ages, states and the language change a card's text: lay every card out again, since a list view keeps
        each card's height from when it was first drawn and would cut off the lines a new text adds."""
        if self._requests:
            self.layoutAboutToBeChanged.emit()
            self.layoutChanged.emit()

    def request_at(self, row: int) -> ServiceRequest | None:
        return self._requests[row] if 0 <= row < len(self._requests) else None

    def row_of(self, request_id: int) -> int | None:
        return next((row for row, request in enumerate(self._requests) if request.id == request_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._requests)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        request = self.request_at(index.row())
        if request is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.describe(request)
        if role == REQUEST_ROLE:
            return request
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{request.seat} {request.kind} {request.state}"
        return None

    def describe(self, request: ServiceRequest, now: datetime | None = None) -> str:
        age_minutes = int(((now or datetime.now(UTC)) - request.created_at).total_seconds() // 60)
        head = self.tr("%1 · %2 min · %3").replace("%1", request.seat).replace("%2", str(age_minutes))
        head = head.replace("%3", state_name(request.state))
        rows = [head]
        if request.lines:
            rows.append(lines_text(request.lines, self._translations.name))
            rows.append(f"{format_fen(request.total_fen)} · {payment_name(request.payment)}")
        if request.note:
            rows.append(f"“{request.note}”")
        return "\n".join(rows)
