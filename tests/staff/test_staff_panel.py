"""The manager's Staff tab: what each tap sends, what it refuses to send and why, and how it follows the news."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from netbar.bus import EventBus
from netbar.domain.errors import CommandRejected, ErrorCode
from netbar.domain.events import StaffUserChanged
from netbar.domain.staff import StaffMember, StaffRole
from netbar.link.events import CommandAnswered, Connected, Disconnected, SendCommand
from netbar.staff.staff_panel import StaffPanel
from netbar.staff.viewmodel import StaffViewModel
from netbar.wire.frames import Snapshot

LI = StaffMember(name="li", role=StaffRole.MANAGER)
WANG = StaffMember(name="wang", role=StaffRole.CASHIER)
ZHAO = StaffMember(name="zhao", role=StaffRole.MANAGER)


@dataclass
class Desk:
    bus: EventBus
    model: StaffViewModel
    panel: StaffPanel
    sent: list[SendCommand]
    qtbot: QtBot
    seq: int = 1

    def welcome(self, me: StaffMember = LI, *users: StaffMember) -> None:
        snapshot = Snapshot(menu=(), requests=(), seats=(), me=me, staff_users=users or (LI, WANG))
        self.bus.publish(Connected(seq=self.seq, snapshot=snapshot))

    def news(self, member: StaffMember) -> None:
        self.seq += 1
        self.bus.publish(StaffUserChanged(seq=self.seq, user=member))

    def bodies(self) -> list[tuple[str, dict[str, Any]]]:
        return [(intent.frame.command.name, intent.frame.command.body()) for intent in self.sent]

    def refuse(self, code: ErrorCode, message: str) -> None:
        """The hub's answer to the last command sent."""
        frame = self.sent[-1].frame
        self.bus.publish(CommandAnswered(frame, error=CommandRejected(code, message)))

    def click(self, widget: QWidget) -> None:
        assert widget.isEnabled(), f"{widget.accessibleName()!r} is greyed out"
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def type_into(self, widget: QWidget, text: str) -> None:
        widget.clear()  # type: ignore[attr-defined]
        self.qtbot.keyClicks(widget, text)


@pytest.fixture
def desk(qapp: QApplication, qtbot: QtBot) -> Iterator[Desk]:
    bus = EventBus()
    sent: list[SendCommand] = []
    bus.subscribe(SendCommand, sent.append)
    model = StaffViewModel(bus)
    panel = StaffPanel(model)
    qtbot.addWidget(panel)
    panel.resize(1024, 700)
    panel.show()
    place = Desk(bus, model, panel, sent, qtbot)
    place.welcome()
    yield place
    model.close()


def cells(panel: StaffPanel) -> list[list[str]]:
    return [
        [panel.table.item(row, column).text() for column in range(3)]  # type: ignore[union-attr]
        for row in range(panel.table.rowCount())
    ]


def test_it_lists_every_staff_user_with_role_and_status_and_who_you_are(desk: Desk) -> None:
    desk.welcome(LI, WANG, LI, StaffMember(name="Chen", role=StaffRole.CASHIER, enabled=False))
    assert cells(desk.panel) == [
        ["Chen", "Cashier", "Disabled — cannot sign in"],
        ["li (you)", "Manager", "Active"],
        ["wang", "Cashier", "Active"],
    ]


def test_adding_a_user_sends_their_name_role_and_password_once(desk: Desk) -> None:
    panel = desk.panel
    desk.click(panel.add_button)
    assert panel.form.isVisible()
    assert panel.role_buttons[StaffRole.CASHIER].isChecked()  # the fewest rights unless a manager is meant
    desk.type_into(panel.name_edit, " zhao ")
    desk.click(panel.role_buttons[StaffRole.MANAGER])
    desk.type_into(panel.password_edit, "secret-1")
    desk.type_into(panel.repeat_edit, "secret-1")
    desk.click(panel.save_button)
    assert desk.bodies() == [
        ("save_staff_user", {"user": "zhao", "staff_role": "manager", "password": "secret-1"}),
    ]
    assert not panel.save_button.isEnabled()  # waiting for the hub: a second tap would hash it all again
    desk.news(ZHAO)
    assert not panel.form.isVisible()
    assert panel.notice.text() == "zhao added as Manager: they can sign in now."
    assert [row[0] for row in cells(panel)] == ["li (you)", "wang", "zhao"]


