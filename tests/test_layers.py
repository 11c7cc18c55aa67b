"""Layering: the device layer (``drivers``) imports nothing from the application (``kiosk``),
at any level — module top, function-local imports, importlib calls."""
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRIVERS = ROOT / "drivers"
APP = "kiosk"


def _is_app(module: str | None) -> bool:
    return module is not None and (module == APP or module.startswith(APP + "."))


def app_imports(source: str, filename: str = "<source>") -> list[str]:
    """``file:line module`` for every import of the app anywhere in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        elif isinstance(node, ast.Call) and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in ("import_module", "__import__"):
                names = [node.args[0].value]
        found += [f"{filename}:{node.lineno} {name}" for name in names if _is_app(name)]
    return found


def test_the_checker_sees_imports_at_every_level():
    source = (
        "import os\n"
        "import kiosk.config as cfg\n"
        "from kiosk import privacy\n"
        "def late():\n"
        "    from kiosk.privacy import mask_id\n"
        "    import importlib\n"
        "    importlib.import_module('kiosk.config')\n"
        "    __import__('kiosk')\n"
        "from kiosks import other\n"  # another package that merely starts the same
    )
    assert [f.split(" ", 1)[1] for f in app_imports(source)] == [
        "kiosk.config", "kiosk", "kiosk.privacy", "kiosk.config", "kiosk"]


def test_drivers_import_nothing_from_the_app():
    modules = sorted(DRIVERS.rglob("*.py"))
    assert DRIVERS / "idcard" / "card.py" in modules and len(modules) > 20
    offenders = []
    for path in modules:
        offenders += app_imports(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert offenders == []


def test_loading_the_device_layer_loads_no_app_module():
    code = (
        "import sys\n"
        "import drivers.manager, drivers.idcard, drivers.idcard.simulator, drivers.printer\n"
        "import drivers.printer.device, drivers.printer.simulator\n"
        "print(sorted(m for m in sys.modules if m == 'kiosk' or m.startswith('kiosk.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "[]"
