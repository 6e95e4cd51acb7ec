"""The Staff tab, for managers: who may sign in at the counter and as what; adding a user, giving one a new
password or the other role, and disabling one (signed out at once) or enabling them again."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netbar.domain.staff import MAX_PASSWORD, MIN_PASSWORD, USER_PATTERN, StaffMember, StaffRole
from netbar.gui.texts import staff_refusal_text
from netbar.gui.touch import MIN_TARGET, TouchButton, label
from netbar.staff.viewmodel import StaffViewModel

_NAME = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class _Pending:
    """A change this panel asked for: done when the user it names looks like `done` says."""

    user: str
    done: Callable[[StaffMember], bool]
    notice: str


class StaffPanel(QWidget):
    """For managers only: the window shows this tab when `model.is_manager` (the hub refuses a cashier anyway).

    Lists the staff users (name, role, enabled or disabled); adds one (name, role, password twice), gives one a
    new password or the other role, disables one (after asking: they are signed out at once) or enables them
    again, all through the view-model's intents. What the hub allows is mirrored here before anything is sent: a
    name by USER_PATTERN, a password of MIN_PASSWORD characters, typed the same twice, nobody disables themselves,
    and the last enabled manager stays a manager. The hub's refusal of a change made here is shown here. Nothing
    can be changed while the hub is away.
    """

    def __init__(self, model: StaffViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._pending: _Pending | None = None
        self._confirmed: Callable[[], None] | None = None
        self._password_for: str | None = None  # whose password the form sets; None: the form adds a user
        self._chosen: str | None = None  # the user chosen in the list

        self.table = QTableWidget(0, 3)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(48)  # rows a finger can pick
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setMinimumHeight(4 * 48)  # the form open below still leaves a few users in sight
        self.table.itemSelectionChanged.connect(self._on_selection)

        self.add_button = TouchButton(role="primary")
        self.add_button.setAccessibleName("add staff user")
        self.add_button.clicked.connect(self.open_add_form)
        self.password_button = TouchButton()
        self.password_button.setAccessibleName("new password")
        self.password_button.clicked.connect(self._open_password_form)
        self.role_button = TouchButton()
        self.role_button.setAccessibleName("change role")
        self.role_button.clicked.connect(self._on_role)
        self.enable_button = TouchButton()
        self.enable_button.setAccessibleName("disable or enable")
        self.enable_button.clicked.connect(self._on_enable)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.password_button, self.role_button, self.enable_button):
            buttons.addWidget(button)
        self.hint = label("hint", wrap=True)

        # Asking before what cannot be taken back quietly: a disabled user is signed out at once.
        self.confirm_text = label("summary", wrap=True)
        self.confirm_button = TouchButton(role="danger")
        self.confirm_button.setAccessibleName("confirm")
        self.confirm_button.clicked.connect(self._on_confirm)
        self.keep_button = TouchButton()
        self.keep_button.setAccessibleName("keep")
        self.keep_button.clicked.connect(self._close_confirm)
        self.confirm_row = QWidget()
        confirm_layout = QHBoxLayout(self.confirm_row)
        confirm_layout.setContentsMargins(0, 0, 0, 0)
        confirm_layout.addWidget(self.confirm_text, 1)
        confirm_layout.addWidget(self.confirm_button)
        confirm_layout.addWidget(self.keep_button)
        self.confirm_row.hide()

        self.form = self._build_form()
        self.form.hide()

        self.notice = label("hint", wrap=True)
        self.failure = label("failure", wrap=True)
        self.failure.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        layout.addWidget(self.confirm_row)
        layout.addWidget(self.form)
        layout.addWidget(self.notice)
        layout.addWidget(self.failure)

        model.staffUsersChanged.connect(self._on_staff_users_changed)
        model.connectionChanged.connect(self._on_connection)
        model.actionFailed.connect(self._on_refused)
        self.retranslate()

    def _build_form(self) -> QWidget:
        form = QWidget()
        self.form_title = label("sectionTitle", wrap=True)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(64)
        self.name_edit.setAccessibleName("name")
        self.role_buttons = {role: TouchButton() for role in StaffRole}
        self._role_group = QButtonGroup(self)
        for role, button in self.role_buttons.items():
            button.setCheckable(True)
            button.setAccessibleName(f"role {role.value}")
            self._role_group.addButton(button)
        self.role_buttons[StaffRole.CASHIER].setChecked(True)  # the fewest rights, unless a manager is meant
        self.password_edit = QLineEdit()
        self.repeat_edit = QLineEdit()
        for edit, name in ((self.password_edit, "password"), (self.repeat_edit, "password again")):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(MAX_PASSWORD)
            edit.setAccessibleName(name)
        for edit in (self.name_edit, self.password_edit, self.repeat_edit):
            edit.setMinimumHeight(MIN_TARGET)
            edit.returnPressed.connect(self._on_save)
        self.form_error = label("failure", wrap=True)
        self.form_error.hide()
        self.save_button = TouchButton(role="primary")
        self.save_button.setAccessibleName("save")
        self.save_button.clicked.connect(self._on_save)
        self.cancel_button = TouchButton()
        self.cancel_button.setAccessibleName("cancel")
        self.cancel_button.clicked.connect(self.close_form)

        self._name_row = QWidget()
        name_row = QHBoxLayout(self._name_row)
        name_row.setContentsMargins(0, 0, 0, 0)
        name_row.addWidget(self.name_edit, 2)
        for button in self.role_buttons.values():
            name_row.addWidget(button, 1)
        grid = QGridLayout(form)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.form_title, 0, 0, 1, 2)
        grid.addWidget(self._name_row, 1, 0, 1, 2)
        grid.addWidget(self.password_edit, 2, 0)
        grid.addWidget(self.repeat_edit, 2, 1)
        grid.addWidget(self.form_error, 3, 0, 1, 2)
        grid.addWidget(self.save_button, 4, 0)
        grid.addWidget(self.cancel_button, 4, 1)
        return form

    # What a manager sees

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("Status")])
        self.add_button.setText(self.tr("Add staff user…"))
        self.password_button.setText(self.tr("New password…"))
        self.keep_button.setText(self.tr("Keep"))
        self.name_edit.setPlaceholderText(self.tr("Name, e.g. wang"))
        for role, button in self.role_buttons.items():
            button.setText(self.role_name(role))
        self.password_edit.setPlaceholderText(
            self.tr("Password (at least %1 characters)").replace("%1", str(MIN_PASSWORD))
        )
        self.repeat_edit.setPlaceholderText(self.tr("The same password again"))
        self.cancel_button.setText(self.tr("Cancel"))
        self._retranslate_form()
        self.refresh()

    def role_name(self, role: StaffRole) -> str:
        return self.tr("Manager") if role is StaffRole.MANAGER else self.tr("Cashier")

    def refresh(self) -> None:
        """Fill the list from the view-model, keeping the chosen user chosen."""
        chosen = self._chosen
        members = sorted(self._model.staff_users.values(), key=lambda member: member.name.casefold())
        self.table.blockSignals(True)
        self.table.setRowCount(len(members))
        for row, member in enumerate(members):
            name = member.name
            if self._is_me(member.name):
                name = self.tr("%1 (you)").replace("%1", member.name)
            status = self.tr("Active") if member.enabled else self.tr("Disabled — cannot sign in")
            for column, text in enumerate((name, self.role_name(member.role), status)):
                cell = self.table.item(row, column)
                if cell is None:
                    cell = QTableWidgetItem()
                    self.table.setItem(row, column, cell)
                cell.setText(text)
                cell.setData(_NAME, member.name)
                cell.setForeground(self.palette().text() if member.enabled else self.palette().placeholderText())
        self.table.blockSignals(False)
        if chosen is not None:
            self.select(chosen)
        self._update_actions()

    def selected_user(self) -> StaffMember | None:
        rows = self.table.selectionModel().selectedRows()
        cell = self.table.item(rows[0].row(), 0) if rows else None
        return None if cell is None else self._model.staff_users.get(cell.data(_NAME))

    def select(self, user: str) -> None:
        """Choose `user` in the list, as a tap on their row does."""
        row = self.row_of(user)
        if row is None:
            self.table.clearSelection()
        elif self.table.selectionModel().selectedRows() != [self.table.model().index(row, 0)]:
            self.table.selectRow(row)

    def row_of(self, user: str) -> int | None:
        return next(
            (
                row
                for row in range(self.table.rowCount())
                if (cell := self.table.item(row, 0)) is not None and cell.data(_NAME) == user
            ),
            None,
        )

    # Why a manager may not do something to a user, in words; None: they may

    def _is_me(self, user: str) -> bool:
        return self._model.me is not None and self._model.me.name == user

    def _last_manager(self, member: StaffMember) -> bool:
        managers = [m.name for m in self._model.staff_users.values() if m.role is StaffRole.MANAGER and m.enabled]
        return managers == [member.name]

    def _cannot_change(self) -> str | None:
        if not self._model.connected:
            return self.tr("Not connected to the hub: staff users cannot be changed now.")
        if not self._model.is_manager:
            return self.tr("Only a manager can change staff users.")
        return None

    def _cannot_disable(self, member: StaffMember) -> str | None:
        if self._is_me(member.name):
            return self.tr("You cannot disable yourself; another manager can.")
        if member.enabled and self._last_manager(member):
            return self.tr("%1 is the last manager; make another manager first.").replace("%1", member.name)
        return None

    def _cannot_make_cashier(self, member: StaffMember) -> str | None:
        if member.role is StaffRole.MANAGER and self._last_manager(member):
            return self.tr("%1 is the last manager; make another manager first.").replace("%1", member.name)
        return None

    def _cannot_set_password(self, member: StaffMember) -> str | None:
        if self._is_me(member.name):
            # This window would be signed out and keep signing in with the old password until the name is locked.
            return self.tr(
                "Your own password is changed by another manager, or with “netbar staff-user add” at the hub PC."
            )
        return None

    def _update_actions(self) -> None:
        member = self.selected_user()
        blocked = self._cannot_change()
        self.add_button.setEnabled(blocked is None)
        self.form.setEnabled(blocked is None)
        self.confirm_row.setEnabled(blocked is None)
        self.save_button.setEnabled(blocked is None and self._pending is None)
        if member is None:
            for button in (self.password_button, self.role_button, self.enable_button):
                button.setEnabled(False)
            self.role_button.setText(self.tr("Make manager"))
            self.enable_button.setText(self.tr("Disable…"))
            self._show_hint(blocked or self.tr("Choose a staff user to change them, or add one."))
            return
        becomes = StaffRole.CASHIER if member.role is StaffRole.MANAGER else StaffRole.MANAGER
        self.role_button.setText(self.tr("Make manager") if becomes is StaffRole.MANAGER else self.tr("Make cashier"))
        self.enable_button.setText(self.tr("Disable…") if member.enabled else self.tr("Enable"))
        reasons = {
            self.password_button: self._cannot_set_password(member),
            self.role_button: self._cannot_make_cashier(member) if becomes is StaffRole.CASHIER else None,
            self.enable_button: self._cannot_disable(member) if member.enabled else None,
        }
        for button, reason in reasons.items():
            button.setEnabled(blocked is None and reason is None)
        self._show_hint(blocked or "\n".join(reason for reason in reasons.values() if reason is not None))

    def _show_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    # Adding a user, or a new password

    @Slot()
    def open_add_form(self) -> None:
        self._close_confirm()
        self._password_for = None
        self.name_edit.clear()
        self.role_buttons[StaffRole.CASHIER].setChecked(True)
        self._open_form()
        self.name_edit.setFocus()

    @Slot()
    def _open_password_form(self) -> None:
        member = self.selected_user()
        if member is None or self._cannot_set_password(member) is not None:
            return
        self._close_confirm()
        self._password_for = member.name
        self._open_form()
        self.password_edit.setFocus()

    def _open_form(self) -> None:
        self.password_edit.clear()
        self.repeat_edit.clear()
        self.form_error.hide()
        self._retranslate_form()
        self.form.show()

    @Slot()
    def close_form(self) -> None:
        self.form.hide()
        self.password_edit.clear()
        self.repeat_edit.clear()
        self.form_error.hide()
        self._password_for = None

    def _retranslate_form(self) -> None:
        adding = self._password_for is None
        self._name_row.setVisible(adding)
        if adding:
            self.form_title.setText(self.tr("New staff user: a name, a role, and a password typed twice"))
            self.save_button.setText(self.tr("Add"))
        else:
            self.form_title.setText(
                self.tr("New password for %1 (signed out of every window until they sign in with it)").replace(
                    "%1", self._password_for or ""
                )
            )
            self.save_button.setText(self.tr("Save password"))

    def _form_problems(self) -> list[tuple[QLineEdit, str]]:
        """What is wrong with the form, each with the field to fix; empty when it may be sent."""
        problems: list[tuple[QLineEdit, str]] = []
        if self._password_for is None:
            name = self.name_edit.text().strip()
            if not name:
                problems.append((self.name_edit, self.tr("Type the new user's name.")))
            elif not re.fullmatch(USER_PATTERN, name):
                problems.append(
                    (self.name_edit, self.tr("A name may have letters, digits and . - _ only, without spaces."))
                )
            elif name in self._model.staff_users:
                text = self.tr("There is already a staff user %1: choose them in the list to change them.")
                problems.append((self.name_edit, text.replace("%1", name)))
        password = self.password_edit.text()
        if len(password) < MIN_PASSWORD:
            text = self.tr("The password needs at least %1 characters.").replace("%1", str(MIN_PASSWORD))
            problems.append((self.password_edit, text))
        elif self.repeat_edit.text() != password:
            problems.append((self.repeat_edit, self.tr("The two passwords differ: type the same one twice.")))
        return problems

    @Slot()
    def _on_save(self) -> None:
        if not self.form.isVisible() or self._cannot_change() is not None or self._pending is not None:
            return
        problems = self._form_problems()
        if problems:
            self.form_error.setText("\n".join(text for _, text in problems))
            self.form_error.show()
            problems[0][0].setFocus()
            return
        self.form_error.hide()
        password = self.password_edit.text()
        if self._password_for is None:
            name = self.name_edit.text().strip()
            role = StaffRole.MANAGER if self.role_buttons[StaffRole.MANAGER].isChecked() else StaffRole.CASHIER
            notice = self.tr("%1 added as %2: they can sign in now.").replace("%1", name)
            self._send(_Pending(name, lambda m: m.role is role, notice.replace("%2", self.role_name(role))))
            self._model.save_staff_user(name, role, password)
        else:
            name = self._password_for
            notice = self.tr("New password saved for %1.").replace("%1", name)
            self._send(_Pending(name, lambda m: True, notice))
            self._model.save_staff_user(name, None, password)

    # A role, disabling and enabling

    @Slot()
    def _on_role(self) -> None:
        member = self.selected_user()
        if member is None or self._cannot_change() is not None:
            return
        if member.role is StaffRole.MANAGER:
            role = StaffRole.CASHIER
            if (reason := self._cannot_make_cashier(member)) is not None:
                self._show_failure(reason)
                return
        else:
            role = StaffRole.MANAGER
        name = member.name
        notice = self.tr("%1's role is now %2.").replace("%1", name).replace("%2", self.role_name(role))

        def change() -> None:
            self._send(_Pending(name, lambda m: m.role is role, notice))
            self._model.save_staff_user(name, role, None)

        if self._is_me(name):
            question = self.tr("Make yourself a cashier? You can no longer change staff users, prices or stock.")
        elif role is StaffRole.MANAGER:
            question = self.tr("Make %1 a manager? They may then change staff users, prices and stock.")
        else:
            question = self.tr("Make %1 a cashier? Their windows sign in again as a cashier.")
        self._ask(
            question.replace("%1", name),
            self.tr("Make manager") if role is StaffRole.MANAGER else self.tr("Make cashier"),
            change,
        )

    @Slot()
    def _on_enable(self) -> None:
        member = self.selected_user()
        if member is None or self._cannot_change() is not None:
            return
        name = member.name
        if not member.enabled:
            self._send(_Pending(name, lambda m: m.enabled, self.tr("%1 can sign in again.").replace("%1", name)))
            self._model.set_staff_user_enabled(name, True)
            return
        if (reason := self._cannot_disable(member)) is not None:
            self._show_failure(reason)
            return

        def disable() -> None:
            notice = self.tr("%1 is disabled and signed out.").replace("%1", name)
            self._send(_Pending(name, lambda m: not m.enabled, notice))
            self._model.set_staff_user_enabled(name, False)

        question = self.tr("Disable %1? They are signed out at once.").replace("%1", name)
        self._ask(question, self.tr("Disable"), disable)

    def _ask(self, question: str, yes: str, then: Callable[[], None]) -> None:
        self.close_form()
        self.confirm_text.setText(question)
        self.confirm_button.setText(yes)
        self._confirmed = then
        self.confirm_row.show()

    @Slot()
    def _on_confirm(self) -> None:
        then = self._confirmed
        self._close_confirm()
        if then is not None and self._cannot_change() is None:
            then()

    @Slot()
    def _close_confirm(self) -> None:
        self._confirmed = None
        self.confirm_row.hide()

    # The hub's answer

    def _send(self, pending: _Pending) -> None:
        self._pending = pending
        self.notice.clear()
        self.failure.hide()
        self._update_actions()

    @Slot()
    def _on_staff_users_changed(self) -> None:
        pending = self._pending
        member = None if pending is None else self._model.staff_users.get(pending.user)
        if pending is not None and member is not None and pending.done(member):
            self._pending = None
            self.notice.setText(pending.notice)
            if self.form.isVisible():
                self.close_form()
        self.refresh()

    @Slot(str, str)
    def _on_refused(self, code: str, message: str) -> None:
        """A refusal while this panel waits for an answer is the answer (the view-model does not say to what)."""
        if self._pending is None:
            return
        self._pending = None
        self._show_failure(f"{staff_refusal_text(code)} ({message})")
        self._update_actions()

    def _show_failure(self, reason: str) -> None:
        self.notice.clear()
        self.failure.setText(self.tr("Not done: %1").replace("%1", reason))
        self.failure.show()

    @Slot(bool, str)
    def _on_connection(self, connected: bool, _reason: str) -> None:
        if not connected:
            self._pending = None  # no answer will come; the welcome brings the list as the hub has it
            self._close_confirm()
        self._update_actions()

    @Slot()
    def _on_selection(self) -> None:
        member = self.selected_user()
        chosen = None if member is None else member.name
        if chosen != self._chosen:  # not the same user in another row after a refresh
            self._chosen = chosen
            self._close_confirm()  # a question was about the user chosen before
            if self._password_for is not None:
                self.close_form()
            self.failure.hide()
        self._update_actions()
