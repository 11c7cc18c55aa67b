"""`kiosk idcard read`: every card type with every field, faults as one line and an exit
code, mock mode through the real console script, and a simulator in another process."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from drivers.idcard.simulator import IdCardSimulator, fictitious_cards
from kiosk.cli import main

ROOT = Path(__file__).resolve().parents[1]
KIOSK = ROOT / ".venv" / "bin" / "kiosk"

PHOTO = fictitious_cards()  # photo bytes are deterministic per card

EXPECTED = {
    "resident": {
        "card_type": "resident", "name": "张三", "name_en": None, "gender": "male",
        "nation": "汉", "birth_date": "1985-06-15", "address": "北京市东城区示例胡同1号",
        "id_number": "110101198506150035", "id_number_valid": True,
        "issuer": "北京市公安局东城分局", "valid_from": "2016-03-01", "valid_to": "2036-03-01",
        "nationality": None, "pass_number": None, "issue_count": None, "fingerprint_bytes": 0,
    },
    "resident_senior": {
        "card_type": "resident", "name": "李四", "name_en": None, "gender": "female",
        "nation": "回", "birth_date": "1948-02-29", "address": "上海市黄浦区样例路88弄3号",
        "id_number": "310101194802290023", "id_number_valid": True,
        "issuer": "上海市公安局黄浦分局", "valid_from": "2012-05-20", "valid_to": "long-term",
        "nationality": None, "pass_number": None, "issue_count": None, "fingerprint_bytes": 0,
    },
    "hmt": {
        "card_type": "hmt_residence_permit", "name": "陈小明", "name_en": None,
        "gender": "male", "nation": None, "birth_date": "1990-01-01",
        "address": "广东省深圳市福田区示范大道100号", "id_number": "810000199001010019",
        "id_number_valid": True, "issuer": "深圳市公安局", "valid_from": "2024-07-01",
        "valid_to": "2029-07-01", "nationality": None, "pass_number": "H00000000",
        "issue_count": 1, "fingerprint_bytes": 0,
    },
    "foreign2017": {
        "card_type": "foreign_permanent_2017", "name": "约翰", "name_en": "DOE, JOHN",
        "gender": "male", "nation": None, "birth_date": "1980-04-05", "address": "",
        "id_number": "USA110080040501", "id_number_valid": True, "issuer": "1500",
        "valid_from": "2018-09-01", "valid_to": "2028-09-01", "nationality": "USA",
        "pass_number": None, "issue_count": None, "fingerprint_bytes": 0,
    },
    "foreign2023": {
        "card_type": "foreign_permanent_2023", "name": "玛丽",
        "name_en": "MUSTERFRAU, ERIKA ANNA-MARIA TESTPERSON", "gender": "female",
        "nation": None, "birth_date": "1992-11-30", "address": "",
        "id_number": "931276199211300029", "id_number_valid": True, "issuer": "",
        "valid_from": "2023-12-01", "valid_to": "2033-12-01", "nationality": "DEU",
        "pass_number": None, "issue_count": None, "fingerprint_bytes": 0,
    },
}


@pytest.fixture
def sim(settings_env):
    s = IdCardSimulator("idcard", card=None).start()
    yield s
    s.stop()


def read_json(capsys, *extra):
    code = main(["idcard", "read", *extra, "--json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else None), err


@pytest.mark.parametrize("key", list(EXPECTED))
def test_cli_reads_every_card_type_with_every_field(sim, capsys, key):
    import base64

    sim.place_card(key)
    code, data, err = read_json(capsys, "--port", sim.port)
    assert code == 0, err
    for field, value in EXPECTED[key].items():
        assert data[field] == value, field
    assert base64.b64decode(data["photo_wlt_base64"]) == PHOTO[key].photo_wlt
    assert data["mock"] is False


def test_cli_fingerprint_and_text_output(sim, capsys):
    sim.place_card("resident")
    code, data, _ = read_json(capsys, "--port", sim.port, "--fingerprint")
    assert code == 0 and data["fingerprint_bytes"] == 1024
    sim.place_card("resident_senior")
    assert main(["idcard", "read", "--port", sim.port, "--address"]) == 0
    out = capsys.readouterr().out
    assert "李四" in out and "长期" not in out and "long-term" in out
    assert "上海市浦东新区虚构路9号" in out  # appended address


@pytest.mark.parametrize("setup,code,words", [
    (lambda s: None, 1, "no card"),
    (lambda s: (s.place_card("resident"), s.inject("card_left")), 1, "place it again"),
    (lambda s: (s.place_card("resident"), s.inject("read_fail")), 3, "reading the card failed"),
    (lambda s: (s.place_card("resident"), s.inject("auth_fail")), 3, "authenticate"),
    (lambda s: (s.place_card("resident"), s.inject("bad_checksum")), 3, "checksum"),
    (lambda s: s.inject("sam_unauthorised"), 3, "not authorised"),
])
def test_cli_faults_give_one_line_and_a_nonzero_exit(sim, capsys, setup, code, words):
    setup(sim)
    assert main(["idcard", "read", "--port", sim.port, "--json", "--timeout", "0.5"]) == code
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and words in err
    # the reader recovers: clear the fault, place the card again, read
    sim.clear()
    sim.place_card("resident")
    assert main(["idcard", "read", "--port", sim.port, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "张三"


def test_cli_missing_port_is_one_line(settings_env, capsys):
    code = main(["idcard", "read", "--port", str(settings_env / "no-such-tty")])
    err = capsys.readouterr().err
    assert code == 3 and "no-such-tty" in err and len(err.strip().splitlines()) == 1


def _env(settings_env):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK__")}
    env["KIOSK__KIOSK__DATA_DIR"] = str(settings_env / "data")
    env["XDG_RUNTIME_DIR"] = str(settings_env / "run")
    return env


def test_mock_read_through_the_console_script(settings_env):
    # the embedded demo reader starts empty (the demo lays cards on it): this one has a card
    devices = settings_env / "devices.toml"
    devices.write_text('[idcard]\ndriver = "sam_idcard"\nmock = true\nsim_card = "resident"\n')
    proc = subprocess.run([str(KIOSK), "idcard", "read", "--mock", "--json",
                           "--devices", str(devices)],
                          capture_output=True, text=True, timeout=60, env=_env(settings_env))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["mock"] is True and data["card_type"] == "resident"
    assert data["id_number_valid"] is True and data["name"] == "张三"
    assert "110101198506150035" not in proc.stderr  # logs show only the masked number


def test_simulator_in_another_process(settings_env, capsys):
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "idcard", "simulate", "--card", "hmt"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            env=_env(settings_env), cwd=ROOT)
    try:
        port = proc.stdout.readline().strip()
        assert port
        code, data, err = read_json(capsys, "--port", port)
        assert code == 0, err
        assert data["card_type"] == "hmt_residence_permit" and data["pass_number"] == "H00000000"
        proc.stdin.write("place foreign2023\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "ok"
        code, data, err = read_json(capsys, "--port", port)
        assert data["nationality"] == "DEU"
        proc.stdin.write("quit\n")
        proc.stdin.flush()
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
