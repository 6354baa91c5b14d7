"""The fuel-qa backend against fuel-qa's real signatures (stable/mitaka, recorded in
tests/system/fuelqa_signatures.json with the commit they were read from): every call it
makes on a fuel-qa object binds to the recorded signature, every attribute it reads is
recorded, and a planted wrong call is caught. No fuel-qa is installed or imported here."""

from __future__ import annotations

import re

import pytest
from fuelqa_contract import BACKEND, analyze, load


@pytest.fixture(scope="module")
def signatures() -> dict:
    return load()


def test_the_signatures_say_where_they_were_read(signatures: dict) -> None:
    for name, branch in (("fuel-qa", "stable/mitaka"), ("fuel-devops", "release/2.9")):
        source = signatures["sources"][name]
        assert source["branch"] == branch
        assert re.fullmatch(r"[0-9a-f]{40}", source["commit"]), source
        assert source["repository"].startswith("https://github.com/openstack/")


def test_every_fuelqa_call_of_the_backend_fits_its_recorded_signature(signatures: dict) -> None:
    report = analyze(BACKEND.read_text(), signatures)
    assert report.problems == []
    targets = {c.target.rsplit(".", 1)[-1] for c in report.calls}
    # The interface's fuel-qa side, as the backend's docstring promises it.
    for name in ("upload_tarball", "install_plugin_check_code", "create_cluster", "update_plugin_data",
                 "update_nodes", "deploy_cluster_wait", "verify_network", "run_ostf", "execute_on_remote",
                 "warm_shutdown_nodes", "warm_start_nodes", "destroy", "revert_snapshot", "make_snapshot",
                 "log_snapshot_after_test", "TestBasic"):
        assert name in targets, f"the backend no longer calls {name}"
    print(f"\n{len(report.calls)} calls to fuel-qa, {len(targets)} distinct, all fit")


def test_every_recorded_signature_is_used(signatures: dict) -> None:
    """The data holds what the backend uses, nothing stale (re-record after a change)."""
    report = analyze(BACKEND.read_text(), signatures)
    used = {c.target for c in report.calls} | report.attributes
    recorded = {f"{m}.{f}" for m, module in signatures["modules"].items() for f in module["functions"]}
    recorded |= {f"{c}.{n}" for c, cls in signatures["classes"].items() for n in [*cls["methods"], *cls["attributes"]]}
    assert recorded - used == set()


# Each planted call is wrong against fuel-qa stable/mitaka in one way.
PLANTED = [
    ("self.fuel_web.deploy_cluster_wait(self.cluster_id, check_service=False)", "unexpected keyword"),
    ("self.fuel_web.update_nodes()", "missing a required argument"),
    ("self.fuel_web.update_nodes(self.cluster_id, {}, True, False, False, None, True, 'more')",
     "too many positional"),
    ("self.fuel_web.deploy_cluster(self.cluster_id)", "no recorded method or attribute 'deploy_cluster'"),
    ("fuelqa_utils.upload_tarball(ip='x', tar_path='y')", "missing a required argument: 'tar_target'"),
    ("fuelqa_utils.upload_plugin('x')", "fuelweb_test.helpers.utils.upload_plugin is not recorded"),
    ("self.ssh_manager.execute_on_remote(ip='x', command='ls')", "missing a required argument: 'cmd'"),
    ("self.env.d_env.get_node(name='slave-01')", "no recorded method or attribute 'd_env'"),
    ("self.test.env.fuel_web.client.get_cluster(self.cluster_id)", "no recorded method or attribute 'get_cluster'"),
    ("self._devops_node('node-1').destroy(force=True)", "unexpected keyword"),
    ("node = self._devops_node('node-1')\n        node.shutdown()", "no recorded method or attribute 'shutdown'"),
    ("self.fuel_web.run_ostf(*[self.cluster_id])", "*args or **kwargs"),
    ("TestBasic(1)", "too many positional"),
]


def plant(source: str, statement: str) -> str:
    """The backend with one more method holding statement, inside FuelQABackend."""
    method = f"\n    def planted(self):\n        {statement}\n"
    anchor = "\n\ndef quote("
    assert anchor in source
    return source.replace(anchor, method + anchor, 1)


@pytest.mark.parametrize(("statement", "message"), PLANTED)
def test_a_planted_wrong_call_fails(signatures: dict, statement: str, message: str) -> None:
    report = analyze(plant(BACKEND.read_text(), statement), signatures)
    assert report.problems, f"not caught: {statement}"
    assert any(message in p for p in report.problems), report.problems


def test_a_planted_right_call_passes(signatures: dict) -> None:
    statement = "self.fuel_web.deploy_cluster_wait(self.cluster_id, check_services=False, timeout=60)"
    assert analyze(plant(BACKEND.read_text(), statement), signatures).problems == []
