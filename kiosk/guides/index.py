"""The service-guide index: search as the citizen types, browse by theme, zone, life event.

    index = GuideIndex(document)           # the guides document (GET /v1/guides); ~1 s for 700
    index.search("bdczy")                  # → [Hit(code, name, name_en, category, theme,
                                           #          score, tier)], best first
    index.item("ssc-card-reissue"); index.by_theme("tax"); index.by_life_event("birth")

A query in characters is matched against each item's name and its aliases (the name with the
citizen's words of ``synonyms.toml`` swapped in: 社保 for 社会保障); a latin query against the
names' readings in full pinyin (aligned on syllables: ``chan`` matches 不动产, ``ngchan``
does not) and in initials (``bdczy``), and against the English name's words. Ranked by tier —
exact > prefix > substring > initials > fuzzy (all the characters in any order; pinyin with
one letter wrong, missing, extra or two swapped) — then by the item's popularity.

Everything a query needs is precomputed per item at load (joined strings for C-speed ``in``
tests, character sets), so a query is a pass over the items with a few substring tests each:
a few milliseconds for 700 items (``bench/bench_guides.py``).
"""
from __future__ import annotations

import tomllib
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from kiosk.guides.readings import is_han, latin, readings

SYNONYMS = Path(__file__).with_name("synonyms.toml")

# tiers (the score's hundreds); popularity (0–999) adds up to 9.99 within a tier
EXACT, PREFIX, SUBSTRING, INITIALS, FUZZY = 500, 400, 300, 200, 100
TIER_NAMES = {EXACT: "exact", PREFIX: "prefix", SUBSTRING: "substring", INITIALS: "initials",
              FUZZY: "fuzzy"}
#: a match on an alias (the citizen's word, not the catalogue's) ranks just below the same
#: match on a name of the same popularity — but within its tier: a citizen who types 临时身份证
#: means the popular 临时居民身份证申领 more than the rarer 临时身份证明开具
ALIAS_PENALTY = 0.5
#: aliases per item at most (every synonym swap is one)
MAX_ALIASES = 12
#: fuzzy pinyin only from this many letters on (one wrong letter in "sb" means nothing)
FUZZY_MIN = 5
#: fuzzy matches are looked for only when nothing matched otherwise ("did you mean"): a
#: query that finds something is typed right so far
FUZZY_WHEN = 1
SEP = "\x00"


@dataclass(frozen=True)
class Hit:
    code: str
    name: str
    name_en: str
    category: str  # the ticket category (kiosk.services.Category.code)
    theme: str  # one of the 15 broad categories
    score: float
    tier: str

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "name_en": self.name_en,
                "category": self.category, "theme": self.theme, "score": self.score,
                "tier": self.tier}


