"""Probes run inside the lab's client namespace (never from the host's): ZooKeeper
coordination groups and their members, read with kazoo as tooz stores them."""

from __future__ import annotations

import argparse
import json

from kazoo.client import KazooClient


def groups(hosts: str, namespace: str = "/tooz") -> dict[str, list[str]]:
    client = KazooClient(hosts=hosts, timeout=5, connection_retry={"max_tries": 2, "delay": 0.2})
    client.start(timeout=10)
    try:
        if not client.exists(namespace):
            return {}
        return {g: sorted(client.get_children(f"{namespace}/{g}")) for g in sorted(client.get_children(namespace))}
    finally:
        client.stop()
        client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", choices=["groups"])
    parser.add_argument("--hosts", required=True, help="host:port,host:port,...")
    args = parser.parse_args()
    print(json.dumps(groups(args.hosts)))


if __name__ == "__main__":
    main()
