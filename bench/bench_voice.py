"""Voice guidance (语音播报): from the tap to the first sample, and the Qt thread meanwhile.

- ``voice_first_sample_cached_ms`` (median, and ``_max``): ``Voice.say()`` of a prompt the
  set-up pre-rendered → its first samples written into the audio process's stdin. The audio
  process is the real ``aplay`` on ALSA's ``null`` device where aplay exists (this machine
  has no sound card), else ``cat``; a sound card's own buffer latency comes on top.
- ``voice_first_sample_uncached_zh_ms`` / ``_en_ms`` (median, and ``_max``): the same for
  words never spoken before (a called number, "请C023号到3号窗口办理"): eSpeak NG renders
  them first. ``voice_synth_zh_ms`` is that rendering alone.
- ``voice_qt_max_stall_ms``: a 5 ms timer on the Qt thread while a prompt is said every
  250 ms (pre-rendered and new numbers in turn, each interrupting the last, the audio process
  consuming in real time); ``voice_qt_idle_max_stall_ms`` is the same probe with no voice
  (what the machine adds); ``voice_say_call_max_ms`` the longest ``say()`` call itself.
"""
from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

#: a sound card's pace: reads its stdin at rate × channels × 2 bytes a second
PACED_SINK = r"""
import sys, time
rate, channels = int(sys.argv[1]), int(sys.argv[2])
per_s = rate * channels * 2
start, got = time.monotonic(), 0
while chunk := sys.stdin.buffer.read1(4096):
    got += len(chunk)
    ahead = got / per_s - (time.monotonic() - start)
    if ahead > 0:
        time.sleep(ahead)
"""
PROMPTS = {"ticket.done": "请取走您的号票", "idcard.take": "请取走您的身份证",
           "home": "您好，请选择要办理的业务"}


def _output() -> tuple[list[str], str]:
    if shutil.which("aplay"):
        return (["aplay", "-q", "-D", "null", "-t", "raw", "-f", "S16_LE", "-r", "{rate}",
                 "-c", "{channels}", "-"], "aplay -D null")
    return ["cat"], "cat"


def _voice(root: Path, output):
    from kiosk.voice import PromptRegistry, Voice

    registry = PromptRegistry()
    for key, text in PROMPTS.items():
        registry.register(key, text)
    return Voice(root, output=output, prompts=registry, enabled=True)


def _ms(values: list[float]) -> tuple[float, float]:
    return round(statistics.median(values), 1), round(max(values), 1)


def latency(root: Path, rounds: int) -> dict:
    output, how = _output()
    voice = _voice(root, output)
    try:
        for text in PROMPTS.values():  # the set-up's pre-rendering
            voice.cache.get(text, "zh_CN", fixed=True)
        voice.say("home")  # the voice thread starts and finds its output once per kiosk
        voice.wait_idle(30)
        cached, fresh = [], {"zh_CN": [], "en": []}
        synth = []
        for i in range(rounds):
            voice.say("ticket.done")
            voice.wait_idle(30)
            cached.append(voice.history[-1].first_sample_ms)
            for lang, words in (("zh_CN", f"请C{i:03d}号到{i % 9 + 1}号窗口办理"),
                                ("en", f"Number C{i:03d}, please go to window {i % 9 + 1}")):
                voice.say(words, lang)
                voice.wait_idle(30)
                u = voice.history[-1]
                assert u.rendered and u.error is None, u
                fresh[lang].append(u.first_sample_ms)
                if lang == "zh_CN":
                    synth.append((u.ready_at - u.asked_at) * 1000)
        figures = {"voice_output": how}
        for name, values in (("cached", cached), ("uncached_zh", fresh["zh_CN"]),
                             ("uncached_en", fresh["en"])):
            median, worst = _ms(values)
            figures[f"voice_first_sample_{name}_ms"] = median
            figures[f"voice_first_sample_{name}_max_ms"] = worst
        figures["voice_synth_zh_ms"] = _ms(synth)[0]
        return figures
    finally:
        voice.close()


def stall(root: Path, seconds: float) -> dict:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer

    app = QCoreApplication.instance() or QCoreApplication([sys.argv[0]])
    voice = _voice(root, [sys.executable, "-c", PACED_SINK, "{rate}", "{channels}"])
    for text in PROMPTS.values():
        voice.cache.get(text, "zh_CN", fixed=True)

    def probe(duration: float, each=None) -> list[float]:
        late, last = [], [None]
        tick = QTimer()
        tick.setTimerType(Qt.TimerType.PreciseTimer)
        tick.setInterval(5)

        def on_tick():
            now = time.perf_counter()
            if last[0] is not None:
                late.append(max(0.0, now - last[0] - 0.005))
            last[0] = now

        tick.timeout.connect(on_tick)
        driver = QTimer()
        driver.setInterval(250)
        if each is not None:
            driver.timeout.connect(each)
        loop = QEventLoop()
        QTimer.singleShot(int(duration * 1000), loop.quit)
        tick.start()
        driver.start()
        loop.exec()
        tick.stop()
        driver.stop()
        return late

    calls: list[float] = []
    n = [0]

    def speak():
        n[0] += 1
        t0 = time.perf_counter()
        if n[0] % 2:
            voice.say(list(PROMPTS)[n[0] % len(PROMPTS)])
        else:
            voice.say(f"请C{n[0]:03d}号到3号窗口办理")
        calls.append(time.perf_counter() - t0)

    try:
        idle = probe(min(seconds, 2.0))
        busy = probe(seconds, speak)
        voice.wait_idle(30)
        interrupted = sum(1 for u in voice.history if u.interrupted)
    finally:
        voice.close()
    del app
    return {
        "voice_qt_max_stall_ms": round(max(busy) * 1000, 1),
        "voice_qt_idle_max_stall_ms": round(max(idle) * 1000, 1),
        "voice_say_call_max_ms": round(max(calls) * 1000, 3),
        "voice_stall_prompts_said": len(calls),
        "voice_stall_prompts_interrupted": interrupted,
    }


def run(quick: bool) -> dict:
    from kiosk.voice import EspeakEngine

    if not EspeakEngine().available:
        return {"voice": "espeak-ng not installed"}
    with tempfile.TemporaryDirectory() as d:
        figures = latency(Path(d) / "latency", 10 if quick else 40)
        figures.update(stall(Path(d) / "stall", 3.0 if quick else 10.0))
    return figures


if __name__ == "__main__":
    for k, v in run("--quick" in sys.argv).items():
        print(f"{k:<40} {v}")
