"""``python -m kiosk.voice build|list|say`` — the set-up's pre-rendering, and a technician's
check that the kiosk can speak.

    python -m kiosk.voice build [--config FILE]      # every fixed prompt, zh_CN and en
    python -m kiosk.voice list [--config FILE]       # the registered prompts, rendered or not
    python -m kiosk.voice say WORDS|KEY [--lang en] [--wav FILE]   # speak (or write a WAV)

Exit codes: 0 done; 1 some prompts could not be rendered; 2 bad usage or configuration;
3 no speech engine.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import sys
from pathlib import Path

from kiosk.voice import LANGUAGES, PROMPTS, EspeakEngine, VoiceError, make_voice, voice_dir
from kiosk.voice.cache import PromptCache

log = logging.getLogger("kiosk.voice")

#: shell modules that may register prompts (journeys' modules are found through the registry)
SHELL_MODULES = ("kiosk.flows.flow", "kiosk.ui.shell_screens", "kiosk.ui.window")


def load_prompt_modules() -> list[str]:
    """Import every module that registers prompts: the shell's, and each journey's package,
    steps and screens. Returns one line per module that would not import."""
    from kiosk.journeys import load_journeys

    problems = []
    names = list(SHELL_MODULES)
    try:
        for spec in load_journeys():
            names += [spec.flow.partition(":")[0], spec.screens]
    except Exception as exc:  # noqa: BLE001 - one broken plug-in: the others still speak
        problems.append(f"journeys: {exc}")
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001
            problems.append(f"{name}: {exc}")
    return problems


def _data_dir(args) -> Path:
    from kiosk.config import load_settings

    return load_settings(args.config).data_dir


def cmd_build(args) -> int:
    engine = EspeakEngine()
    if not engine.available:
        print("kiosk.voice: espeak-ng is not installed: no prompts rendered", file=sys.stderr)
        return 3
    for problem in load_prompt_modules():
        print(f"kiosk.voice: {problem}", file=sys.stderr)
    cache = PromptCache(voice_dir(_data_dir(args)), engine)
    from kiosk.voice.words import Catalogue

    catalogue = Catalogue()
    made = kept = 0
    failed = []
    for prompt in PROMPTS.fixed():
        for lang in args.lang or LANGUAGES:
            text = catalogue.translate(prompt.text, lang)
            if text is None:
                failed.append(f"{prompt.key} ({lang}): no finished translation")
                continue
            try:
                _, rendered = cache.get(text, lang, fixed=True)
            except VoiceError as exc:
                failed.append(f"{prompt.key} ({lang}): {exc}")
                continue
            made += rendered
            kept += not rendered
    for line in failed:
        print(f"kiosk.voice: {line}", file=sys.stderr)
    print(f"voice prompts: {len(PROMPTS.fixed())} fixed × {len(args.lang or LANGUAGES)} "
          f"languages: {made} rendered, {kept} already there, {len(failed)} missing "
          f"({cache.root}, {engine.ident})")
    return 1 if failed else 0


def cmd_list(args) -> int:
    load_prompt_modules()
    cache = PromptCache(voice_dir(_data_dir(args)))
    from kiosk.voice.words import Catalogue

    catalogue = Catalogue()
    for prompt in sorted(PROMPTS, key=lambda p: p.key):
        marks = []
        for lang in LANGUAGES:
            text = catalogue.translate(prompt.text, lang)
            if not prompt.fixed:
                marks.append(f"{lang}:dynamic")
            elif text is None:
                marks.append(f"{lang}:untranslated")
            else:
                ok = cache.engine.available and cache.path(text, lang, fixed=True).is_file()
                marks.append(f"{lang}:{'rendered' if ok else 'not rendered'}")
        print(f"{prompt.key:<32} {' '.join(marks):<44} {prompt.text}")
    return 0


def cmd_say(args) -> int:
    if args.wav:
        engine = EspeakEngine()
        try:
            engine.synthesise(args.words, args.lang, Path(args.wav))
        except VoiceError as exc:
            print(f"kiosk.voice: {exc}", file=sys.stderr)
            return 3
        return 0
    load_prompt_modules()
    voice = make_voice(_data_dir(args), enabled=True)
    voice.say(args.words, args.lang)
    voice.wait_idle(timeout=60)
    voice.close()
    u = voice.history[-1] if voice.history else None
    if u is None or u.error:
        print(f"kiosk.voice: {u.error if u else 'nothing said'}", file=sys.stderr)
        return 3
    how = "not heard: no audio device" if u.silent else f"first sample {u.first_sample_ms:.0f} ms"
    print(f"said {u.text!r} ({u.spoken_lang}, {'rendered' if u.rendered else 'cached'}, "
          f"{how}): {u.path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.voice",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--config", metavar="FILE", help="kiosk settings (for data_dir)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="render every fixed prompt (set-up)")
    p.add_argument("--lang", action="append", choices=LANGUAGES)
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("list", help="the registered prompts")
    p.set_defaults(func=cmd_list)
    p = sub.add_parser("say", help="speak words or a prompt key")
    p.add_argument("words")
    p.add_argument("--lang", default="zh_CN", choices=LANGUAGES)
    p.add_argument("--wav", metavar="FILE", help="write the WAV instead of playing it")
    p.set_defaults(func=cmd_say)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    from drivers.core.errors import ConfigError

    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:
        print(f"kiosk.voice: configuration error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
