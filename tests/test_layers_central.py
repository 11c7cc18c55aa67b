"""Layers between the kiosk and the reference central server (issue 9).

The server (``kiosk/central``) is a separate application: nothing of the kiosk side imports
it, and it imports nothing of the kiosk side but the protocol schema module and the generic
helpers listed in ``SHARED``. Checked on the source with ``ast`` (imports inside functions
count too), so a lazy import cannot slip through.
"""
from __future__ import annotations

import ast
import json
from pathlib import Path

from kiosk.central.catalogue import load_catalogue
from kiosk.sync.catalogue import DEMO_CATALOGUE, categories_from_document

KIOSK = Path(__file__).resolve().parents[1] / "kiosk"
CENTRAL = KIOSK / "central"
#: what both sides may import: the protocol schema, and key files (a generic helper: create a
#: secret once, 0600, fsynced; the outbox key and the server's signing key)
SHARED = ("kiosk.protocol", "kiosk.keyfiles")


def module_name(path: Path) -> str:
    rel = path.relative_to(KIOSK.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, absolute (``from . import x`` resolved)."""
    return imports_in(path.read_text(encoding="utf-8"), module_name(path),
                      path.name == "__init__.py")


def imports_in(source: str, module: str, is_package: bool = False) -> set[str]:
    here = module.split(".")
    package = here if is_package else here[:-1]
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names)  # `from kiosk import central`
    return out


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def sources(root: Path):
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def test_nothing_on_the_kiosk_side_imports_the_central_server():
    offenders = {}
    for path in sources(KIOSK):
        if within(module_name(path), "kiosk.central"):
            continue
        bad = sorted(n for n in imports(path) if within(n, "kiosk.central"))
        if bad:
            offenders[str(path.relative_to(KIOSK.parent))] = bad
    assert offenders == {}


def test_the_central_server_imports_only_the_protocol_and_shared_helpers():
    offenders = {}
    for path in sources(CENTRAL):
        bad = sorted(n for n in imports(path)
                     if (within(n, "kiosk") or within(n, "drivers")) and n != "kiosk"
                     and not within(n, "kiosk.central")
                     and not any(within(n, s) for s in SHARED))
        if bad:
            offenders[str(path.relative_to(KIOSK.parent))] = bad
    assert offenders == {}


def test_the_shared_modules_import_neither_side():
    for name in SHARED:
        path = KIOSK.parent / (name.replace(".", "/") + ".py")
        assert not {n for n in imports(path) if within(n, "kiosk") or within(n, "drivers")}, name


def test_the_checker_sees_lazy_and_relative_imports():
    source = "def f():\n    from ..central import api\n    import kiosk.central.cli\n"
    found = imports_in(source, "kiosk.sync.probe")
    assert "kiosk.central.api" in found and "kiosk.central.cli" in found
    assert "kiosk.central" in imports_in("from kiosk import central\n", "kiosk.ui.x")


def test_the_kiosks_demo_catalogue_is_what_the_reference_server_serves():
    """The kiosk ships a copy (its demo seed); regenerate it with `kiosk-central catalogue`."""
    shipped = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))
    assert shipped == load_catalogue().document


def test_every_category_reaches_the_kiosk_with_its_prefix():
    served = {c["code"]: c["prefix"] for c in load_catalogue().document["categories"]}
    seen = {c.code: c.prefix for c in categories_from_document(load_catalogue().document)}
    assert seen == served and all(seen.values())
