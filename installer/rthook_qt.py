"""Runtime hook of the bundle: where Qt finds its plugins, without loading Qt.

It stands in for PyInstaller's PySide6 hook, which imports PySide6.QtCore at start-up (to embed a qt.conf) and so
loads Qt and ICU for every command, `netbar --help` included. Setting the plugin path is all the
bundle needs: netbar uses no Qt translations, QML or other prefix-relative paths.
"""

import os
import sys

_QT = os.path.join(sys._MEIPASS, "PySide6") if sys.platform == "win32" else os.path.join(sys._MEIPASS, "PySide6", "Qt")  # type: ignore[attr-defined]
os.environ["QT_PLUGIN_PATH"] = os.path.join(_QT, "plugins")
