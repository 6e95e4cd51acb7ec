"""Widgets for fingers: big targets (at least 48 px, most far more), no hover-only affordance."""

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QScroller, QSizePolicy, QWidget

MIN_TARGET = 64


class TouchButton(QPushButton):
    """A push button that is easy to hit; `role` names its look in the stylesheet (`[role="primary"]`)."""

    def __init__(self, text: str = "", role: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setMinimumSize(QSize(MIN_TARGET, MIN_TARGET))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        if role:
            self.setProperty("role", role)


def label(name: str, text: str = "", *, wrap: bool = False) -> QLabel:
    """A label the stylesheet knows by `name` (`QLabel#price`)."""
    widget = QLabel(text)
    # Plain unless a page says otherwise: a customer's note must never be read as HTML on anyone's screen.
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setObjectName(name)
    widget.setWordWrap(wrap)
    return widget


def restyle(widget: QWidget, name: str, value: str, *, with_children: bool = False) -> None:
    """Set a property the stylesheet reads (`QLabel#chip[state="done"]`) and have it read again, when it changes;
    `with_children`: rules for the widgets inside it that depend on it (`QFrame#card[urgency="red"] QLabel`) too."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    if not widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        return  # not shown yet: Qt reads the stylesheet as it first shows it, and polishing twice costs a ms a row
    for each in (widget, *widget.findChildren(QWidget)) if with_children else (widget,):
        each.style().unpolish(each)
        each.style().polish(each)


def discard(widget: QWidget) -> None:
    """Take `widget` out of its window now (a test, or a finger, never finds it and its replacement side by side)
    and let Qt delete it at the next turn of the loop."""
    widget.setParent(None)
    widget.deleteLater()


def keep_place_when_hidden(widget: QWidget) -> None:
    """Hidden, `widget` keeps its room in the layout, so what is around it stays where it was."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)


def finger_scroll(widget: QWidget) -> QScrollArea:
    """A scroll area that a finger drags, with momentum, as well as a scroll bar."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    # A touch gesture, not the mouse one: that one holds back every press to see if it becomes a drag.
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    return area