@pytest.mark.parametrize(
    ("name", "password", "repeat", "said"),
    [
        ("", "secret-1", "secret-1", "Type the new user's name."),
        ("zhao wei", "secret-1", "secret-1", "A name may have letters, digits and . - _ only, without spaces."),
        ("wang", "secret-1", "secret-1", "There is already a staff user wang: choose them in the list to change them."),
        ("zhao", "short", "short", "The password needs at least 6 characters."),
        ("zhao", "secret-1", "secret-2", "The two passwords differ: type the same one twice."),
        ("zhao wei", "", "", "A name may have letters, digits and . - _ only, without spaces.\n"
                             "The password needs at least 6 characters."),
    ],
)  # fmt: skip
def test_a_bad_name_or_password_sends_nothing_and_says_why(
    desk: Desk, name: str, password: str, repeat: str, said: str
) -> None:
    panel = desk.panel
    desk.click(panel.add_button)
    desk.type_into(panel.name_edit, name)
    desk.type_into(panel.password_edit, password)
    desk.type_into(panel.repeat_edit, repeat)
    desk.qtbot.keyClick(panel.repeat_edit, Qt.Key.Key_Return)
    assert desk.sent == []
    assert panel.form_error.isVisible()
    assert panel.form_error.text() == said
    assert panel.form.isVisible()


def test_a_new_password_for_a_chosen_user_sends_only_the_password(desk: Desk) -> None:
    panel = desk.panel
    assert not panel.password_button.isEnabled()  # whose?
    panel.select("wang")
    desk.click(panel.password_button)
    assert panel.form_title.text().startswith("New password for wang")
    assert not panel.name_edit.isVisible()
    desk.type_into(panel.password_edit, "new-pass")
    desk.type_into(panel.repeat_edit, "new-pasS")
    desk.click(panel.save_button)
    assert desk.sent == []
    assert panel.form_error.text() == "The two passwords differ: type the same one twice."
    desk.type_into(panel.repeat_edit, "new-pass")
    desk.click(panel.save_button)
    assert desk.bodies() == [("save_staff_user", {"user": "wang", "staff_role": None, "password": "new-pass"})]
    desk.news(WANG)
    assert panel.notice.text() == "New password saved for wang."
    assert not panel.form.isVisible()
    assert panel.password_edit.text() == ""  # not left lying in the window


def test_your_own_password_is_not_changed_here(desk: Desk) -> None:
    """This window would be signed out and sign in again and again with the old one, until the name is locked."""
    desk.panel.select("li")
    assert not desk.panel.password_button.isEnabled()
    assert "Your own password is changed by another manager" in desk.panel.hint.text()


def test_a_role_change_asks_then_sends_the_role_alone(desk: Desk) -> None:
    panel = desk.panel
    panel.select("wang")
    assert panel.role_button.text() == "Make manager"
    desk.click(panel.role_button)
    assert desk.sent == []
    assert panel.confirm_text.text() == "Make wang a manager? They may then change staff users, prices and stock."
    desk.click(panel.confirm_button)
    assert desk.bodies() == [("save_staff_user", {"user": "wang", "staff_role": "manager", "password": None})]
    desk.news(WANG.model_copy(update={"role": StaffRole.MANAGER}))
    assert panel.notice.text() == "wang's role is now Manager."
    assert panel.role_button.text() == "Make cashier"
    assert cells(panel)[1] == ["wang", "Manager", "Active"]


def test_disabling_asks_first_and_keep_sends_nothing(desk: Desk) -> None:
    panel = desk.panel
    panel.select("wang")
    assert panel.enable_button.text() == "Disable…"
    desk.click(panel.enable_button)
    assert panel.confirm_text.text() == "Disable wang? They are signed out at once."
    desk.click(panel.keep_button)
    assert not panel.confirm_row.isVisible()
    desk.click(panel.enable_button)
    desk.click(panel.confirm_button)
    assert desk.bodies() == [("set_staff_user_enabled", {"user": "wang", "enabled": False})]
    desk.news(WANG.model_copy(update={"enabled": False}))
    assert cells(panel)[1] == ["wang", "Cashier", "Disabled — cannot sign in"]
    assert panel.notice.text() == "wang is disabled and signed out."
    assert panel.enable_button.text() == "Enable"
    desk.click(panel.enable_button)  # enabling again needs no question
    assert desk.bodies()[1:] == [("set_staff_user_enabled", {"user": "wang", "enabled": True})]


