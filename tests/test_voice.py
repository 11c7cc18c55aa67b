"""语音播报: prompts, eSpeak NG renderings cached by language and text, and playback that
never blocks the caller — checked on the WAV files and on the bytes an audio process is
handed (this machine has no sound card; the "speaker" here is a process recording its stdin).
"""
from __future__ import annotations

import ast
import logging
import subprocess
import sys
import threading
import wave
from pathlib import Path

import pytest

from kiosk.voice import (
    PROMPTS,
    EspeakEngine,
    NullSpeaker,
    PromptCache,
    PromptRegistry,
    Speaker,
    Voice,
    spoken_form,
)
from kiosk.voice.words import Catalogue
from tests.waiting import wait_for

ROOT = Path(__file__).resolve().parent.parent
needs_espeak = pytest.mark.skipif(not EspeakEngine().available,
                                  reason="needs espeak-ng (Debian package; setup.sh installs it)")

#: an audio process stand-in: appends what it reads on stdin to <dir>/<pid>.pcm (and its
#: arguments to <pid>.argv), pausing ``delay`` s per 4 KB read like a device playing it
SINK = r"""
import os, sys, time
out, delay = sys.argv[1], float(sys.argv[2])
with open(os.path.join(out, f"{os.getpid()}.argv"), "w") as f:
    f.write(" ".join(sys.argv[3:]))
with open(os.path.join(out, f"{os.getpid()}.pcm"), "wb") as f:
    while chunk := sys.stdin.buffer.read1(4096):
        f.write(chunk)
        f.flush()
        time.sleep(delay)
"""


def sink(directory: Path, delay: float = 0.0) -> list[str]:
    directory.mkdir(exist_ok=True)
    return [sys.executable, "-c", SINK, str(directory), str(delay), "rate={rate}",
            "channels={channels}"]


def frames(path: Path) -> bytes:
    with wave.open(str(path)) as w:
        return w.readframes(w.getnframes())


@pytest.fixture
def catalogue(tmp_path):
    from kiosk.ui.i18n import write_ts

    directory = tmp_path / "i18n"
    directory.mkdir()
    write_ts(directory / "test_en.ts", "en_US", {
        "请取走您的号票": ("Please take your ticket", True),
        "请{number}号到{window}号窗口": ("Number {number}, please go to window {window}", True),
        "请稍候": ("Please wait", False),  # unfinished: not spoken
    })
    return Catalogue(directory)


@pytest.fixture
def prompts():
    registry = PromptRegistry()
    registry.register("ticket.done", "请取走您的号票")
    registry.register("ticket.called", "请{number}号到{window}号窗口")
    registry.register("ticket.working", "请稍候")
    return registry


@pytest.fixture
def voice_factory(tmp_path, prompts, catalogue):
    made = []

    def make(**kw):
        kw.setdefault("prompts", prompts)
        kw.setdefault("catalogue", catalogue)
        kw.setdefault("enabled", True)
        v = Voice(tmp_path / "voice", **kw)
        made.append(v)
        return v

    yield make
    for v in made:
        v.close()


# ---------------------------------------------------------------------------- pure parts
def test_codes_are_read_one_character_at_a_time():
    assert spoken_form("请C023号到3号窗口") == "请C 0 2 3号到3号窗口"
    assert spoken_form("Number K01-C023, window 12") == "Number K 0 1 , C 0 2 3, window 12"
    assert spoken_form("前面还有12人") == "前面还有12人"  # plain numbers stay numbers


def test_prompt_registry():
    r = PromptRegistry()
    p = r.register("ticket.done", "请取走您的号票")
    assert p.fixed and r.get("ticket.done") is p and "ticket.done" in r
    r.register("ticket.done", "请取走您的号票")  # the module imported again: fine
    with pytest.raises(ValueError, match="already registered"):
        r.register("ticket.done", "请取走您的身份证")
    called = r.register("ticket.called", "请{number}号到{window}号窗口")
    assert called.fields == ("number", "window") and not called.fixed
    assert [q.key for q in r.fixed()] == ["ticket.done"]
    with pytest.raises(ValueError):
        r.register("", "字")


def test_catalogue_gives_finished_translations_only(catalogue):
    assert catalogue.translate("请取走您的号票", "en") == "Please take your ticket"
    assert catalogue.translate("请取走您的号票", "zh_CN") == "请取走您的号票"
    assert catalogue.translate("请稍候", "en") is None  # unfinished
    assert catalogue.translate("没有这句", "en") is None


