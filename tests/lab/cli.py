"""The lab's command line: up, status, deploy, kill|stop|start|cut|heal NODE, down, bench,
bench-publish."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from model import stacks
from project import ROOT, RPM

from . import control, faults, observe
from .bench import publish, run
from .bench.plan import PLANS, TRIALS, Plan, named
from .errors import LabError
from .history import DEFAULT_FUEL, FUEL_VERSIONS
from .options import Options


def parse_settings(items: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            raise LabError(f"--set takes KEY=VALUE, got {item!r}")
        key, value = item.split("=", 1)
        out[key] = {"true": True, "false": False}.get(value.lower(), value)
    return out


def int_list(value: str) -> tuple[int, ...]:
    try:
        return tuple(int(v) for v in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers separated by commas, got {value!r}") from None


def variant(value: str) -> tuple[str, dict[str, str]]:
    name, _, settings = value.partition(":")
    pairs = [item.split("=", 1) for item in settings.split(",") if item]
    if not name or not pairs or any(len(p) != 2 for p in pairs):
        raise argparse.ArgumentTypeError(f"expected NAME:KEY=VALUE[,KEY=VALUE...], got {value!r}")
    return name, dict((k, v) for k, v in pairs)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m lab", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="create the nodes and deploy")
    up.add_argument("--controllers", type=int, default=3)
    up.add_argument("--computes", type=int, default=1)
    up.add_argument("--resources", type=int, default=300)
    up.add_argument("--interval", type=int, default=10, help="polling interval (s)")
    up.add_argument("--alarms", type=int, default=30,
                    help="alarms for aodh's evaluators; alarm N watches resource lab-NNNN")
    up.add_argument("--latency-ms", type=float, default=0.0, help="the resource API's wait per request (ms)")
    up.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a plugin setting")
    up.add_argument("--no-plugin", action="store_true", help="Fuel's default, as a baseline")
    up.add_argument("--rpm", type=Path, default=RPM)
    up.add_argument("--no-wait", action="store_true", help="do not wait for a settled partition")
    up.add_argument("--fuel", choices=FUEL_VERSIONS, default=DEFAULT_FUEL,
                    help="the deployment engine's memory for changed(): 9.2 (per task and node, successful "
                         "runs only; Fuel 9.0.1 and later) or 9.0 (9.0 GA: the whole last deployment)")
    sub.add_parser("status", help="nodes, ZooKeeper, Pacemaker, groups, shares")
    dep = sub.add_parser("deploy", help="redeploy with changed settings or controller count")
    dep.add_argument("--controllers", type=int)
    dep.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    dep.add_argument("--plugin", choices=["on", "off"])
    dep.add_argument("--rpm", type=Path)
    for action in faults.ACTIONS:
        a = sub.add_parser(action, help=f"{action} one node")
        a.add_argument("node")
    sub.add_parser("down", help="tear everything down")
    bench = sub.add_parser("bench", help="benchmarks (see README): Fuel's default and the plugin side by side")
    bench.add_argument("--rpm", type=Path, default=RPM)
    bench.add_argument("--plan", choices=tuple(PLANS), default="quick",
                       help="a named plan, which the options below change: quick (the default) fits in "
                            "90 minutes on 2 cores; full is the published one and takes hours")
    plan = Plan()
    bench.add_argument("--sizes", type=int_list, default=None, metavar="N,N,...",
                       help=f"resource counts (full plan: {','.join(map(str, plan.sizes))})")
    bench.add_argument("--controllers", type=int_list, default=None, metavar="N,N,...",
                       help=f"controller counts, 3 or more (full plan: {','.join(map(str, plan.controllers))})")
    bench.add_argument("--trials", type=int, default=None, help=f"trials of each fault (full plan: {plan.trials})")
    bench.add_argument("--faults", type=lambda v: tuple(v.split(",")), default=None, metavar="F,F,...",
                       help=f"faults to inject, of {', '.join(TRIALS)} (default all)")
    bench.add_argument("--cycles", type=int, default=None,
                       help=f"polling cycles of steady state (full plan: {plan.cycles})")
    bench.add_argument("--interval", type=int, default=None,
                       help=f"polling interval (default {plan.interval} s)")
    bench.add_argument("--latency-ms", type=float, default=None,
                       help=f"the resource API's wait per request (default {plan.latency_ms} ms)")
    bench.add_argument("--variant", type=variant, action="append", default=[], metavar="NAME:KEY=VALUE,...",
                       help="one more run of the plugin with these settings, measured beside the others "
                            "(repeatable), e.g. fast:coordination_timeout=5,zookeeper_tick_time=1000")
    bench.add_argument("--results", type=Path, default=ROOT / "bench-results",
                       help="folder of the reports (default bench-results/, not committed)")
    publish = sub.add_parser("bench-publish", help="copy a benchmark's report into the guide and the README")
    publish.add_argument("report", type=Path, nargs="?", default=ROOT / "bench-results" / "latest",
                         help="a report folder of `bench` (default bench-results/latest)")
    publish.add_argument("--to", type=Path, default=ROOT / "doc" / "source" / "bench",
                         help="the guide's folder for it (default doc/source/bench)")
    publish.add_argument("--no-readme", action="store_true",
                         help="the guide only: leave the README's latest figures as they are")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "up":
            options = Options(controllers=args.controllers, computes=args.computes, resources=args.resources,
                              interval=args.interval, alarms=args.alarms, plugin=not args.no_plugin,
                              settings=parse_settings(args.set),
                              latency_ms=args.latency_ms, fuel=args.fuel)
            control.up(options, None if args.no_plugin else args.rpm)
            if not args.no_wait:
                print("lab: waiting for the agents' next cycles ...")
                status = observe.wait_for(observe.Status.settled,
                                          timeout=stacks.settle_cycles() * args.interval + 30, interval=2)
            else:
                status = observe.collect()
            print(observe.render(status))
        elif args.command == "status":
            print(observe.render(observe.collect()))
        elif args.command == "deploy":
            control.redeploy(args.controllers, parse_settings(args.set),
                             None if args.plugin is None else args.plugin == "on", args.rpm)
            print(observe.render(observe.collect()))
        elif args.command == "down":
            control.down()
        elif args.command == "bench":
            run.main(named(args.plan, sizes=args.sizes, controllers=args.controllers, trials=args.trials,
                           faults=args.faults, cycles=args.cycles, interval=args.interval,
                           latency_ms=args.latency_ms, results=args.results,
                           variants=dict(args.variant) or None),
                     args.rpm)
        elif args.command == "bench-publish":
            publish.publish(args.report, args.to, None if args.no_readme else ROOT / "README.md")
            print(f"lab: {args.report} published in {args.to}" + ("" if args.no_readme else " and README.md"))
        else:
            faults.node_action(args.command, args.node)
    except (LabError, ValueError) as exc:
        print(f"lab: error: {exc}", file=sys.stderr)
        return 1
    return 0
