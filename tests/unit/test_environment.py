"""The lab's model of a Fuel environment."""

from __future__ import annotations

from lab.environment import Environment, node_address


def test_node_addresses_are_unique_and_stable() -> None:
    env = Environment.build(3, 2, "203.0.113.0/24", {})
    addresses = [n.address for n in env.nodes]
    assert len(set(addresses)) == len(addresses)
    # A controller added later (next uid) gets an address no node has.
    assert node_address(env.subnet, max(n.uid for n in env.nodes) + 1) not in addresses
    assert [node_address(env.subnet, n.uid) for n in env.nodes] == addresses
