"""The emulated Fuel environment: its nodes, their roles and addresses, the plugin's
settings, and the per-node data Fuel serializes to astute.yaml (what hiera serves)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any

PLUGIN_NAME = "ceilometer-zookeeper"
DOMAIN = "test.domain.local"


def node_address(subnet: str, uid: int) -> str:
    """A node's management address: <subnet>.(uid + 2) (.1 is left for a gateway)."""
    return str(ipaddress.ip_network(subnet).network_address + uid + 2)


@dataclass
class Node:
    uid: int
    roles: list[str]
    address: str  # management address

    @property
    def name(self) -> str:
        return f"node-{self.uid}"

    @property
    def fqdn(self) -> str:
        return f"{self.name}.{DOMAIN}"

    @property
    def is_controller(self) -> bool:
        return any(r in ("controller", "primary-controller") for r in self.roles)


@dataclass
class Environment:
    nodes: list[Node]
    subnet: str
    plugin_enabled: bool = True
    ceilometer_enabled: bool = True
    settings: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, controllers: int, computes: int, subnet: str, settings: dict[str, Any],
              plugin_enabled: bool = True, ceilometer_enabled: bool = True,
              first_uid: int = 1) -> Environment:
        nodes = []
        for i in range(controllers + computes):
            uid = first_uid + i
            if i < controllers:
                roles = ["primary-controller"] if i == 0 else ["controller"]
            else:
                roles = ["compute"]
            nodes.append(Node(uid=uid, roles=roles, address=node_address(subnet, uid)))
        return cls(nodes=nodes, subnet=subnet, plugin_enabled=plugin_enabled,
                   ceilometer_enabled=ceilometer_enabled, settings=dict(settings))

    @property
    def controllers(self) -> list[Node]:
        return [n for n in self.nodes if n.is_controller]

    def node(self, name: str) -> Node:
        for n in self.nodes:
            if n.name == name:
                return n
        raise KeyError(f"no node {name}; nodes: {', '.join(n.name for n in self.nodes)}")

    def network_metadata(self) -> dict[str, Any]:
        nodes = {}
        for n in self.nodes:
            nodes[n.name] = {
                "uid": str(n.uid),
                "fqdn": n.fqdn,
                "name": n.name,
                "user_node_name": n.name,
                "swift_zone": str(n.uid),
                "node_roles": list(n.roles),
                "network_roles": {
                    "management": n.address,
                    "mgmt/api": n.address,
                    "mgmt/database": n.address,
                    "mgmt/messaging": n.address,
                    "mgmt/corosync": n.address,
                    "mgmt/vip": n.address,
                },
            }
        first = self.controllers[0].address if self.controllers else None
        return {"nodes": nodes, "vips": {"management": {"ipaddr": first}}}

    def plugin_hash(self) -> dict[str, Any]:
        data: dict[str, Any] = {"metadata": {"enabled": self.plugin_enabled,
                                             "plugin_version": "1.0.0"}}
        data.update(self.settings)
        return data

    def astute(self, node: Node) -> dict[str, Any]:
        """What Fuel 9 serializes for one node (the keys the plugin and lab read)."""
        primary = [n for n in self.nodes if "primary-controller" in n.roles]
        return {
            "uid": str(node.uid),
            "fqdn": node.fqdn,
            "node_name": node.name,
            "user_node_name": node.name,
            "role": node.roles[0],
            "roles": list(node.roles),
            "deployment_mode": "ha_compact",
            "primary_controller": "primary-controller" in node.roles,
            "management_vip": primary[0].address if primary else None,
            "network_metadata": self.network_metadata(),
            "ceilometer": {"enabled": self.ceilometer_enabled, "metering_secret": "lab"},
            "aodh": {"enabled": self.ceilometer_enabled},
            PLUGIN_NAME: self.plugin_hash(),
        }

    def ui_models(self) -> dict[str, Any]:
        """The models legacy string conditions see (cluster settings as the UI has them)."""
        plugin = {k: {"value": v} for k, v in self.settings.items()}
        plugin["metadata"] = {"enabled": self.plugin_enabled}
        return {
            "settings": {
                "additional_components": {"ceilometer": {"value": self.ceilometer_enabled}},
                PLUGIN_NAME: plugin,
            },
            "cluster": {"mode": "ha_compact", "net_provider": "neutron"},
        }
