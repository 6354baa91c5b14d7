"""The benchmark's report: results.json, report.md (the table `make bench` prints) and PNG
plots, in a time-stamped folder under the plan's results folder (not committed), with a
`latest` link to it."""

from __future__ import annotations

import csv
import json
import os
import platform
import statistics
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from model import stacks

from .plan import DEFAULT, TRIALS, Plan, Run


def fmt(value: float | int | None, spec: str) -> str:
    return "-" if value is None else spec.format(value)


def as_json(plan: Plan, runs: list[Run]) -> dict[str, Any]:
    return {"plan": {**asdict(plan), "results": str(plan.results)}, "runs": [asdict(r) for r in runs]}


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return f"{platform.node()}: {os.cpu_count()} x {model}, {pages / 2 ** 30:.0f} GiB, {platform.platform()}"


def spread(values: list[float]) -> str:
    """median [min-max] of the values, '-' without any."""
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0]:.1f}"
    return f"{statistics.median(values):.1f} [{min(values):.1f}-{max(values):.1f}]"


def ratio(plugin: float | None, default: float | None) -> str:
    return f"{plugin / default:.2f}" if plugin is not None and default else "-"


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def groups(runs: list[Run]) -> list[tuple[Run, list[Run]]]:
    """(Fuel's default, [the plugin's runs]) of each controller count and size, in order."""
    out = []
    for controllers, size in sorted({(r.controllers, r.resources) for r in runs}):
        same = [r for r in runs if (r.controllers, r.resources) == (controllers, size)]
        base = [r for r in same if r.mode == DEFAULT]
        if base:
            out.append((base[0], [r for r in same if r.mode != DEFAULT]))
    return out


def label(run: Run) -> str:
    if not run.settings:
        return run.mode
    return f"{run.mode} ({', '.join(f'{k}={v}' for k, v in sorted(run.settings.items()))})"


STEADY = ["controllers", "resources", "run", "longest cycle (s)", "ratio", "balance", "missed / cycle",
          "twice / cycle", "ZooKeeper packets / cycle", "ZooKeeper RSS (MiB)", "agent RSS (MiB)"]
FAULT = ["controllers", "resources", "fault", "run", "every resource polled again (s)", "ratio",
         "paused > 1.5 intervals", "longest gap (s)", "longest gap (intervals)", "surviving sessions lost"]


def cycle_of(run: Run) -> float | None:
    """The run's longest polling cycle; None when no agent finished a whole pass inside the
    steady window (a pass that outlasts it: see the run's note)."""
    return run.steady.longest_cycle


def steady_rows(runs: list[Run]) -> list[list[str]]:
    rows = []
    for base, others in groups(runs):
        for run in [base, *others]:
            st, base_cycle = run.steady, cycle_of(base)
            rows.append([str(run.controllers), str(run.resources), label(run), fmt(cycle_of(run), "{:.2f}"),
                         ratio(cycle_of(run), base_cycle), fmt(st.balance, "{:.2f}"),
                         f"{st.missed_per_cycle:.2f}", f"{st.twice_per_cycle:.2f}",
                         fmt(run.zookeeper_packets_per_cycle, "{:.0f}"), fmt(run.zookeeper_rss_mib, "{:.0f}"),
                         f"{run.agent_rss_mib:.0f}"])
    return rows


def fault_rows(runs: list[Run], interval: float) -> list[list[str]]:
    rows = []
    for base, others in groups(runs):
        for fault in TRIALS:
            recoveries = [t.recovery for t in base.trials if t.fault == fault and t.recovery is not None]
            for run in [base, *others]:
                trials = [t for t in run.trials if t.fault == fault]
                if not trials:
                    continue
                back = [t.recovery for t in trials if t.recovery is not None]
                never = len(trials) - len(back)
                counted = [t.sessions_lost for t in trials if t.sessions_lost is not None]
                lost = "-" if run.mode == DEFAULT or not counted else \
                    f"{sum(counted)} of {len(counted) * (run.controllers - 1)}"
                rows.append([str(run.controllers), str(run.resources), fault, label(run),
                             spread(back) + (f" ({never} never)" if never else ""),
                             ratio(median(back), median(recoveries)), spread([float(t.paused) for t in trials]),
                             spread([t.longest_gap for t in trials]),
                             spread([t.longest_gap / interval for t in trials]), lost])
    return rows


def markdown(header: list[str], rows: list[list[str]]) -> list[str]:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"  # a variant's setting may hold '|'

    return [line(header), "|" + "---|" * len(header), *map(line, rows)]


def utc(at: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(at))


def about(plan: Plan, when: str, started: str | None = None) -> str:
    span = when if started is None else f"from {started} to {when}"
    return (f"Measured {span} on {machine()}, {stacks.DESCRIPTION}. Polling interval {plan.interval} s; "
            f"the resource API answers each request after {plan.latency_ms} ms; steady state over {plan.cycles} "
            f"cycles; {plan.trials} trial(s) of each fault at random phases of the cycle (median [min-max]), "
            "one hot-plug per plugin run where the plan holds it. "
            "Ratio: this run / Fuel's default.")


