"""The two languages the windows speak (no Qt here, so the command line can name them without loading Qt)."""

from enum import StrEnum


class Language(StrEnum):
    ZH = "zh"
    EN = "en"

    @property
    def other(self) -> "Language":
        return Language.EN if self is Language.ZH else Language.ZH
