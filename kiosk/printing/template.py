"""Ticket layouts as data: a TOML file of blocks, rendered onto an ESC/POS job builder.

A layout is a list of ``[[block]]`` tables, each one of:

- ``text = "{hall_name}"`` — a paragraph, wrapped to the paper; style keys ``align``
  (left/center/right), ``bold``, ``underline``, ``size`` (``2`` or ``[w, h]``, 1–8),
  ``fit`` ("width": shrink the width multiplier until it fits on one line, then wrap;
  "both": shrink width and height together — the ticket number), ``indent`` (hanging
  indent of continuation lines, in half-width cells);
- ``columns = ["{label}", "{value}"]`` — left and right flush on one line;
- ``rule = "-"`` — a full-width line of that character;
- ``feed = 1`` (lines) or ``feed_dots = 12``;
- ``qr = "{track_url}"`` (+ ``qr_size``, ``qr_ec``) and ``barcode = "{number}"``;
- ``cut = "partial"`` or ``"full"``;
- ``each = "lines"`` with ``do = [ {…}, … ]`` — the inner blocks once per item of a list
  (item keys become fields, plus ``index`` from 1).

Any block may have ``when = "field"`` / ``unless = "field"`` (or a list: all of them) to
print it only if the field is set (not empty, None, False or 0). Fields are plain names
(``{ahead}``); ``{{`` prints a brace. Unknown keys and missing fields are errors naming the
file and block, found when the layout is loaded or rendered — never a half-printed ticket.
"""
from __future__ import annotations

import functools
import string
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drivers.printer.commands import EscPosBuilder

TEMPLATE_DIR = Path(__file__).parent / "templates"

_STYLE = {"align", "bold", "underline", "size", "fit", "indent"}
_COND = {"when", "unless"}
_KINDS: dict[str, set[str]] = {
    "text": _STYLE,
    "columns": {"bold", "size", "fill"},
    "rule": set(),
    "feed": set(),
    "feed_dots": set(),
    "qr": {"qr_size", "qr_ec", "align"},
    "barcode": {"align", "barcode_height", "barcode_kind"},
    "cut": set(),
    "each": {"do"},
}


class TemplateError(ValueError):
    """A layout file is wrong: one line naming the file, the block and the problem."""

    def __init__(self, source: str, where: str, problem: str) -> None:
        super().__init__(f"{source}: {where}: {problem}")


@dataclass(frozen=True)
class Template:
    name: str
    source: str
    blocks: tuple[Mapping[str, Any], ...]
    description: str = ""


class _Formatter(string.Formatter):
    """str.format without attribute or index access (``{x.__class__}``): fields are names."""

    def __init__(self, source: str, where: str) -> None:
        self.source, self.where = source, where

    def get_field(self, field_name, args, kwargs):
        if not field_name.isidentifier():
            raise TemplateError(self.source, self.where,
                                f"field {{{field_name}}} must be a plain name")
        if field_name not in kwargs:
            raise TemplateError(self.source, self.where, f"unknown field {{{field_name}}}")
        value = kwargs[field_name]
        return ("" if value is None else value), field_name

    def vformat(self, format_string, args, kwargs):
        try:
            return super().vformat(format_string, args, kwargs)
        except TemplateError:
            raise
        except (ValueError, TypeError) as exc:  # a stray "{", a spec the value does not take
            raise TemplateError(self.source, self.where,
                                f"cannot fill {format_string!r}: {exc}") from None


def load_template(name: str | Path) -> Template:
    """A layout by name (``queue_ticket`` → templates/queue_ticket.toml) or by path."""
    path = Path(name)
    if path.suffix != ".toml":
        path = TEMPLATE_DIR / f"{name}.toml"
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = 0  # _load reports the missing file
    return _load(str(path.resolve()), stamp)


