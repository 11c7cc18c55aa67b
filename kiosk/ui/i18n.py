"""Languages through Qt's translation system.

Source strings are Simplified Chinese (the kiosk's default language), so a kiosk whose
``.qm`` files are missing still runs — in Chinese — and says so in the log. English lives in
``assets/i18n/kiosk_en.ts`` (Qt Linguist XML) and is compiled to ``.qm`` by the set-up:

    python -m kiosk.ui.i18n build     # .ts → .qm with pyside6-lrelease
    python -m kiosk.ui.i18n update    # add new tr() strings of kiosk/ui to the .ts files
    python -m kiosk.ui.i18n check     # exit 1 if a string has no finished translation

In code: ``tr("取号")`` translates now; ``N_("取号")`` marks a string for extraction where it
is defined and is translated later with ``tr(value)``. Placeholders use ``{name}``.
"""
from __future__ import annotations

import argparse
import ast
import logging
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

log = logging.getLogger(__name__)

CONTEXT = "kiosk"
ROOT = Path(__file__).resolve().parents[2]
I18N_DIR = ROOT / "assets" / "i18n"
SOURCE_DIR = Path(__file__).resolve().parent
JOURNEYS_DIR = SOURCE_DIR.parent / "journeys"
#: where tr()/N_() strings are collected from: the UI and the journeys (their tiles, words)
SOURCE_DIRS = (SOURCE_DIR, JOURNEYS_DIR, SOURCE_DIR.parent / "flows")
#: language code → suffix of its files; Chinese is the source language and needs no file
LANGUAGES = {"en": ("en", "en_US")}
#: the shell's catalogue; each journey package has its own (``<journey>_en.ts``), so a
#: journey brings its words along and two people adding journeys never edit one file
SHELL_CATALOGUE = "kiosk"
#: shared steps with screens that bring their own catalogue (``<name>_en.ts``), like a
#: journey does: name → their modules, relative to kiosk/
STEP_CATALOGUES: dict[str, tuple[str, ...]] = {
    "materials": ("journeys/steps/materials.py", "journeys/steps/docscan.py",
                  "journeys/steps/usbimport.py", "ui/docscan_screens.py", "ui/usb_screens.py"),
}


def tr(source: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(CONTEXT, source)


from kiosk.flows.words import N_  # noqa: E402,F401 - one mark for the whole application


# ---------------------------------------------------------------------------- runtime
class Translations:
    """Installs the translator for the chosen language; switching is instant."""

    def __init__(self, app, directory: Path = I18N_DIR) -> None:
        self.app = app
        self.directory = directory
        self._translators: dict[str, list] = {}
        self._installed: list = []
        self.lang = "zh_CN"
        self.missing: list[str] = []
        for lang, (suffix, _) in LANGUAGES.items():
            self._load(lang, suffix)

    def _load(self, lang: str, suffix: str) -> None:
        from PySide6.QtCore import QTranslator

        shell = self.directory / f"{SHELL_CATALOGUE}_{suffix}.qm"
        if not (shell.is_file() and QTranslator().load(str(shell))):
            self.missing.append(lang)
            log.warning("no translations for %s (%s missing or unreadable; run `python -m "
                        "kiosk.ui.i18n build`): the kiosk stays in Chinese", lang, shell)
            return
        loaded = []
        for path in sorted(self.directory.glob(f"*_{suffix}.qm")):
            translator = QTranslator(self.app)
            if translator.load(str(path)):
                loaded.append(translator)
            else:
                log.warning("unreadable translations %s: its words stay in Chinese", path)
        self._translators[lang] = loaded

    def available(self, lang: str) -> bool:
        return lang == "zh_CN" or lang in self._translators

    def set_language(self, lang: str) -> bool:
        """Switch; False (and Chinese) when that language has no translations."""
        if lang == self.lang:
            return True
        for translator in self._installed:
            self.app.removeTranslator(translator)
        self._installed = []
        translators = self._translators.get(lang)
        if translators:
            for translator in translators:
                self.app.installTranslator(translator)
            self._installed = list(translators)
            self.lang = lang
            return True
        self.lang = "zh_CN"
        return lang == "zh_CN"


# ---------------------------------------------------------------------------- extraction
def extract(directories: tuple[Path, ...] = SOURCE_DIRS) -> dict[str, list[str]]:
    """Every literal passed to tr()/N_() under ``directories``: source → ["file:line", …]."""
    return _extract_files(tuple(sorted(p for d in directories for p in d.rglob("*.py"))))


def extract_file(path: Path) -> dict[str, list[str]]:
    """Every literal passed to tr()/N_() in one file: source → ["file:line", …]."""
    found: dict[str, list[str]] = {}
    rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else (
            node.func.attr if isinstance(node.func, ast.Attribute) else "")
        arg = node.args[0]
        if name in ("tr", "N_") and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found.setdefault(arg.value, []).append(f"{rel}:{node.lineno}")
    return found


def read_ts(path: Path) -> dict[str, tuple[str, bool]]:
    """source → (translation, finished) for the kiosk context of a .ts file."""
    out: dict[str, tuple[str, bool]] = {}
    if not path.is_file():
        return out
    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            t = message.find("translation")
            text = (t.text or "") if t is not None else ""
            finished = t is not None and t.get("type") not in ("unfinished", "vanished",
                                                               "obsolete") and bool(text)
            out[source] = (text, finished)
    return out


def write_ts(path: Path, language: str, messages: dict[str, tuple[str, bool]],
             locations: dict[str, list[str]] | None = None) -> None:
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage="zh_CN")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for source, (text, finished) in messages.items():
        message = ET.SubElement(context, "message")
        for loc in (locations or {}).get(source, [])[:1]:
            file, _, line = loc.rpartition(":")
            ET.SubElement(message, "location", filename=file, line=line)
        ET.SubElement(message, "source").text = source
        t = ET.SubElement(message, "translation")
        t.text = text
        if not finished:
            t.set("type", "unfinished")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                    encoding="utf-8")