def test_elder_mode_switches_voice_on_and_the_button_decides_until_the_mode_changes(tmp_path):
    v = Voice(tmp_path / "voice", output=None)
    assert not v.enabled  # normal mode: silent by default
    v.set_elder(True)
    assert v.enabled
    v.set_enabled(False)  # the speaker button
    v.set_elder(True)  # every render tells the mode: no change, the button's choice holds
    assert not v.enabled
    v.set_elder(False)
    v.set_enabled(True)
    v.reset()  # the session ended: the mode's default again
    assert not v.enabled
    assert isinstance(v, Speaker) and isinstance(NullSpeaker(), Speaker)


def test_a_disabled_voice_does_nothing(voice_factory):
    v = voice_factory(enabled=False, output=None)
    v.say("ticket.done", "zh_CN")
    assert v.wait_idle(1) and not v.history and v._thread is None


def test_a_screen_without_a_prompt_silences_the_last_one_and_says_no_key(voice_factory):
    v = voice_factory(output=None)
    v.say("staff_login", "zh_CN")
    v.say("ticket.unknown_step", "en")
    assert v.wait_idle(1) and not v.history and v._thread is None


def test_the_voice_package_is_qt_free():
    for path in sorted((ROOT / "kiosk" / "voice").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            for name in names:
                assert not name.startswith("PySide6"), f"{path.name} imports {name}"
                assert not name.startswith("kiosk.ui") or name == "kiosk.ui.i18n", name
    out = subprocess.run([sys.executable, "-c", "import sys, kiosk.voice; "
                          "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------------------- rendering
@needs_espeak
def test_engine_writes_mandarin_and_english_wavs(tmp_path):
    engine = EspeakEngine()
    # plain "cmn" in espeak-ng 1.51 reads characters as English-spoken pinyin
    assert engine.voice_for("zh_CN") in ("cmn-latn-pinyin", "cmn")
    if "cmn-latn-pinyin" in subprocess.run(["espeak-ng", "--voices=cmn"], capture_output=True,
                                           text=True).stdout:
        assert engine.voice_for("zh_CN") == "cmn-latn-pinyin"
    for lang, text in (("zh_CN", "请取走您的号票"), ("en", "Please take your ticket")):
        path = engine.synthesise(text, lang, tmp_path / f"{lang}.wav")
        with wave.open(str(path)) as w:
            assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
            assert w.getnframes() > 22050 // 2  # a sentence lasts well over half a second
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en.wav", "zh_CN.wav"]  # no temps
    assert engine.key("请取走您的号票", "zh_CN") != engine.key("请取走您的号票", "en")


@needs_espeak
def test_cache_renders_once_and_keeps_only_the_newest_dynamic_words(tmp_path):
    cache = PromptCache(tmp_path, dynamic_max=3)
    path, rendered = cache.get("请取走您的号票", "zh_CN", fixed=True)
    assert rendered and path.parent == tmp_path / "fixed" / "zh_CN"
    again, rendered = cache.get("请取走您的号票", "zh_CN")  # asked as words: the fixed file
    assert again == path and not rendered
    numbers = [cache.get(f"请C{n:03d}号到3号窗口", "zh_CN")[0] for n in range(5)]
    left = sorted((tmp_path / "dynamic" / "zh_CN").glob("*.wav"))
    assert left == sorted(numbers[-3:])  # bounded: the oldest two went
    assert path.is_file()  # fixed prompts are never pruned


def test_no_engine_is_one_error_line_not_a_crash(voice_factory, caplog):
    v = voice_factory(engine=EspeakEngine(binary="/nonexistent/espeak-ng"), output=None)
    with caplog.at_level(logging.WARNING, logger="kiosk.voice"):
        v.say("ticket.done")
        v.say("ticket.done")
        assert v.wait_idle()
    assert "espeak-ng is not installed" in v.history[-1].error
    assert len([r for r in caplog.records if "espeak-ng" in r.getMessage()]) == 1


# ---------------------------------------------------------------------------- playing
@needs_espeak
def test_a_prompt_is_handed_to_the_audio_process_sample_for_sample(voice_factory, tmp_path):
    out = tmp_path / "out"
    v = voice_factory(output=sink(out))
    v.say("ticket.done", "zh_CN")
    assert v.wait_idle()
    u = v.history[-1]
    assert (u.text, u.spoken_lang, u.rendered, u.error) == ("请取走您的号票", "zh_CN", True, None)
    assert u.path.parent.name == "zh_CN" and u.path.parent.parent.name == "fixed"
    assert u.asked_at < u.ready_at <= u.first_sample_at <= u.ended_at
    (pcm,) = out.glob("*.pcm")
    assert pcm.read_bytes() == frames(u.path)
    assert pcm.with_suffix(".argv").read_text() == "rate=22050 channels=1"
    # the second time it comes from the cache
    v.say("ticket.done", "zh_CN")
    assert v.wait_idle()
    assert not v.history[-1].rendered and v.history[-1].path == u.path


@needs_espeak
def test_english_comes_from_the_catalogue_and_untranslated_prompts_stay_chinese(
        voice_factory, caplog):
    v = voice_factory(output=None)
    with caplog.at_level(logging.WARNING, logger="kiosk.voice"):
        v.say("ticket.done", "en")
        assert v.wait_idle()
        en = v.history[-1]
        v.say("ticket.working", "en")  # its English is unfinished
        assert v.wait_idle()
    assert (en.text, en.spoken_lang, en.silent) == ("Please take your ticket", "en", True)
    zh = v.history[-1]
    assert (zh.text, zh.spoken_lang) == ("请稍候", "zh_CN")
    assert any("no en translation" in r.getMessage() for r in caplog.records)


@needs_espeak
def test_numbers_are_filled_in_rendered_on_demand_and_cached(voice_factory, tmp_path):
    v = voice_factory(output=None)
    v.say("ticket.called", "en", number="C023", window="3")
    assert v.wait_idle()
    u = v.history[-1]
    assert u.text == "Number C023, please go to window 3" and u.rendered
    assert u.path.parent == tmp_path / "voice" / "dynamic" / "en"
    v.say("ticket.called", "en", number="C023", window="3")
    assert v.wait_idle() and not v.history[-1].rendered
    v.say("ticket.called", "zh_CN", number="C024")  # no window: one error line
    assert v.wait_idle() and "cannot be filled in" in v.history[-1].error
    v.say("请A001号到5号窗口办理", "zh_CN")  # plain words: spoken as given
    assert v.wait_idle() and v.history[-1].path.parent.name == "zh_CN"


@needs_espeak
def test_a_new_prompt_interrupts_the_one_playing(voice_factory, tmp_path):
    out = tmp_path / "out"
    v = voice_factory(output=sink(out, delay=0.05))  # plays at ~80 KB/s, like a device
    v.say("请取走您的号票", "zh_CN")
    assert wait_for(lambda: v._proc is not None and any(out.glob("*.pcm")), timeout=20)
    first_proc = v._proc
    v.say("Please take your ticket", "en")  # the next screen speaks
    assert first_proc.wait(timeout=10) != 0  # the first audio process was killed
    assert v.wait_idle(30)
    first, second = list(v.history)[-2:]
    assert first.interrupted and not second.interrupted and second.error is None
    pcms = {p.stem: p.read_bytes() for p in out.glob("*.pcm")}
    assert pcms[str(first_proc.pid)] != frames(first.path)  # cut short
    assert frames(second.path) in pcms.values()  # the second one whole


@needs_espeak
def test_say_returns_while_the_audio_process_is_stuck(voice_factory, tmp_path):
    """A player that never reads (a hung sound server): the voice thread is stuck writing,
    and say()/stop() on the caller's thread still return — and unstick it."""
    v = voice_factory(output=["sleep", "600"])
    v.say("请取走您的号票", "zh_CN")  # ~100 KB: more than a pipe holds
    assert wait_for(lambda: v._proc is not None, timeout=20)
    stuck = v._proc
    done = threading.Event()

    def caller():
        v.say("Please take your ticket", "en")
        v.stop()
        done.set()

    threading.Thread(target=caller, daemon=True).start()
    assert done.wait(10)
    assert stuck.wait(timeout=10) != 0
    assert v.wait_idle(30)


def test_without_an_audio_device_the_voice_is_silent_with_one_log_line(
        voice_factory, monkeypatch, caplog):
    import kiosk.voice.speaker as speaker

    monkeypatch.setattr(speaker, "detect_output", lambda: (None, "no audio device (test)"))
    v = voice_factory(engine=EspeakEngine(binary="/nonexistent"))
    with caplog.at_level(logging.WARNING, logger="kiosk.voice"):
        v.say("ticket.done")
        v.say("ticket.done")
        assert v.wait_idle()
    assert len([r for r in caplog.records if "no audio device" in r.getMessage()]) == 1


# ---------------------------------------------------------------------------- set-up
@needs_espeak
def test_build_renders_every_fixed_prompt_in_both_languages(settings_env, capsys):
    from kiosk.voice.__main__ import main

    # a prompt whose English is in the shipped catalogues (ticket_en.ts)
    PROMPTS.register("test.voice.tile", "取号")
    try:
        main(["build"])
        first = capsys.readouterr().out
        data = settings_env / "data" / "voice" / "fixed"
        assert len(list((data / "zh_CN").glob("*.wav"))) >= 1
        assert len(list((data / "en").glob("*.wav"))) >= 1
        main(["build"])
        second = capsys.readouterr().out
    finally:
        PROMPTS.unregister("test.voice.tile")
    assert "rendered" in first and " 0 rendered" in second, (first, second)
