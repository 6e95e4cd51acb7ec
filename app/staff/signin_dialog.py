"""Signing in at the counter: a user name and a password, asked before the staff window opens. A wrong password
is asked again, saying so in the window's language; no window opens until the hub has let the user in."""

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout

from netbar.domain.errors import ErrorCode
from netbar.gui.i18n import Translations
from netbar.gui.touch import TouchButton, label


class SignInDialog(QDialog):
    """Signals:
    signInRequested(str, str): a user name and a password to try.
    quitRequested(): the dialog was closed without signing in.
    """

    signInRequested = Signal(str, str)
    quitRequested = Signal()

    def __init__(self, translations: Translations, hub_url: str, user: str = "") -> None:
        super().__init__()
        self._translations = translations
        self._hub_url = hub_url
        self.user = QLineEdit(user)
        self.user.setMaxLength(64)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(200)
        self.problem = label("failure", wrap=True)
        self.problem.hide()
        self.hub = label("hint", wrap=True)
        self.sign_in_button = TouchButton(role="primary")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self._submit)
        self.language_button = TouchButton()
        self.language_button.clicked.connect(translations.toggle)
        self._form = QFormLayout()
        self._user_label, self._password_label = label("fieldName"), label("fieldName")
        self._form.addRow(self._user_label, self.user)
        self._form.addRow(self._password_label, self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.language_button)
        buttons.addWidget(self.sign_in_button, 2)
        layout = QVBoxLayout(self)
        self._title = label("pageTitle")
        layout.addWidget(self._title)
        layout.addLayout(self._form)
        layout.addWidget(self.problem)
        layout.addWidget(self.hub)
        layout.addLayout(buttons)
        self.user.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self._submit)
        self.setMinimumWidth(480)
        self.retranslate()
        (self.password if user else self.user).setFocus()

    def trying(self) -> None:
        """While the hub is asked: nothing to press twice."""
        self.sign_in_button.setEnabled(False)
        self.sign_in_button.setText(self.tr("Signing in…"))

    def refused(self, code: ErrorCode | None, message: str) -> None:
        """The hub said no, or could not be reached: say why in the window's language, and ask again."""
        self.sign_in_button.setEnabled(True)
        self.sign_in_button.setText(self.tr("Sign in"))
        self.problem.setText(self._why(code, message))
        self.problem.show()
        self.password.clear()
        self.password.setFocus()

    def _why(self, code: ErrorCode | None, message: str) -> str:
        if code is ErrorCode.FORBIDDEN and "disabled" in message:  # the hub says so only to the right password
            return self.tr("This user is disabled. Ask a manager.")
        if code is ErrorCode.FORBIDDEN:
            return self.tr("Wrong user name or password. Please try again.")
        if code is ErrorCode.TOO_MANY:
            return self.tr("Too many wrong tries. Wait a while, then try again. (%1)").replace("%1", message)
        if code is ErrorCode.BUSY:
            return self.tr("The hub is busy. Try again in a moment.")
        return (
            self.tr("Cannot reach the hub at %1 (%2). Is it running?")
            .replace("%1", self._hub_url)
            .replace("%2", message)
        )

    def _submit(self) -> None:
        user, password = self.user.text().strip(), self.password.text()
        if not user:
            self.user.setFocus()
            return
        if not password:
            self.password.setFocus()
            return
        self.problem.hide()
        self.trying()
        self.signInRequested.emit(user, password)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Netbar staff — sign in"))
        self._title.setText(self.tr("Sign in at the counter"))
        self._user_label.setText(self.tr("User"))
        self._password_label.setText(self.tr("Password"))
        self.hub.setText(self.tr("Hub: %1").replace("%1", self._hub_url))
        if self.sign_in_button.isEnabled():
            self.sign_in_button.setText(self.tr("Sign in"))
        self.language_button.setText("English" if self._translations.language == "zh" else "中文")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reject(self) -> None:  # Escape
        self.quitRequested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.quitRequested.emit()
