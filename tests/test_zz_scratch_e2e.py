import json
from drivers.config import parse_devices
from drivers.manager import DeviceManager
from kiosk.sync.central import build_central
from kiosk.journeys.ssc.runner import Runner, wait_devices
from tests.pcscd import card_present, pcscd  # noqa
from tests.waiting import wait_for

DEVICES = """
[smartcard]
driver = "pcsc_ssc"
mock = true
timeout = 3.0
[card_dispenser]
driver = "crt591"
mock = true
sim_reader = "smartcard"
sim_move_delay = 0.05
"""

def test_e2e(pcscd, central, tmp_path, settings_env):
    assert wait_for(lambda: not card_present("Virtual PCD 00 00"), timeout=10)
    settings = central.settings(tmp_path)
    k = build_central(settings); k.start()
    m = DeviceManager(parse_devices(DEVICES, "d"), data_dir=settings.data_dir, poll_interval=0.2, backoff_max=0.5).start()
    try:
        assert wait_devices(m, ("smartcard", "card_dispenser"), 15)
        r = Runner(m, k)
        res = r.reissue("110101198506150035")
        print(json.dumps(res.to_json(), ensure_ascii=False, indent=1))
        print([q.key for q in r.effects.requests])
        mech = m.get("card_dispenser").simulator.mech
        print(mech.picked, mech.accounted(), [c.to_card().to_json()["card_number"] for c in mech.taken])
        assert wait_for(lambda: not k.outbox.owes(res.application_id), timeout=10)
        print(k.ssc.application(res.application_id)["state"])
    finally:
        m.stop(); k.close()
