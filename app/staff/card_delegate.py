"""Request cards exactly as wide as their column and as tall as their wrapped text.

A list view sizes a wrapping item by its text's natural width, so a long line of dishes makes a card wider than the
column, laid out for room it does not have: the last lines (the total, the note) fall off the bottom.
"""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize
from PySide6.QtWidgets import QListView, QStyledItemDelegate, QStyleOptionViewItem

# `QListView::item { padding }` in resources/netbar.qss: the style pads the size it is given, so the text is
# wrapped at the width inside the padding, as it will be painted.
PADDING = 8


class CardDelegate(QStyledItemDelegate):
    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        width = max(1, self._view.viewport().width() - 2 * self._view.spacing())
        sized = QStyleOptionViewItem(option)
        sized.rect = QRect(0, 0, max(1, width - 2 * PADDING), 1)  # the style wraps at a valid rect's width
        return QSize(width, super().sizeHint(sized, index).height())
