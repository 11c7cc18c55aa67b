"""Byte builders, the renderer's command parser and the layout templates (no transport)."""
import pytest

from drivers.printer.commands import CHINESE_ON, EscPosBuilder, Paper, clean, wrap
from drivers.printer.raster import text_cells
from drivers.printer.simulator.interpreter import render_bytes
from drivers.printer.simulator.tokenizer import Tokenizer, tokenize
from kiosk.printing.template import TemplateError, check, load_template, render


def test_paper_geometry():
    assert Paper(80).dots == 576 and Paper(80).cells == 48
    assert Paper(58).dots == 384 and Paper(58).cells == 32


def test_chinese_punctuation_is_sent_as_gb18030_not_question_marks():
    # python-escpos would print "?" for a line of Chinese punctuation only (no U+4E00–9FA5)
    b = EscPosBuilder().init()
    b.line("（）：、。")
    data = b.finish()
    assert CHINESE_ON in data
    assert "（）：、。".encode("gb18030") + b"\n" in data
    assert b"?" not in data
    assert render_bytes(data)[0].lines == ["（）：、。"]


def test_control_bytes_from_data_cannot_inject_commands():
    b = EscPosBuilder().init()
    b.line("张三\x1dV\x00\x1b@")  # a cut and a reset hidden in a "name"
    data = b.finish()
    assert b"\x1dV\x00" not in data and data.count(b"\x1b@") == 1
    assert clean("a\tb\x07c") == "a bc"


def test_wrap_by_printer_cells_and_no_closing_punctuation_at_line_start():
    lines = wrap("请携带身份证原件及复印件一份，到三楼窗口办理。", 20)
    assert all(text_cells(x) <= 20 for x in lines)
    assert not any(x[:1] in "，。" for x in lines[1:])
    assert "".join(lines) == "请携带身份证原件及复印件一份，到三楼窗口办理。"
    assert wrap("Ask at the service desk", 10) == ["Ask at the", "service", "desk"]


def test_fit_width_shrinks_only_as_needed():
    assert EscPosBuilder(Paper(80)).fit_width("C023", 6) == 6
    assert EscPosBuilder(Paper(58)).fit_width("K1-C023", 6) == 4
    assert EscPosBuilder(Paper(80)).fit_width("K1-C023", 8) == 6


def test_native_qr_barcode_and_cut_bytes():
    b = EscPosBuilder().init()
    b.qr("https://q.example/t/1", size=6)
    b.barcode("C023")
    b.cut(partial=True)
    data = b.finish()
    assert b"\x1d(k\x04\x001A2\x00" in data  # model 2
    assert b"\x1d(k\x03\x001C\x06" in data  # module size 6
    assert b"1P0https://q.example/t/1" in data and b"\x1d(k\x03\x001Q0" in data
    assert b"\x1dkI\x06{BC023" in data  # CODE128, code set B
    assert data.endswith(b"\x1bd\x06\x1dV\x01\x1c.")
    page = render_bytes(data)[0]
    assert page.qr_codes == ["https://q.example/t/1"] and page.barcodes == ["C023"]
    assert page.cut == "partial" and page.unknown == []


def test_styles_only_sent_when_they_change():
    b = EscPosBuilder().init()
    b.line("a", bold=True, width=2, height=2)
    n = len(b)
    b.line("b", bold=True, width=2, height=2)
    assert len(b) - n == 2  # just "b\n"


def test_raster_mode_sends_chinese_lines_as_gs_v_0():
    b = EscPosBuilder(chinese="raster").init()
    b.line("市政务服务中心", align="center")
    b.line("ASCII stays text")
    data = b.finish()
    assert b"\x1dv0\x00" in data and "市".encode("gb18030") not in data
    assert b"ASCII stays text\n" in data and CHINESE_ON not in data
    page = render_bytes(data)[0]
    assert page.images == 1 and page.lines == ["ASCII stays text"]


def test_four_byte_characters_fall_back_to_an_image_line():
    b = EscPosBuilder().init()
    b.line("姓名：䶮𠀀")  # 𠀀 (U+20000) is four bytes in GB18030
    assert b.raster_lines == 1
    b2 = EscPosBuilder(four_byte_native=True).init()
    b2.line("姓名：䶮𠀀")
    assert b2.raster_lines == 0 and "𠀀".encode("gb18030") in b2.finish()


def test_tokenizer_handles_commands_split_across_chunks():
    b = EscPosBuilder().init()
    b.line("中文 text", bold=True)
    b.qr("https://x.example/1")
    b.cut()
    data = b.finish()
    t = Tokenizer()
    toks = []
    for i in range(len(data)):
        toks += t.feed(data[i : i + 1])
    assert t.pending == 0
    assert b"".join(x.raw for x in toks) == data
    assert [x.raw for x in toks if x.kind != "text"] == [
        x.raw for x in tokenize(data) if x.kind != "text"]