def notes_of(runs: list[Run], failures: tuple[str, ...], pending: int) -> list[str]:
    """The report's notes: what a run could not measure, runs that never settled, and how
    many runs of the plan are still to come."""
    notes = [f"- {label(r)}, {r.controllers} controllers, {r.resources} resources: {n}" for r in runs for n in r.notes]
    notes += [f"- not measured: {f}" for f in failures]
    if pending:
        notes.append(f"- unfinished: {pending} more run(s) of the plan had not ended when this was written "
                     "(the benchmark was still running, or was stopped)")
    return notes


def table(plan: Plan, runs: list[Run], when: str, failures: tuple[str, ...] = (), pending: int = 0,
          started: str | None = None) -> str:
    lines = [f"# Benchmark, {started or when}", "", about(plan, when, started), "", "## Steady state", "",
             *markdown(STEADY, steady_rows(runs)), "", "## Faults", "",
             *markdown(FAULT, fault_rows(runs, plan.interval))]
    notes = notes_of(runs, failures, pending)
    if notes:
        lines += ["", "## Notes", "", *notes]
    return "\n".join(lines) + "\n"


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)


def finish(pyplot: Any, figure: Any, axes: Any, path: Path, xlabel: str, ylabel: str) -> Path:
    """Labels, grid and legend; saves the figure as path and closes it."""
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.grid(True, alpha=0.3)
    if axes.get_legend_handles_labels()[1]:  # no run measured yet: no legend to draw
        axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    pyplot.close(figure)
    return path


def plots(runs: list[Run], folder: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    written = []
    figure, axes = pyplot.subplots(figsize=(7, 4.5))
    for controllers in sorted({r.controllers for r in runs}):
        for mode in dict.fromkeys(r.mode for r in runs):
            chosen = sorted((r for r in runs if r.controllers == controllers and r.mode == mode
                             and cycle_of(r) is not None), key=lambda r: r.resources)
            if chosen:
                axes.plot([r.resources for r in chosen], [cycle_of(r) for r in chosen],
                          "o--" if mode == DEFAULT else "s-", label=f"{label(chosen[0])}, {controllers} controllers")
    axes.set_xscale("log")
    written.append(finish(pyplot, figure, axes, folder / "cycle-time.png", "resources",
                          "longest polling cycle of an agent (s)"))

    crashed = [(base, others) for base, others in groups(runs)
               if any(t.fault == "crash" for t in base.trials)]
    if crashed:
        base, others = max(crashed, key=lambda g: (g[0].resources, -g[0].controllers))
        figure, axes = pyplot.subplots(figsize=(7, 4.5))
        for run in [base, *others]:
            gaps = next((t.gaps for t in run.trials if t.fault == "crash"), None)
            if gaps:
                axes.plot([100.0 * i / max(1, len(gaps) - 1) for i in range(len(gaps))], gaps,
                          "--" if run.mode == DEFAULT else "-", label=label(run))
        axes.set_title(f"crash of the busiest agent's controller: {base.controllers} controllers, "
                       f"{base.resources} resources (first trial)", fontsize=10)
        written.append(finish(pyplot, figure, axes, folder / "crash-gaps.png", "resources, sorted by their gap (%)",
                              "unpolled time around the crash (s)"))
    return written


def write(plan: Plan, runs: list[Run], failures: tuple[str, ...] = (), folder: Path | None = None,
          pending: int = 0, started: float | None = None) -> Path:
    """The report of the runs into folder (a new one under plan.results by default), which
    `latest` then points to; `pending`: runs of the plan still to come; `started`: when
    the benchmark began (time.time())."""
    when = utc(time.time())
    since = None if started is None else utc(started)
    if folder is None:
        folder = plan.results / time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    folder.mkdir(parents=True, exist_ok=True)
    plan.results.mkdir(parents=True, exist_ok=True)
    (folder / "results.json").write_text(json.dumps({**as_json(plan, runs), "failures": list(failures),
                                                     "pending": pending, "when": when, "machine": machine()},
                                                    indent=1) + "\n")
    (folder / "report.md").write_text(table(plan, runs, when, failures, pending, since))
    # For the guide (doc/source/performance.rst includes copies of these, see `make bench-publish`).
    write_csv(folder / "steady.csv", STEADY, steady_rows(runs))
    write_csv(folder / "faults.csv", FAULT, fault_rows(runs, plan.interval))
    notes = notes_of(runs, failures, pending)
    (folder / "about.txt").write_text("\n".join([about(plan, when, since), *(["", *notes] if notes else [])]) + "\n")
    plots(runs, folder)
    link = plan.results / "latest.new"
    link.unlink(missing_ok=True)
    link.symlink_to(os.path.relpath(folder, plan.results))
    os.replace(link, plan.results / "latest")
    return folder