def catalogues() -> dict[str, tuple[Path, ...]]:
    """Catalogue name → the source files whose strings it holds: one per journey package
    (``kiosk/journeys/<name>/``), and the shell's for everything else."""
    journeys = sorted(p.parent for p in JOURNEYS_DIR.glob("*/__init__.py")
                      if p.parent.name != "steps")
    steps = {name: tuple(sorted(SOURCE_DIR.parent / f for f in files))
             for name, files in STEP_CATALOGUES.items()}
    owned = {f for d in journeys for f in d.rglob("*.py")} | \
        {f for files in steps.values() for f in files}
    shell = tuple(sorted(f for d in SOURCE_DIRS for f in d.rglob("*.py") if f not in owned))
    out = {SHELL_CATALOGUE: shell}
    for d in journeys:
        out[d.name] = tuple(sorted(d.rglob("*.py")))
    out.update(steps)
    return out


def catalogue_strings() -> dict[str, dict[str, list[str]]]:
    """Catalogue name → its strings. A journey's catalogue leaves out what the shell's already
    has ("返回首页", "完成" …): common words are translated once, in one place."""
    files = catalogues()
    shell = _extract_files(files[SHELL_CATALOGUE])
    out = {SHELL_CATALOGUE: shell}
    for name, paths in files.items():
        if name != SHELL_CATALOGUE:
            out[name] = {s: w for s, w in _extract_files(paths).items() if s not in shell}
    return out


def _extract_files(files: tuple[Path, ...]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in files:
        for source, where in extract_file(path).items():
            found.setdefault(source, []).extend(where)
    return found


def update(directory: Path = I18N_DIR) -> dict[str, int]:
    """Merge the strings in the code into every catalogue's .ts: new ones unfinished, gone
    ones dropped; a string that moved between catalogues keeps its translation."""
    directory.mkdir(parents=True, exist_ok=True)
    counts = {}
    for lang, (suffix, language) in LANGUAGES.items():
        known: dict[str, tuple[str, bool]] = {}
        for ts in sorted(directory.glob(f"*_{suffix}.ts")):
            for src, (text, ok) in read_ts(ts).items():
                if ok or src not in known:
                    known[src] = (text, ok)
        missing = 0
        for name, found in catalogue_strings().items():
            path = directory / f"{name}_{suffix}.ts"
            if not found:
                path.unlink(missing_ok=True)
                continue
            merged = {src: known.get(src, ("", False)) for src in found}
            write_ts(path, language, merged, found)
            missing += sum(1 for _, ok in merged.values() if not ok)
        counts[lang] = missing
    return counts


def problems(directory: Path = I18N_DIR) -> list[str]:
    """Strings in the code without a finished translation, or with mismatched {placeholders}."""
    import string

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    out = []
    for lang, (suffix, _) in LANGUAGES.items():
        for name, strings in catalogue_strings().items():
            messages = read_ts(directory / f"{name}_{suffix}.ts")
            for source, where in strings.items():
                text, finished = messages.get(source, ("", False))
                if not finished:
                    out.append(f"{lang}: untranslated {source!r} ({where[0]})")
                elif fields(text) != fields(source):
                    out.append(f"{lang}: placeholders differ in {source!r} → {text!r}")
    return out


def lrelease_path() -> str | None:
    candidates = [Path(sys.executable).with_name("pyside6-lrelease")]
    which = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if which:
        candidates.append(Path(which))
    import PySide6  # a dependency: its wheel ships lrelease

    candidates.append(Path(PySide6.__file__).with_name("lrelease"))
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return str(c)
    return None


def build(directory: Path = I18N_DIR) -> list[Path]:
    """Compile every .ts in ``directory`` to .qm; returns the .qm files written."""
    tool = lrelease_path()
    if tool is None:
        raise RuntimeError("pyside6-lrelease not found (is PySide6-Essentials installed?)")
    written = []
    for ts in sorted(directory.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        # written beside it, then renamed over it: a running kiosk has the old file mapped
        # into memory (QTranslator), and rewriting that file in place kills it (SIGBUS)
        part = qm.with_name(f".{qm.name}.{os.getpid()}.part")
        result = subprocess.run([tool, "-silent", str(ts), "-qm", str(part)],
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0 or not part.is_file():
            part.unlink(missing_ok=True)
            raise RuntimeError(f"{ts}: lrelease failed: {result.stderr.strip() or result.stdout}")
        os.replace(part, qm)
        written.append(qm)
    return written


def ensure_built(directory: Path = I18N_DIR) -> None:
    """Build .qm files that are missing or older than their .ts (tests, screenshots)."""
    for ts in directory.glob("*.ts"):
        qm = ts.with_suffix(".qm")
        if not qm.is_file() or qm.stat().st_mtime < ts.stat().st_mtime:
            build(directory)
            return


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m kiosk.ui.i18n", description=__doc__.split("\n")[0])
    p.add_argument("command", choices=["build", "update", "check"])
    args = p.parse_args(argv)
    if args.command == "build":
        try:
            for qm in build():
                print(f"wrote {qm}")
        except RuntimeError as exc:
            print(f"i18n: {exc}", file=sys.stderr)
            return 3
        return 0
    if args.command == "update":
        for lang, n in update().items():
            print(f"{lang}: {n} string(s) need a translation")
        return 0
    found = problems()
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
