"""The spoken prompts: one short sentence per screen or event, registered where it is shown.

A journey (or the shell) registers a prompt under a key — its screen key
(``"ticket.done"``) or an event (``"idcard.left_on_reader"``) — with the Chinese source text
marked ``N_()`` so the i18n tools extract it into that journey's catalogue like every other
word it shows::

    from kiosk.voice import PROMPTS
    PROMPTS.register("ticket.done", N_("请取走您的号票"))
    PROMPTS.register("ticket.called", N_("请{number}号到{window}办理"))   # dynamic

A prompt without ``{fields}`` is *fixed*: ``python -m kiosk.voice build`` renders it in every
language at set-up time. One with fields is *dynamic*: rendered when spoken, then cached.
Qt-free: flows and journeys' ``__init__``/``flow`` modules may register too.
"""
from __future__ import annotations

import string
from dataclasses import dataclass


@dataclass(frozen=True)
class Prompt:
    key: str
    text: str  # Chinese source; the spoken language's words come from the catalogues

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(f for _, f, _, _ in string.Formatter().parse(self.text) if f)

    @property
    def fixed(self) -> bool:
        return not self.fields


class PromptRegistry:
    """key → :class:`Prompt`. Registering the same text twice (a module imported again) is
    fine; another text under a taken key is a programming error, raised at import."""

    def __init__(self) -> None:
        self._prompts: dict[str, Prompt] = {}

    def register(self, key: str, text: str) -> Prompt:
        if not key or not text.strip():
            raise ValueError(f"a spoken prompt needs a key and words: {key!r}, {text!r}")
        known = self._prompts.get(key)
        if known is not None and known.text != text:
            raise ValueError(f"spoken prompt {key!r} is already registered with other words "
                             f"({known.text!r})")
        prompt = self._prompts[key] = Prompt(key, text)
        return prompt

    def unregister(self, key: str) -> None:
        self._prompts.pop(key, None)

    def get(self, key: str) -> Prompt | None:
        return self._prompts.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._prompts

    def __len__(self) -> int:
        return len(self._prompts)

    def __iter__(self):
        return iter(list(self._prompts.values()))

    def fixed(self) -> list[Prompt]:
        return [p for p in self if p.fixed]


#: the kiosk's prompts (journeys and the shell register into it when imported)
PROMPTS = PromptRegistry()
