"""语音播报 — spoken guidance, offline: eSpeak NG voices, WAVs cached on disk, an audio process.

- :data:`PROMPTS` (:mod:`kiosk.voice.prompts`): where screens and journeys register their
  spoken prompt per step or event, Chinese source text in ``N_()``.
- :class:`Speaker` / :class:`Voice` / :class:`NullSpeaker` (:mod:`kiosk.voice.speaker`): what
  the shell calls — ``say(key_or_text, lang, **fields)``, ``stop()``, ``enabled``,
  ``set_enabled(on)``, ``set_elder(elder)``; never blocks the caller.
- ``python -m kiosk.voice build``: render every fixed prompt in every language at set-up.

Qt-free throughout: flows, journeys and the set-up may import it.
"""
from __future__ import annotations

from pathlib import Path

from kiosk.voice.cache import PromptCache, voice_dir
from kiosk.voice.engine import EspeakEngine, VoiceError, spoken_form
from kiosk.voice.prompts import PROMPTS, Prompt, PromptRegistry
from kiosk.voice.speaker import AUTO, NullSpeaker, Speaker, Utterance, Voice

#: the languages prompts are rendered in (the kiosk's: Chinese and English)
LANGUAGES = ("zh_CN", "en")


def make_voice(data_dir: Path, **kwargs) -> Voice:
    """The kiosk's voice, its cache in ``<data_dir>/voice`` (where the set-up rendered)."""
    return Voice(voice_dir(data_dir), **kwargs)


__all__ = ["AUTO", "LANGUAGES", "PROMPTS", "EspeakEngine", "NullSpeaker", "Prompt",
           "PromptCache", "PromptRegistry", "Speaker", "Utterance", "Voice", "VoiceError",
           "make_voice", "spoken_form", "voice_dir"]
