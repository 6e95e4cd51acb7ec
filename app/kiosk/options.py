"""Choosing how a dish is made: each of its option groups as a row of big buttons, with the price as it adds up.

A single group behaves like radio buttons that may also be tapped off (unless a choice is required); a multiple
group like check boxes. The price shown is the menu's; the hub prices the order again.
"""

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from netbar.domain.commands import OptionPick
from netbar.domain.menu import MenuItem, OptionGroup
from netbar.domain.money import format_fen
from netbar.domain.pricing import made_line
from netbar.gui.i18n import Translations
from netbar.gui.touch import TouchButton, finger_scroll, label, restyle

CHOICES_PER_ROW = 3


class OptionsPanel(QWidget):
    """Signals:
    added(): the customer wants one made as picked (`item`, `picks()`).
    cancelled(): back to the menu, nothing added.
    """

    added = Signal()
    cancelled = Signal()

    def __init__(self, translations: Translations, can_add: Callable[[MenuItem, tuple[OptionPick, ...]], bool]) -> None:
        """`can_add`: whether one more made so fits the order (its limits, the stock)."""
        super().__init__()
        self._translations = translations
        self._can_add = can_add
        self.item: MenuItem | None = None
        self._picked: dict[str, list[str]] = {}  # group id → choice ids, in the order tapped
        self._buttons: dict[tuple[str, str], TouchButton] = {}
        self._group_titles: dict[str, QLabel] = {}
        self._title = label("pageTitle", wrap=True)
        self._scroll = finger_scroll(QWidget())
        self._price = label("total")
        self._cancel = TouchButton(role="secondary")
        self.add_button = TouchButton(role="primary")
        self._cancel.clicked.connect(self.cancelled)
        self.add_button.clicked.connect(self.added)
        buttons = QHBoxLayout()
        buttons.addWidget(self._cancel)
        buttons.addWidget(self._price, 1)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._title)
        layout.addWidget(self._scroll, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def open(self, item: MenuItem, picks: tuple[OptionPick, ...] = ()) -> None:
        """Ask how `item` is wanted, starting from `picks` (how it was last added) where the menu still has them."""
        self.item = item
        self._picked = {group.id: [] for group in item.options}
        for pick in picks:
            group = item.option_group(pick.group)
            if group is not None and group.choice(pick.choice) is not None:
                self._picked[group.id].append(pick.choice)
        self._buttons.clear()
        self._group_titles.clear()
        groups = QWidget()
        groups_layout = QVBoxLayout(groups)
        for group in item.options:
            groups_layout.addWidget(self._group_widget(group))
        groups_layout.addStretch(1)
        self._scroll.setWidget(groups)  # the last item's groups go with the widget they were on
        self.retranslate()

    def picks(self) -> tuple[OptionPick, ...]:
        """What is picked, in the menu's order."""
        if self.item is None:
            return ()
        return tuple(
            OptionPick(group=group.id, choice=choice.id)
            for group in self.item.options
            for choice in group.choices
            if choice.id in self._picked.get(group.id, ())
        )

    def tap(self, group_id: str, choice_id: str) -> None:
        """A choice tapped: on, or off again; in a single group it replaces the one picked."""
        picked = self._picked[group_id]
        group = self.item.option_group(group_id) if self.item else None
        if group is None:
            return
        if choice_id in picked:
            picked.remove(choice_id)
        elif group.multiple:
            picked.append(choice_id)
        else:
            picked[:] = [choice_id]
        self._show_picks()

    def retranslate(self) -> None:
        self._cancel.setText(self.tr("Back"))
        item = self.item
        if item is None:
            return
        name = self._translations.name
        self._title.setText(self.tr("How would you like %1?").replace("%1", name(item)))
        for group in item.options:
            self._group_titles[group.id].setText(f"{name(group)} ({self._rule(group)})")
            for choice in group.choices:
                extra = f" +{format_fen(choice.price_fen)}" if choice.price_fen else ""
                self._buttons[(group.id, choice.id)].setText(name(choice) + extra)
        self._show_picks()

    def _rule(self, group: OptionGroup) -> str:
        if group.multiple:
            return self.tr("choose at least one") if group.required else self.tr("choose any")
        return self.tr("choose one") if group.required else self.tr("choose one or none")

    def _group_widget(self, group: OptionGroup) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 8)
        title = label("sectionTitle")
        self._group_titles[group.id] = title
        layout.addWidget(title)
        grid = QGridLayout()
        for index, choice in enumerate(group.choices):
            button = TouchButton(role="choice")
            button.setCheckable(True)
            button.setAccessibleName(f"option {group.id}.{choice.id}")
            # The picks decide what is checked, not Qt's toggle: a tap that is not allowed changes nothing.
            button.clicked.connect(lambda _=False, g=group.id, c=choice.id: self.tap(g, c))
            self._buttons[(group.id, choice.id)] = button
            grid.addWidget(button, *divmod(index, CHOICES_PER_ROW))
        layout.addLayout(grid)
        return box

    def _show_picks(self) -> None:
        for (group_id, choice_id), button in self._buttons.items():
            button.setChecked(choice_id in self._picked.get(group_id, ()))
        item = self.item
        if item is None:
            return
        made = made_line(item, 1, self.picks())
        ready = made is not None
        room = ready and self._can_add(item, self.picks())
        for group in item.options:  # a required question not yet answered is marked, so the eye finds it
            missing = group.required and not self._picked[group.id]
            restyle(self._group_titles[group.id], "missing", "yes" if missing else "")
        price = made.price_fen if made is not None else item.price_fen
        self._price.setText(format_fen(price))
        self.add_button.setEnabled(room)
        if not ready:
            self.add_button.setText(self.tr("Choose the required options"))
        else:
            self.add_button.setText(self.tr("Add to order") if room else self.tr("No more of these in one order"))
