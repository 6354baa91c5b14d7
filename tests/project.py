"""Paths of the project that the tests share."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RPM = ROOT / "ceilometer-zookeeper-1.0-1.0.0-1.noarch.rpm"
VENV_BIN = ROOT / ".venv" / "bin"
