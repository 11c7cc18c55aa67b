"""The Qt binding the kiosk runs on survives a day of repaints.

PySide6 6.12.0 on CPython 3.11 drops one reference to None on every call of a method that
returns nothing; after a few thousand calls the interpreter aborts (``none_dealloc``). A
24-hour kiosk makes that many calls in its first minutes, so pyproject pins below it; this
test keeps the pin honest if the binding is ever upgraded."""
import subprocess
import sys

CALLS = 50_000  # ten times what killed 6.12.0


def test_many_void_qt_calls_do_not_abort_the_interpreter():
    code = ("from PySide6.QtWidgets import QApplication, QWidget\n"
            "app = QApplication([])\n"
            "w = QWidget()\n"
            f"for _ in range({CALLS}):\n"
            "    w.setObjectName('x')\n"
            "print('ok')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-500:]