def load_synonyms(path: Path = SYNONYMS) -> tuple[list[list[str]], dict[str, list[str]]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [g["terms"] for g in data.get("groups", [])], dict(data.get("words", {}))


def aliases(name: str, groups, words) -> list[str]:
    """``name`` with the citizen's words swapped in (one swap, then one more on each)."""
    swaps: list[tuple[str, str]] = []
    for terms in groups:
        for t in terms:
            swaps += [(t, o) for o in terms if o != t]
    for colloquial, formal in words.items():
        swaps += [(f, colloquial) for f in formal]
    out: list[str] = []

    def once(text: str) -> list[str]:
        # (not 身份证 → 居民身份证 in 居民身份证补领; but 普通护照 → 护照 is fine)
        return [text.replace(a, b) for a, b in swaps if a in text and (b not in text or b in a)]

    first = once(name)
    for a in first + [x for f in first for x in once(f)]:
        if a != name and a not in out:
            out.append(a)
        if len(out) >= MAX_ALIASES:
            break
    return out


class _Entry:
    """One item's search keys (the strings the fields below are made of)."""

    __slots__ = ("alias", "aliases", "chars", "en", "item", "name", "own", "pop")

    def __init__(self, item: dict, alias_names: list[str]) -> None:
        self.item = item
        self.pop = max(0, min(999, int(item.get("popularity", 0)))) / 100
        self.name = item["name"]
        self.aliases = alias_names
        self.chars = frozenset(c for n in [self.name, *alias_names] for c in n if is_han(c))
        self.own = _keys(readings(self.name))
        self.alias = _keys([r for a in alias_names for r in readings(a, heteronyms=False)])
        en = "".join(c if c.isalnum() else " " for c in item.get("name_en", "").lower())
        self.en = " " + " ".join(en.split()) + " "


def _keys(reads: list[list[str]]) -> tuple[list[str], list[str], list[str]]:
    """(full readings, their syllable suffixes, their initials)."""
    full = list(dict.fromkeys("".join(r) for r in reads))
    suffixes = list(dict.fromkeys("".join(r[i:]) for r in reads for i in range(1, len(r))))
    initials = list(dict.fromkeys("".join(s[0] for s in r if s) for r in reads))
    return full, suffixes, initials


class _Field:
    """One kind of key of every item in one string, each item's keys together and each key
    framed by SEP, so one ``str.find`` (C speed) scans all 700 items: a query costs a step per
    item that matches, not per item. ``SEP+q`` finds keys beginning with q, ``SEP+q+SEP``
    keys equal to it."""

    __slots__ = ("blob", "ends", "starts")

    def __init__(self, per_entry: list[list[str]]) -> None:
        parts, self.starts, self.ends = [], [], []
        pos = 0
        for keys in per_entry:
            chunk = "".join(SEP + k for k in keys) + SEP
            self.starts.append(pos)
            pos += len(chunk)
            self.ends.append(pos)
            parts.append(chunk)
        self.blob = "".join(parts)

    def entries(self, pattern: str) -> list[int]:
        """The items (indices) with a key containing ``pattern``, each once."""
        out = []
        find, starts, ends = self.blob.find, self.starts, self.ends
        p = find(pattern)
        while p >= 0:
            e = bisect_right(starts, p) - 1
            out.append(e)
            p = find(pattern, ends[e])  # the item is found: on to the next one
        return out


def _one_edit_prefix(q: str, text: str) -> bool:
    """Some prefix of ``text`` is ``q`` with one letter wrong, missing, extra or swapped."""
    i = 0
    n = min(len(q), len(text))
    while i < n and q[i] == text[i]:
        i += 1
    if i == len(q):
        return True
    rest = q[i + 1:]
    return (text[i + 1:].startswith(rest)  # wrong letter
            or text[i:].startswith(rest)  # an extra letter in q
            or text[i + 1:].startswith(q[i:])  # a letter missing from q
            or (i + 1 < len(q) and text[i:i + 2] == q[i + 1] + q[i]
                and text[i + 2:].startswith(q[i + 2:])))  # two letters swapped


def tier_name(score: float) -> str:
    """The tier a score is in (an alias match sits just under its tier's band)."""
    for tier in (EXACT, PREFIX, SUBSTRING, INITIALS):
        if score >= tier - ALIAS_PENALTY:
            return TIER_NAMES[tier]
    return TIER_NAMES[FUZZY]


class GuideIndex:
    def __init__(self, document: dict, *, synonyms: Path = SYNONYMS) -> None:
        self.document = document
        self.items: list[dict] = list(document.get("items", []))
        self._by_code = {i["code"]: i for i in self.items}
        self.themes = {t["code"]: t for t in document.get("themes", [])}
        self.life_events = {e["code"]: e for e in document.get("life_events", [])}
        groups, words = load_synonyms(synonyms)
        self._entries = [_Entry(i, aliases(i["name"], groups, words)) for i in self.items]
        es = self._entries
        self._zh = _Field([[e.name] for e in es])
        self._zh_alias = _Field([e.aliases for e in es])
        self._py, self._py_suffix, self._ini = (_Field([e.own[k] for e in es]) for k in range(3))
        self._al, self._al_suffix, self._al_ini = (_Field([e.alias[k] for e in es])
                                                   for k in range(3))
        self._en = _Field([[e.en] for e in es])
        # items by popularity (the fuzzy search checks the most asked-for first)
        order = sorted(range(len(es)), key=lambda n: (-es[n].pop, es[n].item["code"]))
        self._rank = {n: r for r, n in enumerate(order)}
        self._postings: dict[str, set[int]] = {}
        for n, e in enumerate(es):
            for c in e.chars:
                self._postings.setdefault(c, set()).add(n)

    # ------------------------------------------------------------------ lookup and browse
    def item(self, code: str) -> dict | None:
        return self._by_code.get(code)

    def _popular(self, items) -> list[dict]:
        return sorted(items, key=lambda i: (-int(i.get("popularity", 0)), i["code"]))

    def by_theme(self, code: str) -> list[dict]:
        return self._popular(i for i in self.items if i.get("theme") == code)

    def by_zone(self, code: str) -> list[dict]:
        return self._popular(i for i in self.items if i.get("zone") == code)

    def by_life_event(self, code: str) -> list[dict]:
        return self._popular(i for i in self.items if code in i.get("life_events", ()))

    def zones(self) -> list[str]:
        return sorted({i["zone"] for i in self.items})

    # ------------------------------------------------------------------ search
    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """The best ``limit`` items for ``query``, best first."""
        q = "".join(query.split())
        if not q or limit < 1:
            return []
        if any(is_han(c) for c in q):
            best = self._search_han(q, limit)
        else:
            words = [w for w in (latin(w) for w in query.split()) if w]
            best = self._search_latin(latin(q), words, limit)
        es = self._entries
        scored = sorted(((tier + es[n].pop, n) for n, tier in best.items()),
                        key=lambda t: (-t[0], es[t[1]].item["code"]))
        return [self._hit(es[n], score) for score, n in scored[:limit]]

    def _hit(self, e: _Entry, score: float) -> Hit:
        i = e.item
        return Hit(i["code"], i["name"], i.get("name_en", ""), i.get("category", ""),
                   i.get("theme", ""), round(score, 2), tier_name(score))

    @staticmethod
    def _tiers(steps, limit: int) -> dict[int, float]:
        """Run (tier, finder) steps best tier first; an item keeps the first (best) tier it
        gets. Once ``limit`` items are found no lower tier can reach the top ``limit`` (the
        tiers are 100 apart, popularity adds < 10): the rest is skipped — a one-letter query
        is answered by the names it begins, without scanning for it everywhere else."""
        best: dict[int, float] = {}
        band = None
        for tier, find in steps:
            this = int(tier + ALIAS_PENALTY) // 50 * 50  # (an alias's tier is in its band)
            if band is not None and this < band and len(best) >= limit:
                break
            band = this
            for n in find():
                best.setdefault(n, tier)
        return best

    def _search_han(self, q: str, limit: int) -> dict[int, float]:
        a = ALIAS_PENALTY
        return self._tiers([
            (EXACT, lambda: self._zh.entries(SEP + q + SEP)),
            (EXACT - a, lambda: self._zh_alias.entries(SEP + q + SEP)),
            (PREFIX, lambda: self._zh.entries(SEP + q)),
            (PREFIX - a, lambda: self._zh_alias.entries(SEP + q)),
            (SUBSTRING, lambda: self._zh.entries(q)),
            (SUBSTRING - a, lambda: self._zh_alias.entries(q)),
            (FUZZY, lambda: self._all_chars(q)),  # every character, in any order
        ], limit)

    def _all_chars(self, q: str) -> list[int]:
        sets = [self._postings.get(c, set()) for c in dict.fromkeys(q) if is_han(c)]
        return sorted(set.intersection(*sets)) if sets else []

    def _search_latin(self, q: str, words: list[str], limit: int) -> dict[int, float]:
        if not q:
            return {}
        a = ALIAS_PENALTY
        steps = [
            (EXACT, lambda: self._py.entries(SEP + q + SEP)),
            (EXACT - a, lambda: self._al.entries(SEP + q + SEP)),
            (PREFIX, lambda: self._py.entries(SEP + q)),
            (PREFIX - a, lambda: self._al.entries(SEP + q)),
            (SUBSTRING, lambda: self._py_suffix.entries(SEP + q)),
            (SUBSTRING, lambda: self._english(q, words)),
            (SUBSTRING - a, lambda: self._al_suffix.entries(SEP + q)),
            # the whole name's initials, or how they begin; then initials anywhere
            (INITIALS + 50, lambda: self._ini.entries(SEP + q)),
            (INITIALS + 50 - a, lambda: self._al_ini.entries(SEP + q)),
            (INITIALS, lambda: self._ini.entries(q) if len(q) >= 2 else []),
        ]
        best = self._tiers(steps, limit)
        if len(best) < FUZZY_WHEN and len(q) >= FUZZY_MIN:  # a typo? (only when little found)
            best.update(self._fuzzy(q, set(best), limit))
        return best

    def _english(self, q: str, words: list[str]) -> list[int]:
        """English names by word beginnings: "pass" (3 letters at least), or every one of
        several words typed apart ("unemployment benefit")."""
        if len(words) > 1:
            found = [set(self._en.entries(" " + w)) for w in words if len(w) >= 2]
            return sorted(set.intersection(*found)) if found else []
        return self._en.entries(" " + q) if len(q) >= 3 else []

    def _fuzzy(self, q: str, exclude: set[int], limit: int) -> dict[int, float]:
        """Items with a reading that q matches at a syllable with one typo (a letter wrong,
        missing, extra, or two swapped): how the name begins (+50) before an alias's (+30)
        before elsewhere (+10). One typo leaves q's start or its end intact: they are looked
        up (C speed), and only the places found are checked letter by letter — the most
        popular first, so that the search can stop at ``limit``: those are the best."""
        cut = max(3, len(q) // 2)
        # (the letter at the cut belongs to neither: a swap across it leaves the tail whole)
        head, tail = SEP + q[:cut], q[cut + 1:]
        reach = cut + 1
        found: dict[int, float] = {}
        for how, field in ((50, self._py), (30, self._al), (10, self._py_suffix),
                           (10, self._al_suffix)):
            blob, starts, ends = field.blob, field.starts, field.ends
            places = set(field.entries(head))
            if len(tail) >= 3:
                places.update(field.entries(tail))
            for n in sorted(places - exclude - found.keys(), key=self._rank.__getitem__):
                if _fuzzy_in(q, blob, starts[n], ends[n], head, tail, reach):
                    found[n] = FUZZY + how
                    if len(found) >= limit:
                        return found
        return found


def _fuzzy_in(q: str, blob: str, lo: int, hi: int, head: str, tail: str, reach: int) -> bool:
    p = blob.find(head, lo, hi)
    while p >= 0:
        if _one_edit_prefix(q, blob[p + 1:p + len(q) + 3]):
            return True
        p = blob.find(head, p + 1, hi)
    if len(tail) >= 3:
        p = blob.find(tail, lo, hi)
        while p >= 0:
            for start in (p - reach - 1, p - reach, p - reach + 1):
                if start > lo and blob[start - 1] == SEP and \
                        _one_edit_prefix(q, blob[start:start + len(q) + 2]):
                    return True
            p = blob.find(tail, p + 1, hi)
    return False
