"""Sphinx configuration of the operator's guide."""

project = "Ceilometer central agent HA with ZooKeeper (Fuel plugin)"
copyright = "2026, fuel-plugin-ceilometer-zookeeper developers"
version = "1.0"
release = "1.0.0"
master_doc = "index"
extensions: list[str] = []
exclude_patterns: list[str] = []
html_theme = "alabaster"
