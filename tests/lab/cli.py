"""The lab's command line: up, status, deploy, kill|stop|start|cut|heal NODE, down, bench."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from project import RPM

from . import control, faults, observe
from .errors import LabError


def parse_settings(items: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            raise LabError(f"--set takes KEY=VALUE, got {item!r}")
        key, value = item.split("=", 1)
        out[key] = {"true": True, "false": False}.get(value.lower(), value)
    return out


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m lab", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="create the nodes and deploy")
    up.add_argument("--controllers", type=int, default=3)
    up.add_argument("--computes", type=int, default=1)
    up.add_argument("--resources", type=int, default=300)
    up.add_argument("--interval", type=int, default=10, help="polling interval (s)")
    up.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a plugin setting")
    up.add_argument("--no-plugin", action="store_true", help="Fuel's default, as a baseline")
    up.add_argument("--rpm", type=Path, default=RPM)
    up.add_argument("--no-wait", action="store_true", help="do not wait for a settled partition")
    up.add_argument("--zookeeper", choices=["3.4", "3.8"], default="3.4",
                    help="ZooKeeper line on the nodes: 3.4 (Debian 11's 3.4.13, as on Fuel 9) or 3.8 (Debian 12's)")
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
    bench = sub.add_parser("bench", help="benchmarks (see README)")
    bench.add_argument("--rpm", type=Path, default=RPM)
    return p


def settled(status: observe.Status) -> bool:
    return status.partition_ok() and len(status.shares) >= 1


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "up":
            options = control.Options(controllers=args.controllers, computes=args.computes,
                                      resources=args.resources, interval=args.interval,
                                      plugin=not args.no_plugin, settings=parse_settings(args.set),
                                      zookeeper=args.zookeeper)
            control.up(options, None if args.no_plugin else args.rpm)
            if not args.no_wait:
                print("lab: waiting for the agents' next cycles ...")
                status = observe.wait_for(settled, timeout=4 * args.interval + 30, interval=2)
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
            from . import bench
            bench.run(args.rpm)
        else:
            faults.node_action(args.command, args.node)
    except (LabError, ValueError) as exc:
        print(f"lab: error: {exc}", file=sys.stderr)
        return 1
    return 0
