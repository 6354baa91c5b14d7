"""Sphinx configuration of the operator's guide."""

import sys
from pathlib import Path

# The settings table is read from environment_config.yaml by a local extension.
sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

project = "Ceilometer central agent HA with ZooKeeper (Fuel plugin)"
copyright = "2026, fuel-plugin-ceilometer-zookeeper developers"
version = "1.0"
release = "1.0.0"
master_doc = "index"
extensions: list[str] = ["plugin_settings"]
exclude_patterns: list[str] = []
html_theme = "alabaster"
