"""Issue 19, points 7-9: configuration and CLI input that gave tracebacks (or were taken
without a word) are one line naming the file and the key, exit 2; the log redactor catches
what slipped past it; a reader answering bad checksums says so."""
from __future__ import annotations

import logging

import pytest

from kiosk.central.cli import main as central_main
from kiosk.cli import main
from kiosk.config import load_settings


def _run(capsys, argv, cli=main) -> tuple[int, str]:
    code = cli(argv)
    err = capsys.readouterr().err.strip()
    return code, err


@pytest.mark.parametrize("text,key,words", [
    ('[kiosk]\nlog_level = "LOUD"\n', "[kiosk] log_level", "must be one of"),
    ('[central]\nconnect_timeout_s = -1\n', "[central] connect_timeout_s", "positive"),
    ('[central]\nread_timeout_s = 0\n', "[central] read_timeout_s", "positive"),
    ('[kiosk]\nidle_timeout_s = -5\n', "[kiosk] idle_timeout_s", "positive"),
    ('[central]\nurl = "http://"\n', "[central] url", "names no host"),
    ('[kiosk]\ndata_dir = ""\n', "[kiosk] data_dir", "must not be empty"),
])
def test_bad_settings_are_one_line_with_file_and_key(tmp_path, settings_env, capsys, text, key,
                                                     words, monkeypatch):
    if "data_dir" in text:
        monkeypatch.delenv("KIOSK__KIOSK__DATA_DIR")
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(text, encoding="utf-8")
    code, err = _run(capsys, ["--config", str(cfg), "outbox", "status"])
    assert code == 2 and len(err.splitlines()) == 1, err
    assert str(cfg) in err and key in err and words in err


def test_config_file_that_is_not_utf8(tmp_path, settings_env, capsys):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_bytes('[kiosk]\nhall_name = "市政务服务中心"\n'.encode("gbk"))
    code, err = _run(capsys, ["--config", str(cfg), "outbox", "status"])
    assert code == 2 and len(err.splitlines()) == 1 and "not UTF-8" in err and "line 2" in err


@pytest.mark.parametrize("make,words", [
    (lambda d: (d / "file").write_text("x"), "is a file"),
    (lambda d: (d / "parent").write_text("x"), "cannot be created"),
])
def test_data_dir_that_is_a_file_or_cannot_be_made(tmp_path, settings_env, capsys, make, words,
                                                    monkeypatch):
    monkeypatch.delenv("KIOSK__KIOSK__DATA_DIR")
    make(tmp_path)
    target = tmp_path / "file" if words == "is a file" else tmp_path / "parent" / "data"
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{target}"\n', encoding="utf-8")
    code, err = _run(capsys, ["--config", str(cfg), "outbox", "status"])
    assert code == 2 and len(err.splitlines()) == 1 and "[kiosk] data_dir" in err
    assert words in err


def test_relative_data_dir_is_relative_to_the_config_file(tmp_path, monkeypatch):
    monkeypatch.delenv("KIOSK__KIOSK__DATA_DIR", raising=False)
    (tmp_path / "etc").mkdir()
    cfg = tmp_path / "etc" / "kiosk.toml"
    cfg.write_text('[kiosk]\ndata_dir = "state"\nkey_backup_dir = "keys2"\n', encoding="utf-8")
    monkeypatch.chdir("/")
    s = load_settings(cfg, environ={})
    assert s.data_dir == tmp_path / "etc" / "state"
    assert s.key_backup_dir == tmp_path / "etc" / "keys2"


@pytest.mark.parametrize("argv,words", [
    (["tickets", "--db", "bogus://"], "--db bogus://"),
    (["token", "KSK-T-01", "--days", "nan"], "--days nan"),
    (["token", "KSK-T-01", "--days", "0"], "--days 0"),
    (["token", ""], "KIOSK_ID"),
])
def test_central_cli_bad_input_is_one_line_exit_2(tmp_path, capsys, argv, words):
    code, err = _run(capsys, ["--data-dir", str(tmp_path), *argv], cli=central_main)
    assert code == 2 and len(err.splitlines()) == 1 and words in err, err


# ---------------------------------------------------------------------- 8. the redactor
@pytest.mark.parametrize("text,secret", [
    ("call +86 13812345678 now", "1234"),
    ("call +8613812345678", "1234"),
    ("tel 138 1234 5678", "1234"),
    ("tel 138-1234-5678", "1234"),
    ("ID110101199003071234 read", "1990030712"),
    ("no=110101199003071234abc", "1990030712"),
    ("old card 110101900307123 read", "900307"),
])
def test_redactor_catches_what_slipped_past_it(text, secret):
    from kiosk.privacy import redact

    assert secret not in redact(text)


def test_redactor_reaches_into_tracebacks(caplog):
    from kiosk.privacy import RedactingFilter

    logger = logging.getLogger("test.redact.tb")
    handler = logging.StreamHandler(stream := __import__("io").StringIO())
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    try:
        try:
            raise ValueError("bad card 110101199003071234 for 13812345678")
        except ValueError:
            logger.exception("reading failed")
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    assert "Traceback" in text and "ValueError" in text
    assert "1990030712" not in text and "13812345678" not in text


def test_fifteen_digit_timestamps_are_left_alone():
    from kiosk.privacy import redact

    assert redact("took 1700000000000 ms") == "took 1700000000000 ms"


# ---------------------------------------------------------------------- 9. bad checksums
def test_reader_answering_bad_checksums_is_named_not_not_opened_yet(settings_env, capsys):
    from drivers.idcard.simulator import IdCardSimulator

    sim = IdCardSimulator("idcard", card="resident").start()
    try:
        sim.inject("bad_checksum", on="all")
        code = main(["idcard", "read", "--port", sim.port, "--timeout", "0.5"])
        err = capsys.readouterr().err
    finally:
        sim.stop()
    assert code == 3 and "checksum" in err and "not opened yet" not in err