@functools.lru_cache(maxsize=16)
def _load(path: str, _stamp: int = 0) -> Template:
    """Parsed and checked once per file version (the stamp is its mtime)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise TemplateError(path, "file", f"cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(path, "file", f"TOML syntax error: {exc}") from None
    blocks = data.get("block")
    if not isinstance(blocks, list) or not blocks:
        raise TemplateError(path, "file", "no [[block]] tables")
    for i, block in enumerate(blocks, 1):
        _check_block(path, f"block {i}", block)
    meta = data.get("template", {})
    return Template(str(meta.get("name", Path(path).stem)), path, tuple(blocks),
                    str(meta.get("description", "")))


def _check_block(source: str, where: str, block: Any) -> None:
    if not isinstance(block, dict):
        raise TemplateError(source, where, "expected a table")
    kinds = [k for k in block if k in _KINDS]
    if len(kinds) != 1:
        raise TemplateError(source, where,
                            f"needs exactly one of {', '.join(_KINDS)} (has {kinds or 'none'})")
    kind = kinds[0]
    extra = set(block) - {kind} - _KINDS[kind] - _COND
    if extra:
        raise TemplateError(source, where, f"unknown key(s) for a {kind} block: "
                            f"{', '.join(sorted(extra))}")
    if "align" in block and block["align"] not in ("left", "center", "right"):
        raise TemplateError(source, where, f"align must be left/center/right, got {block['align']!r}")
    if "fit" in block and block["fit"] not in (True, False, "width", "both"):
        raise TemplateError(source, where, f"fit must be true/\"width\"/\"both\", got {block['fit']!r}")
    if "size" in block:
        _size(source, where, block["size"])
    if kind == "cut" and block["cut"] not in ("partial", "full", True):
        raise TemplateError(source, where, f"cut must be \"partial\" or \"full\", got {block['cut']!r}")
    if kind == "columns" and (not isinstance(block["columns"], list) or len(block["columns"]) != 2):
        raise TemplateError(source, where, "columns must be a list of two strings")
    if kind == "each":
        inner = block.get("do")
        if not isinstance(inner, list) or not inner:
            raise TemplateError(source, where, "each needs do = [ {…}, … ]")
        for j, b in enumerate(inner, 1):
            _check_block(source, f"{where}.do {j}", b)


def _size(source: str, where: str, value: Any) -> tuple[int, int]:
    if isinstance(value, int) and not isinstance(value, bool):
        w = h = value
    elif isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        w, h = value
    else:
        raise TemplateError(source, where, f"size must be 1–8 or [w, h], got {value!r}")
    if not (1 <= w <= 8 and 1 <= h <= 8):
        raise TemplateError(source, where, f"size must be 1–8, got {value!r}")
    return w, h


def _truthy(value: Any) -> bool:
    return value not in (None, "", False, 0) and value != [] and value != {}


def check(template: Template, context: Mapping[str, Any]) -> None:
    """Fill every field and condition without building bytes: raises the TemplateError a
    render would, cheaply and without loading the ESC/POS command set (safe on the UI thread)."""
    _check_blocks(template, template.blocks, dict(context), "block")


def _check_blocks(t: Template, blocks: Sequence[Mapping[str, Any]], ctx: dict,
                  prefix: str) -> None:
    for i, block in enumerate(blocks, 1):
        where = f"{prefix} {i}"
        if not _applies(t, where, block, ctx):
            continue
        fmt = _Formatter(t.source, where)
        for key in ("text", "qr", "barcode"):
            if key in block:
                fmt.vformat(str(block[key]), (), ctx)
        for part in block.get("columns", ()):
            fmt.vformat(str(part), (), ctx)
        if "each" in block:
            for inner in _each_contexts(t, where, block, ctx):
                _check_blocks(t, block["do"], inner, f"{where}.do")


def _each_contexts(t: Template, where: str, block: Mapping[str, Any], ctx: dict):
    """The context of each pass of an ``each`` block: the item's keys (or ``item``) and
    ``index`` from 1, over the outer fields."""
    items = ctx.get(block["each"])
    if items is None:
        raise TemplateError(t.source, where, f"each names unknown field {block['each']!r}")
    for index, item in enumerate(items, 1):
        inner = dict(ctx)
        inner.update(item if isinstance(item, Mapping) else {"item": item})
        inner["index"] = index
        yield inner


def render(template: Template, context: Mapping[str, Any], builder: EscPosBuilder) -> None:
    """Emit the layout's blocks onto ``builder`` (which must already be ``init()``-ed)."""
    _render_blocks(template, template.blocks, dict(context), builder, "block")


def _render_blocks(t: Template, blocks: Sequence[Mapping[str, Any]], ctx: dict,
                   b: EscPosBuilder, prefix: str) -> None:
    for i, block in enumerate(blocks, 1):
        where = f"{prefix} {i}"
        if not _applies(t, where, block, ctx):
            continue
        _render_block(t, where, block, ctx, b)


def _applies(t: Template, where: str, block: Mapping[str, Any], ctx: dict) -> bool:
    for key, want in (("when", True), ("unless", False)):
        names = block.get(key)
        if names is None:
            continue
        for name in [names] if isinstance(names, str) else names:
            if name not in ctx:
                raise TemplateError(t.source, where, f"{key} names unknown field {name!r}")
            if _truthy(ctx[name]) != want:
                return False
    return True


def _render_block(t: Template, where: str, block: Mapping[str, Any], ctx: dict,
                  b: EscPosBuilder) -> None:
    fmt = _Formatter(t.source, where)

    def f(text: str) -> str:
        return fmt.vformat(str(text), (), ctx)

    if "text" in block:
        text = f(block["text"])
        w, h = _size(t.source, where, block.get("size", 1))
        fit = block.get("fit", False)
        fit = "width" if fit is True else fit
        if fit and not b.fits(text, w):
            w2 = b.fit_width(text, w)
            h = max(1, min(h, w2)) if fit == "both" else h
            w = w2
        style = {"align": block.get("align", "left"), "bold": bool(block.get("bold", False)),
                 "underline": bool(block.get("underline", False)), "width": w, "height": h}
        b.paragraph(text, indent=int(block.get("indent", 0)), **style)
    elif "columns" in block:
        left, right = (f(x) for x in block["columns"])
        w, h = _size(t.source, where, block.get("size", 1))
        b.columns(left, right, bold=bool(block.get("bold", False)), width=w, height=h,
                  fill=str(block.get("fill", " "))[:1] or " ")
    elif "rule" in block:
        b.rule(str(block["rule"])[:1] or "-")
    elif "feed" in block:
        b.feed(int(block["feed"]))
    elif "feed_dots" in block:
        b.feed_dots(int(block["feed_dots"]))
    elif "qr" in block:
        data = f(block["qr"])
        if data:
            b.qr(data, size=int(block.get("qr_size", 6)), ec=str(block.get("qr_ec", "M")),
                 align=block.get("align", "center"))
    elif "barcode" in block:
        data = f(block["barcode"])
        if data:
            b.barcode(data, kind=str(block.get("barcode_kind", "CODE128")),
                      height=int(block.get("barcode_height", 64)),
                      align=block.get("align", "center"))
    elif "cut" in block:
        b.cut(partial=block["cut"] != "full")
    elif "each" in block:
        for inner in _each_contexts(t, where, block, ctx):
            _render_blocks(t, block["do"], inner, b, f"{where}.do")
