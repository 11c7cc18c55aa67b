"""Masking personal data in what the server logs: free text a kiosk sent (a staff call's
reason), where a name, an ID number or a mobile number may have been typed.

The ID-number and mobile rules are the kiosk's (``drivers/core/redact.py``), copied: the
server is a separate application and imports nothing of the kiosk but ``kiosk.protocol``.
Names have no pattern, so what a kiosk sends on purpose — a screen code such as
``print_failed:paper_out`` or ``locker:locker:9:left_open``, lower-case ASCII — is kept, and
anything that can be a name is masked as a name is everywhere (``张三`` → ``张*``): every run
of Han characters and every capitalised Latin word keeps its first letter. Control characters
are written as escapes, so the text stays on its one line.
"""
from __future__ import annotations

import re

__all__ = ["mask_text"]

# (copied from drivers/core/redact.py: ID numbers of 18 and 15 characters, mainland mobiles)
_ID_RE = re.compile(r"(?<!\d)(\d{4})(\d{10})(\d{3}[\dXx])(?!\d)")
_ID15_RE = re.compile(r"(?<!\d)([1-8]\d{3})(\d{4}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))"
                      r"(\d{3})(?!\d)")
_MOBILE_RE = re.compile(r"(?<![\d+])((?:(?:\+|00)?86[\s-]?)?1[3-9]\d)([\s-]?)(\d{4})([\s-]?)"
                        r"(\d{4})(?!\d)")
# a run of Han characters (CJK unified ideographs, extension A, compatibility ideographs) and
# the middle dot of transliterated names (阿卜杜·热合曼)
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][\u3400-\u4dbf\u4e00-\u9fff"
                     r"\uf900-\ufaff\u00b7\u30fb]*")
# a capitalised Latin word (a name in pinyin or in English: "Zhang", "McDonald", "Émile")
_CAPITAL_RE = re.compile(r"\b[^\W\d_a-z](?=[^\W\d_]*[a-z])[^\W\d_]+")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _first_kept(m: re.Match) -> str:
    word = m.group(0)
    return word[0] + "*" * (len(word) - 1)


def mask_text(text: str) -> str:
    """``text`` with ID numbers, mobiles and anything that can be a name masked, on one
    line (control characters as ``\\xNN``/``\\uNNNN`` escapes)."""
    text = _CONTROL_RE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"),
                           text)
    text = _ID_RE.sub(lambda m: m.group(1) + "*" * 10 + m.group(3), text)
    text = _ID15_RE.sub(lambda m: m.group(1) + "*" * 8 + m.group(3), text)
    text = _MOBILE_RE.sub(lambda m: m.group(1) + m.group(2) + "****" + m.group(4) + m.group(5),
                          text)
    text = _HAN_RE.sub(_first_kept, text)
    return _CAPITAL_RE.sub(_first_kept, text)