def test_realtime_commands_are_recognised_but_not_inside_image_data():
    img = b"\x1dv0\x00\x01\x00\x03\x00" + b"\x10\x04\x01"  # image data that looks like DLE EOT
    toks = list(tokenize(img + b"\x10\x04\x04"))
    assert [t.kind for t in toks] == ["gs", "dle"]
    assert toks[1].args == b"\x04"


def test_renderer_flags_lines_too_wide_for_the_paper():
    b = EscPosBuilder(Paper(58)).init()
    b.raw(b"\x1d!\x11" + "一二三四五六七八九十".encode("gb18030") + b"\n")  # 40 cells at 2x on 32
    page = render_bytes(b.finish(), 58)[0]
    assert page.wrapped == 1


def test_renderer_reports_unknown_commands():
    page = render_bytes(b"\x1bz\x01abc\n")[0]  # ESC z: not an ESC/POS command we know
    assert page.unknown and page.lines[-1].endswith("abc")


def test_template_errors_name_file_block_and_problem(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[block]]\ntext = "{x}"\ncolour = "red"\n', encoding="utf-8")
    with pytest.raises(TemplateError, match=r"bad.toml: block 1: unknown key\(s\).*colour"):
        load_template(bad)
    bad.write_text('[[block]]\ntext = "{x.__class__}"\n', encoding="utf-8")
    with pytest.raises(TemplateError, match="plain name"):
        render(load_template(bad), {"x": 1}, EscPosBuilder().init())
    bad.write_text('[[block]]\ntext = "{missing}"\n', encoding="utf-8")
    with pytest.raises(TemplateError, match="unknown field"):
        render(load_template(bad), {}, EscPosBuilder().init())
    # format mistakes are TemplateErrors naming the block too, not a bare ValueError
    for i, (text, ctx) in enumerate((("{n:d}", {"n": "A001"}), ("{n", {"n": 1}),
                                     ("{n!z}", {"n": 1}))):
        fmt = tmp_path / f"fmt{i}.toml"
        fmt.write_text(f'[[block]]\ntext = "{text}"\n', encoding="utf-8")
        with pytest.raises(TemplateError, match=rf"fmt{i}.toml: block 1: cannot fill"):
            check(load_template(fmt), ctx)


def test_template_conditions_and_each(tmp_path):
    f = tmp_path / "t.toml"
    f.write_text(
        '[[block]]\ntext = "A {a}"\nwhen = "a"\n'
        '[[block]]\ntext = "B"\nunless = "a"\n'
        '[[block]]\neach = "items"\ndo = [ { text = "{index}. {name}" } ]\n',
        encoding="utf-8")
    for ctx, want in (({"a": 0, "items": [{"name": "x"}]}, ["B", "1. x"]),
                      ({"a": 5, "items": []}, ["A 5"])):
        b = EscPosBuilder().init()
        render(load_template(f), ctx, b)
        assert render_bytes(b.finish())[0].lines == want


def test_layout_errors_surface_when_the_job_is_made_not_on_the_device(tmp_path):
    from datetime import datetime

    from kiosk.printing import queue_ticket_job
    from kiosk.services import Ticket

    f = tmp_path / "custom.toml"
    f.write_text('[[block]]\ntext = "{number} {no_such_field}"\n', encoding="utf-8")
    t = Ticket("A001", "tax", "税务", "Tax", 1, "A01", datetime(2024, 5, 8, 9, 0))
    with pytest.raises(TemplateError, match="no_such_field"):
        queue_ticket_job(t, hall_name="市政务服务中心", template=f)


@pytest.mark.parametrize("text", ["SL20240508-0012", "C023", "12345678", "AB12345678CD", "A{B"])
def test_code128_matches_an_independent_encoder(text):
    import barcode

    from drivers.printer.commands import code128_payload, code128_pattern, code128_text

    payload = code128_payload(text)
    assert code128_text(payload) == text
    if "{" not in text:
        assert code128_pattern(payload) == barcode.get("code128", text).build()[0]


def test_case_number_barcode_fits_58mm_with_readable_bars():
    b = EscPosBuilder(Paper(58)).init()
    b.barcode("SL20240508-0012")
    data = b.finish()
    assert b"\x1dw\x02" in data and b"{C" in data  # digits packed in code set C
    page = render_bytes(data, 58)[0]
    assert page.barcodes == ["SL20240508-0012"] and page.clipped == 0
    with pytest.raises(ValueError, match="too long"):
        EscPosBuilder(Paper(58)).init().barcode("X" * 40)
