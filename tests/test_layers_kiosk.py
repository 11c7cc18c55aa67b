"""Layering inside the application: journeys are plug-ins, flows are Qt-free, test doubles
stay out of the running kiosk.

- no production module imports the demo doubles (``kiosk.demo``): only the screenshot tool
  (a developer's command) and tests do;
- the shell (flows, window, shell screens, bridge, app) names no journey: journeys are found
  through the registry only;
- flows and journey steps import no Qt (tests drive them without a display).
"""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIOSK = ROOT / "kiosk"

#: the developer's screenshot tool may stage demo scenes; nothing a citizen runs may
DEMO_USERS = {"kiosk/ui/scenes.py", "kiosk/ui/screenshots.py", "kiosk/commands/ui.py"}
SHELL = ["kiosk/flows", "kiosk/ui/window.py", "kiosk/ui/shell_screens.py",
         "kiosk/ui/screen_base.py", "kiosk/ui/bridge.py", "kiosk/ui/app.py", "kiosk/ui/steps.py",
         "kiosk/journeys/base.py", "kiosk/journeys/steps"]


def imports(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.lineno, node.module))
    return out


def modules(*parts: str) -> list[Path]:
    found = []
    for part in parts:
        p = ROOT / part
        found += sorted(p.rglob("*.py")) if p.is_dir() else [p]
    return found


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_no_production_module_imports_the_demo_doubles():
    offenders = [f"{rel(p)}:{line} {m}" for p in modules("kiosk")
                 if not rel(p).startswith("kiosk/demo/") and rel(p) not in DEMO_USERS
                 for line, m in imports(p) if m == "kiosk.demo" or m.startswith("kiosk.demo.")]
    assert offenders == []


def test_the_shell_names_no_journey():
    offenders = [f"{rel(p)}:{line} {m}" for p in modules(*SHELL) for line, m in imports(p)
                 if m.startswith("kiosk.journeys.")
                 and m not in ("kiosk.journeys.base",)
                 and not m.startswith("kiosk.journeys.steps")]
    assert offenders == []
    # nor by string: no journey name in the shell's code
    names = {"ticket", "reissue", "guide"}
    for p in modules("kiosk/flows", "kiosk/ui/window.py", "kiosk/ui/shell_screens.py"):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in names:
                raise AssertionError(f"{rel(p)}:{node.lineno} names journey {node.value!r}")


def test_flows_and_journey_steps_are_qt_free():
    qt_free = modules("kiosk/flows", "kiosk/journeys/base.py", "kiosk/journeys/steps",
                      *[rel(p) for p in KIOSK.glob("journeys/*/flow.py")],
                      *[rel(p) for p in KIOSK.glob("journeys/*/__init__.py")])
    assert len(qt_free) > 10
    offenders = [f"{rel(p)}:{line} {m}" for p in qt_free for line, m in imports(p)
                 if m.startswith("PySide6") or m.startswith("kiosk.ui")]
    assert offenders == []


def test_every_builtin_journey_is_a_package_with_its_spec_and_screens():
    from kiosk.journeys import BUILTIN, spec_of

    for module in BUILTIN:
        spec = spec_of(module)
        package = ROOT / Path(*module.split("."))
        assert (package / "__init__.py").is_file() and spec.flow.startswith(module)
        assert spec.screens.startswith(module)
        spec.journey_class()  # importable, a Journey
