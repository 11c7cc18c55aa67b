"""语音播报: the kiosk's voice — say a prompt, interrupt the last one, never block the screen.

The shell holds a :class:`Speaker` (Qt-free: ``say(key_or_text, lang)``, ``stop()``,
``enabled``, ``set_enabled``); :class:`Voice` is the real one, :class:`NullSpeaker` the one
for tests and kiosks without voice. ``say`` returns at once: it kills the prompt playing now
(a new screen's prompt replaces the old one) and queues the new one for the voice thread,
which finds or renders the WAV (:mod:`kiosk.voice.cache`) and feeds it to the audio process
(:mod:`kiosk.voice.output`). Nothing on the caller's thread waits for a file, a process or a
sound card.

Voice is on by default in elder mode: the shell calls ``set_elder(st.elder)`` on every render
(it acts on changes only) and the speaker button calls ``set_enabled``; ``reset()`` at the end
of a session brings the default back.
"""
from __future__ import annotations

import logging
import queue
import re
import subprocess
import threading
import time
import wave
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from kiosk.voice.cache import PromptCache
from kiosk.voice.engine import EspeakEngine, VoiceError
from kiosk.voice.output import command, detect_output
from kiosk.voice.prompts import PROMPTS, PromptRegistry
from kiosk.voice.words import Catalogue

log = logging.getLogger(__name__)

#: samples written to the audio process at a time: small enough that the first reaches it
#: at once and an interruption is heard at once, large enough to be few writes
CHUNK_S = 0.05
#: "auto": find paplay/aplay and a device when the voice thread starts
AUTO = "auto"
#: what a prompt key looks like ("home", "ticket.done", "idcard.left_on_reader")
KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)*")


@runtime_checkable
class Speaker(Protocol):
    """What the shell calls. Implementations never block the caller."""

    enabled: bool

    def say(self, key_or_text: str, lang: str = "zh_CN", **fields) -> None: ...

    def stop(self) -> None: ...

    def set_enabled(self, on: bool) -> None: ...

    def set_elder(self, elder: bool) -> None: ...

    def reset(self) -> None: ...

    def close(self) -> None: ...


class NullSpeaker:
    """A speaker that says nothing (tests, kiosks with voice switched off)."""

    enabled = False

    def say(self, key_or_text: str, lang: str = "zh_CN", **fields) -> None:
        pass

    def stop(self) -> None:
        pass

    def set_enabled(self, on: bool) -> None:
        pass

    def set_elder(self, elder: bool) -> None:
        pass

    def reset(self) -> None:
        pass

    def close(self) -> None:
        pass


@dataclass
class Utterance:
    """One ``say``, as it went: for tests, benchmarks and the log. Times: perf_counter."""

    said: str  # what say() was given: a prompt key or words
    lang: str
    asked_at: float
    text: str = ""  # the words spoken (after translation and fields)
    spoken_lang: str = ""  # Chinese when the language had no translation
    path: Path | None = None
    rendered: bool = False  # synthesised for this call (not from the cache)
    ready_at: float | None = None  # the WAV exists
    first_sample_at: float | None = None  # the first samples went to the audio process
    ended_at: float | None = None
    interrupted: bool = False
    silent: bool = False  # no audio device: prepared, not heard
    error: str | None = None

    @property
    def first_sample_ms(self) -> float | None:
        if self.first_sample_at is None:
            return None
        return (self.first_sample_at - self.asked_at) * 1000


@dataclass
class _Request:
    gen: int
    said: str
    lang: str
    fields: dict
    asked_at: float