def test_a_question_is_about_the_user_it_names(desk: Desk) -> None:
    panel = desk.panel
    panel.select("wang")
    desk.click(panel.enable_button)
    panel.select("li")  # another user chosen: the question about wang goes
    assert not panel.confirm_row.isVisible()
    assert desk.sent == []


def test_you_cannot_disable_yourself_here(desk: Desk) -> None:
    panel = desk.panel
    panel.select("li")
    assert not panel.enable_button.isEnabled()
    assert "You cannot disable yourself; another manager can." in panel.hint.text().splitlines()
    assert desk.sent == []


def test_the_last_manager_stays_a_manager_and_another_one_may_step_down(desk: Desk) -> None:
    panel = desk.panel
    panel.select("li")
    assert not panel.role_button.isEnabled()
    assert "li is the last manager; make another manager first." in panel.hint.text()
    desk.news(ZHAO)  # another manager: li may now become a cashier, after saying so
    assert panel.role_button.isEnabled()
    desk.click(panel.role_button)
    assert panel.confirm_text.text().startswith("Make yourself a cashier?")
    desk.click(panel.confirm_button)
    assert desk.bodies() == [("save_staff_user", {"user": "li", "staff_role": "cashier", "password": None})]


def test_the_hubs_refusal_is_shown_in_the_panel(desk: Desk) -> None:
    panel = desk.panel
    panel.select("wang")
    desk.click(panel.enable_button)
    desk.click(panel.confirm_button)
    desk.refuse(ErrorCode.CONFLICT, "wang is the last manager; make another manager first")
    assert panel.failure.isVisible()
    assert panel.failure.text() == (
        "Not done: it has changed meanwhile, or cannot be done now "
        "(wang is the last manager; make another manager first)"
    )
    assert panel.enable_button.isEnabled()  # may be tried again


def test_a_refused_addition_keeps_the_form_to_try_again(desk: Desk) -> None:
    panel = desk.panel
    desk.click(panel.add_button)
    desk.type_into(panel.name_edit, "zhao")
    desk.type_into(panel.password_edit, "secret-1")
    desk.type_into(panel.repeat_edit, "secret-1")
    desk.click(panel.save_button)
    desk.refuse(ErrorCode.FORBIDDEN, "only a manager may change staff users")
    assert panel.failure.text() == "Not done: only a manager may do that (only a manager may change staff users)"
    assert panel.form.isVisible()
    assert panel.save_button.isEnabled()


def test_it_follows_news_of_staff_users_from_other_windows(desk: Desk) -> None:
    panel = desk.panel
    panel.select("wang")
    desk.news(StaffMember(name="an", role=StaffRole.CASHIER))  # a row above the chosen one
    assert [row[0] for row in cells(panel)] == ["an", "li (you)", "wang"]
    assert panel.selected_user() == WANG  # still wang, in his new row
    desk.news(WANG.model_copy(update={"enabled": False}))
    assert cells(panel)[2][2] == "Disabled — cannot sign in"
    assert panel.enable_button.text() == "Enable"
    assert panel.notice.text() == ""  # nothing this window asked for


def test_nothing_can_be_changed_while_the_hub_is_away(desk: Desk) -> None:
    panel = desk.panel
    panel.select("wang")
    desk.click(panel.enable_button)
    desk.bus.publish(Disconnected("connection lost"))
    assert not panel.confirm_row.isVisible()
    for button in (panel.add_button, panel.password_button, panel.role_button, panel.enable_button):
        assert not button.isEnabled()
    assert panel.hint.text() == "Not connected to the hub: staff users cannot be changed now."
    assert cells(panel)[1][0] == "wang"  # the list stays readable
    desk.welcome()
    assert panel.enable_button.isEnabled()


def test_a_cashier_is_offered_nothing(desk: Desk) -> None:
    desk.welcome(WANG)
    assert not desk.panel.add_button.isEnabled()
    assert desk.panel.hint.text() == "Only a manager can change staff users."
