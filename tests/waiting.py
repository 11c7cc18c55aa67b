"""Polling helper for tests of threaded devices: a generous deadline, never a fixed sleep."""
import time


def wait_for(predicate, timeout=5.0, interval=0.01):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
