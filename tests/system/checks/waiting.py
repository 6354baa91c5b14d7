"""Waiting for what a check expects. Python 2.7 and 3."""

from __future__ import absolute_import, division, print_function

import time


def wait_until(probe, done, timeout, interval=1.0):
    """Calls probe() until done(value) holds or timeout seconds have passed; returns
    (value, seconds waited). Never raises for a timeout: the caller asserts."""
    started = time.time()
    while True:
        value = probe()
        if done(value) or time.time() - started >= timeout:
            return value, time.time() - started
        time.sleep(interval)
