from drivers.config import parse_devices
from drivers.manager import DeviceManager
from drivers.core.status import DeviceState, MediaState
from tests.pcscd import card_present, pcscd  # noqa
from tests.waiting import wait_for
import time


def test_scratch(pcscd, settings_env):
    assert wait_for(lambda: not card_present("Virtual PCD 00 00"), timeout=10)
    configs = parse_devices("[r]\ndriver='pcsc_ssc'\nmock=true\ntimeout=1.5\nsim_card='zhangsan'\n", "d")
    with DeviceManager(configs, data_dir=settings_env / "data", poll_interval=0.1, backoff_max=0.3) as m:
        h = m.get("r")
        assert wait_for(lambda: h.status.supplies.get("card") == MediaState.PRESENT, timeout=10)
        c = h.client()
        card = c.read_ssc().result(10)
        print(card.to_json())
        h.mock.perform("place_card", card="lisi")
        t0 = time.monotonic()
        atr = c.wait_card(5).result(10)
        print("wait", time.monotonic() - t0, atr)
        card = c.read_ssc().result(10)
        print(card.to_json())
        h.mock.perform("place_card", card="blank3")
        c.wait_card(5).result(10)
        print(c.prepare_issue().result(10))
        h.mock.inject("mute")
        h.mock.perform("place_card", card="zhangsan")
        try:
            print(c.wait_card(3).result(10))
        except Exception as e:
            print("mute:", type(e).__name__, e)
        h.mock.clear("mute")
        h.mock.perform("remove_card")
