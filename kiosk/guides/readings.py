"""How a name can be typed in pinyin: its readings (full syllables) and their initials.

The phrase-correct reading comes first (pypinyin's phrase dictionary: 银行 → yin hang, 重庆 →
chong qing); then, for each polyphonic character, the name with that one character read the
other ways pypinyin knows (重 zhong/chong): a citizen unsure of a reading still finds the
item. One character at a time, not every combination: a name of ten polyphonic characters
would otherwise have thousands of readings.
"""
from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin

#: at most this many readings per name (the phrase-correct one and single-character variants)
MAX_READINGS = 8


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


@lru_cache(maxsize=8192)
def char_readings(ch: str) -> tuple[str, ...]:
    """Every reading pypinyin knows for one character, toneless (ü as v: what IMEs take)."""
    found = pinyin(ch, style=Style.NORMAL, heteronym=True, v_to_u=False)
    return tuple(dict.fromkeys(found[0])) if found else ()


def syllables(text: str) -> list[str]:
    """The phrase-correct toneless syllables of the Han characters of ``text``."""
    han = "".join(c for c in text if is_han(c))
    if not han:
        return []
    out = lazy_pinyin(han, style=Style.NORMAL, v_to_u=False, errors="ignore")
    if len(out) != len(han):  # (never seen; keep the reading aligned with the characters)
        out = [char_readings(c)[0] if char_readings(c) else "" for c in han]
    return out


def readings(text: str, *, heteronyms: bool = True) -> list[list[str]]:
    """Syllable lists ``text`` may be typed as: the phrase-correct one first."""
    first = syllables(text)
    if not first:
        return []
    out = [first]
    if not heteronyms:
        return out
    han = [c for c in text if is_han(c)]
    for i, ch in enumerate(han):
        for other in char_readings(ch):
            if other != first[i] and len(out) < MAX_READINGS:
                out.append(first[:i] + [other] + first[i + 1:])
    return out


def latin(text: str) -> str:
    """A latin query as matched: lower case, letters and digits only (spaces, apostrophes
    between syllables and the like are how people type, not what they mean)."""
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum())
