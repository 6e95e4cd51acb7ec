"""Chinese and English, switchable at a tap: Qt's translator for the interface, the menu's own names for items."""

from importlib import resources
from typing import Protocol

from PySide6.QtCore import QLibraryInfo, QObject, QTranslator
from PySide6.QtWidgets import QApplication

from netbar.gui.language import Language


class Named(Protocol):
    """Anything the menu names in both languages: an item, an ordered line, an option, a section's holder."""

    @property
    def name_zh(self) -> str: ...

    @property
    def name_en(self) -> str: ...


class Translations(QObject):
    """The interface language. Source strings are English; Chinese comes from resources/netbar_zh_CN.qm, and Qt's
    own words (a text field's context menu, a dialog's standard buttons) from Qt's qtbase_zh_CN.qm.

    Installing the translator sends every window a LanguageChange event; each window then retranslates its pages.
    """

    def __init__(self, app: QApplication, language: Language = Language.ZH) -> None:
        super().__init__(app)
        self._app = app
        self._translator = QTranslator(self)
        self._qt_translator = QTranslator(self)
        self.language = Language.EN
        self.start_language = language
        self.set_language(language)

    def set_language(self, language: Language) -> None:
        self._app.removeTranslator(self._translator)
        self._app.removeTranslator(self._qt_translator)
        if language is Language.ZH:
            data = resources.files("netbar.resources").joinpath("netbar_zh_CN.qm").read_bytes()
            self._data = data  # QTranslator reads from this buffer for as long as it is installed
            if not self._translator.load(self._data):
                raise RuntimeError("resources/netbar_zh_CN.qm is not a translation file")
            # Qt's own: shipped with PySide6; a build without it only leaves Qt's few words in English.
            if self._qt_translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                self._app.installTranslator(self._qt_translator)
            self._app.installTranslator(self._translator)
        self.language = language

    def toggle(self) -> None:
        self.set_language(self.language.other)

    def reset(self) -> None:
        """Back to the language the window started in, for the next customer."""
        if self.language is not self.start_language:
            self.set_language(self.start_language)

    def name(self, thing: Named) -> str:
        """A menu item's, an ordered line's or an option's name in the current language."""
        return thing.name_zh if self.language is Language.ZH else thing.name_en
