"""Publishing a benchmark's report: its tables, note and plots into the guide
(doc/source/bench/, which performance.rst includes) and its figures into the README."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from ..errors import LabError
from .report import markdown

# What `make bench-publish` copies into the guide, and where the README shows it. A plan
# without crash trials has no crash plot.
PUBLISHED = ("about.txt", "steady.csv", "faults.csv", "cycle-time.png")
CRASH_PLOT = "crash-gaps.png"
README_BEGIN = "<!-- bench-publish: begin -->"
README_END = "<!-- bench-publish: end -->"


def readme_figures(published: Path, link: str) -> str:
    """The README's block of the latest figures, from the guide's copies in `published`
    (the plots linked as `link`/NAME.png)."""
    lines = [README_BEGIN, "", *(published / "about.txt").read_text().strip().splitlines(), ""]
    for name, title in (("steady.csv", "Steady state"), ("faults.csv", "Faults")):
        with open(published / name, newline="") as source:
            rows = list(csv.reader(source))
        lines += [f"{title}:", "", *markdown(rows[0], rows[1:]), ""]
    lines.append(f"![Longest polling cycle against resources]({link}/cycle-time.png)")
    if (published / CRASH_PLOT).exists():
        lines.append(f"![Unpolled time around a crash]({link}/{CRASH_PLOT})")
    return "\n".join([*lines, "", README_END])


def publish(report: Path, guide: Path, readme: Path | None) -> None:
    """Copies a benchmark's tables, note and plots into the guide, and shows them in the
    README between its bench-publish markers (readme None: the guide only)."""
    missing = [name for name in PUBLISHED if not (report / name).exists()]
    if missing:
        raise LabError(f"{report} holds no {', '.join(missing)}: run `make bench` first")
    # The README is checked before the guide changes: a refused publish changes nothing.
    text = "" if readme is None else readme.read_text()
    start, end = text.find(README_BEGIN), text.find(README_END)
    if readme is not None and not 0 <= start < end:
        raise LabError(f"{readme} has no {README_BEGIN} line followed by a {README_END} line to hold the figures")
    guide.mkdir(parents=True, exist_ok=True)
    (guide / CRASH_PLOT).unlink(missing_ok=True)  # the old one would stand beside figures it does not belong to
    for name in (*PUBLISHED, CRASH_PLOT):
        if (report / name).exists():
            (guide / name).write_bytes((report / name).read_bytes())
    if readme is not None:
        link = Path(os.path.relpath(guide.resolve(), readme.resolve().parent)).as_posix()
        readme.write_text(text[:start] + readme_figures(guide, link) + text[end + len(README_END):])
