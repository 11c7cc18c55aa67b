import pytest
from drivers.config import parse_devices
from drivers.manager import DeviceManager
from tests.waiting import wait_for


@pytest.mark.parametrize("driver", ["crt591", "k720"])
def test_scratch(driver, settings_env):
    configs = parse_devices(f"[d]\ndriver='{driver}'\nmock=true\nsim_move_delay=0.05\nsim_hopper=4\n", "d")
    with DeviceManager(configs, data_dir=settings_env / "data", poll_interval=0.1, backoff_max=0.3) as m:
        h = m.get("d")
        assert wait_for(lambda: h.connected and h.status.state == "online", timeout=10), h.status
        print(h.status)
        c = h.client()
        c.to_ic_position().result(10)
        print(c.card_position().result(5), h.status)
        c.eject().result(10)
        print(c.card_position().result(5))
        h.mock.perform("take_card")
        print(c.wait_taken(2).result(5))
        c.to_ic_position().result(10)
        print(c.capture().result(10), h.status)
        h.mock.inject("jam")
        try:
            c.to_ic_position().result(10)
        except Exception as e:
            print("jam:", type(e).__name__, e)
        print(h.status)
        h.mock.perform("clear_jam")
        c.reset().result(10)
        print(h.status)
        c.to_ic_position().result(10)
        try:
            c.to_ic_position().result(10); c.capture().result(10); c.to_ic_position().result(10)
        except Exception as e:
            print("empty:", type(e).__name__, e)
        print(h.status, h.simulator.mech.accounted(), h.simulator.mech.picked)