class Voice:
    """The kiosk's voice: a worker thread, a WAV cache and an audio process.

    ``output``: ``"auto"`` (paplay/aplay if a device exists, else silent), ``None`` (silent),
    or an argv template reading raw s16le samples on stdin (``{rate}``, ``{channels}``).
    """

    def __init__(self, cache_dir: Path, *, engine: EspeakEngine | None = None,
                 output: Sequence[str] | str | None = AUTO,
                 prompts: PromptRegistry = PROMPTS, catalogue: Catalogue | None = None,
                 enabled: bool = False, dynamic_max: int | None = None,
                 on_utterance: Callable[[Utterance], None] | None = None,
                 history: int = 50) -> None:
        self.engine = engine or EspeakEngine()
        kwargs = {} if dynamic_max is None else {"dynamic_max": dynamic_max}
        self.cache = PromptCache(cache_dir, self.engine, **kwargs)
        self.prompts = prompts
        self.catalogue = catalogue or Catalogue()
        self.enabled = enabled
        self.on_utterance = on_utterance
        self.history: deque[Utterance] = deque(maxlen=history)
        self._output_setting = output
        self._output: tuple[str, ...] | None = None
        self._elder = False
        self._gen = 0
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._pending = 0
        self._queue: queue.SimpleQueue[_Request | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._warned: set[str] = set()
        self._closed = False

    # ------------------------------------------------------------------ the caller's side
    def say(self, key_or_text: str, lang: str = "zh_CN", **fields) -> None:
        """Speak a registered prompt (by key) or words (already in ``lang``), replacing
        whatever is being said. Returns at once; nothing when disabled.

        A key with no prompt registered (a screen that has none, ``"staff_login"``) only
        silences the last prompt: a key is never read out as words."""
        if not self.enabled or self._closed or not key_or_text:
            return
        if key_or_text not in self.prompts and KEY.fullmatch(key_or_text):
            self.stop()
            return
        with self._lock:
            self._gen += 1
            self._pending += 1
            request = _Request(self._gen, key_or_text, lang, fields, time.perf_counter())
            self._interrupt_locked()
        self._ensure_thread()
        self._queue.put(request)

    def stop(self) -> None:
        """Silence now (whatever was queued is dropped)."""
        with self._lock:
            self._gen += 1
            self._interrupt_locked()

    def set_enabled(self, on: bool) -> None:
        """The speaker button."""
        self.enabled = bool(on)
        if not self.enabled:
            self.stop()

    def set_elder(self, elder: bool) -> None:
        """Elder mode switches voice on, normal mode off — on a change only, so the speaker
        button's choice holds until the mode changes again."""
        if bool(elder) != self._elder:
            self._elder = bool(elder)
            self.set_enabled(self._elder)

    def reset(self) -> None:
        """A session ended: silence, and voice back to the mode's default."""
        self.set_enabled(self._elder)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Until every say() so far has been spoken, interrupted or dropped (tests, bench)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self) -> None:
        self._closed = True
        self.stop()
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=5)

    def _interrupt_locked(self) -> None:
        proc = self._proc
        if proc is not None and proc.returncode is None:
            try:
                proc.kill()  # a signal, not a wait: the caller goes on at once
            except OSError:
                pass

    def _ensure_thread(self) -> None:
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="kiosk-voice",
                                                    daemon=True)
                    self._thread.start()

    # ------------------------------------------------------------------ the voice thread
    def _run(self) -> None:
        self._output = self._find_output()
        while True:
            request = self._queue.get()
            if request is None:
                return
            try:
                self._speak(request)
            except Exception:  # noqa: BLE001 - the voice must never take the kiosk down
                log.exception("voice: speaking %r failed", request.said)
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()

    def _find_output(self) -> tuple[str, ...] | None:
        setting = self._output_setting
        if setting == AUTO:
            found, why = detect_output()
            if found is None:
                log.warning("voice: %s: prompts are prepared but not heard", why)
            else:
                log.info("voice: playing through %s", why)
            return found
        return None if setting is None else tuple(setting)

    def _current(self, request: _Request) -> bool:
        return request.gen == self._gen and not self._closed

    def _speak(self, request: _Request) -> None:
        u = Utterance(request.said, request.lang, request.asked_at)
        try:
            if not self._current(request):
                u.interrupted = True
                return
            try:
                u.text, u.spoken_lang, fixed = self._words(request)
                u.path, u.rendered = self.cache.get(u.text, u.spoken_lang, fixed=fixed)
            except VoiceError as exc:
                u.error = str(exc)
                self._warn_once(str(exc))
                return
            u.ready_at = time.perf_counter()
            if self._output is None:
                u.silent = True
            elif not self._current(request):
                u.interrupted = True
            else:
                self._play(u, request)
        finally:
            if u.ended_at is None:
                u.ended_at = time.perf_counter()
            self.history.append(u)
            if self.on_utterance is not None:
                self.on_utterance(u)

    def _words(self, request: _Request) -> tuple[str, str, bool]:
        """(words, language they are in, whether they are a fixed prompt)."""
        prompt = self.prompts.get(request.said)
        if prompt is None:
            text, lang, fixed = request.said, request.lang, False
        else:
            lang = request.lang
            text = self.catalogue.translate(prompt.text, lang)
            if text is None:  # like the screen: untranslated words stay Chinese
                self._warn_once(f"voice: prompt {prompt.key!r} has no {lang} translation: "
                                f"spoken in Chinese")
                text, lang = prompt.text, "zh_CN"
            fixed = prompt.fixed
        if request.fields:
            try:
                text = text.format(**request.fields)
            except (KeyError, IndexError, ValueError) as exc:
                raise VoiceError(f"voice: prompt {request.said!r} cannot be filled in: "
                                 f"{exc!r}") from None
            fixed = False
        return text, lang, fixed

    def _play(self, u: Utterance, request: _Request) -> None:
        with wave.open(str(u.path)) as w:
            rate, channels, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
            samples = w.readframes(w.getnframes())
        if width != 2:
            raise VoiceError(f"voice: {u.path} is not 16-bit PCM")
        chunk = max(2 * channels, int(rate * CHUNK_S) * 2 * channels)
        argv = command(self._output, rate, channels)
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, bufsize=0)
        except OSError as exc:
            u.error = f"voice: cannot start {argv[0]}: {exc}"
            self._warn_once(u.error)
            return
        with self._lock:  # published under the lock: a say() from now on kills it
            self._proc = proc
            if not self._current(request):
                proc.kill()
        try:
            for offset in range(0, len(samples), chunk):
                if not self._current(request):
                    break
                proc.stdin.write(samples[offset:offset + chunk])
                if offset == 0:
                    u.first_sample_at = time.perf_counter()
            proc.stdin.close()
        except (BrokenPipeError, ValueError, OSError):
            pass  # killed (interrupted) or the player gave up: its exit status says which
        proc.wait()
        err = proc.stderr.read().decode(errors="replace").strip() if proc.stderr else ""
        if proc.stderr:
            proc.stderr.close()
        u.interrupted = not self._current(request)
        if proc.returncode != 0 and not u.interrupted:
            u.error = (f"voice: {argv[0]} failed ({proc.returncode}): "
                       f"{err.splitlines()[-1] if err else 'no message'}")
            self._warn_once(u.error)
        with self._lock:
            if self._proc is proc:
                self._proc = None

    def _warn_once(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            log.warning("%s", message)
