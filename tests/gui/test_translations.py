"""Every user-visible string goes through tr(), and ships in Chinese; English is the source."""

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from netbar.domain.requests import RequestKind
from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.gui.texts import kind_name
from tests.support.processes import ROOT

TS = ROOT / "resources" / "netbar_zh_CN.ts"
QM = ROOT / "resources" / "netbar_zh_CN.qm"
TOOLS = Path(sys.executable).parent
SOURCES = sorted(str(path) for folder in ("gui", "kiosk", "staff") for path in (ROOT / "app" / folder).glob("*.py"))


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    tree = ET.parse(ts)
    return {
        (context.findtext("name") or "", message.findtext("source") or ""): message
        for context in tree.iter("context")
        for message in context.iter("message")
    }


def test_every_string_in_the_code_has_a_chinese_translation(tmp_path: Path) -> None:
    scanned = tmp_path / "scan.ts"
    shutil.copy(TS, scanned)
    subprocess.run(
        [TOOLS / "pyside6-lupdate", *SOURCES, "-ts", scanned, "-no-obsolete", "-locations", "none"],
        check=True,
        capture_output=True,
    )
    in_code, shipped = messages(scanned), messages(TS)
    assert set(in_code) == set(shipped), "run pyside6-lupdate and translate what is new"
    unfinished = [
        key
        for key, message in shipped.items()
        if (message.find("translation") is None or message.find("translation").get("type"))
    ]  # type: ignore[union-attr]
    assert unfinished == []


def test_the_shipped_qm_is_built_from_the_ts(tmp_path: Path) -> None:
    built = tmp_path / "built.qm"
    subprocess.run([TOOLS / "pyside6-lrelease", TS, "-qm", built], check=True, capture_output=True)
    assert built.read_bytes() == QM.read_bytes(), "run pyside6-lrelease resources/netbar_zh_CN.ts"


@pytest.mark.usefixtures("qapp")
def test_switching_language_switches_the_words() -> None:
    translations = Translations(QApplication.instance(), Language.ZH)  # type: ignore[arg-type]
    try:
        assert kind_name(RequestKind.CALL) == "呼叫网管"
        translations.toggle()
        assert kind_name(RequestKind.CALL) == "Call staff"
        assert translations.language is Language.EN
    finally:
        translations.set_language(Language.EN)


def _unfinished(message: ET.Element) -> bool:
    translation = message.find("translation")
    return translation is None or translation.get("type") is not None


@pytest.mark.usefixtures("qapp")
def test_qts_own_words_come_in_chinese_too() -> None:
    translations = Translations(QApplication.instance(), Language.ZH)  # type: ignore[arg-type]
    try:
        # What a text field's context menu says: Qt's qtbase_zh_CN, not ours.
        assert QCoreApplication.translate("QWidgetTextControl", "&Copy") != "&Copy"
        assert QCoreApplication.translate("QLineEdit", "Select All") == "全选"
    finally:
        translations.set_language(Language.EN)
    assert QCoreApplication.translate("QLineEdit", "Select All") == "Select All"
