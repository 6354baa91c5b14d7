"""The lab's plug-ins for the real Ceilometer 8.1.5 (Ocata) polling agent, on Python 2.7.

Plain setuptools (no pbr, no pyproject.toml): installs with pip 20.3 / setuptools 44.
"""

from setuptools import setup

setup(
    name="lab-ceilometer-mitaka",
    version="1.0.0",
    description="The local lab's stand-ins around the real Ceilometer 8.1.5 polling agent",
    # lab_samples: the lab's notifier driver.
    py_modules=["lab_ceilometer_mitaka", "lab_samples"],
    python_requires=">=2.7, <3",
    entry_points={
        # The entry point's name is the pollster's name: polling.yaml's `meters` match it.
        "ceilometer.poll.central": [
            "lab.resource.size = lab_ceilometer_mitaka:ResourceSizePollster",
        ],
        # The name is what a pollster's default_discovery asks for.
        "ceilometer.discover.central": [
            "lab_resources = lab_ceilometer_mitaka:LabResourcesDiscovery",
        ],
        "oslo.messaging.notify.drivers": [
            "labfile = lab_samples:SampleFileDriver",
        ],
    },
)
