"""cloned(), the CIB transform behind `pcmk-resource clone`, on CIB XML without Pacemaker:
the primitive wrapped in an interleaved clone where it stood, every constraint that named
it pointed at the clone, a -INFINITY rule keeping the clone off every node not marked
configured, the epoch raised (cibadmin --patch applies only onto the version read); and
nothing to do, or a refusal, where the script says so. `clone` itself, its crm_diff and
cibadmin calls, runs against the real Pacemaker in the lab."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from types import ModuleType

import pytest
from project import load_module_file

P, C = "p_ceilometer-agent-central", "clone_p_ceilometer-agent-central"
GUARD = C + "-configured-only"
MARK = "ceilometer-zookeeper-" + P

PRIMITIVE = (f"<primitive id='{P}' class='ocf' provider='fuel' type='ceilometer-agent-central'>"
             f"<instance_attributes id='{P}-instance_attributes'>"
             f"<nvpair id='{P}-instance_attributes-user' name='user' value='ceilometer'/></instance_attributes>"
             f"<operations><op id='{P}-monitor-20' name='monitor' interval='20' timeout='30'/></operations>"
             "</primitive>")
OTHER = "<primitive id='p_heat-engine' class='ocf' provider='fuel' type='heat-engine'/>"


def cib(resources: str, constraints: str | None = "", epoch: str | None = "3") -> ET.Element:
    """A CIB with these resources and constraints (None: no <constraints> element)."""
    version = "" if epoch is None else f" epoch='{epoch}'"
    section = "" if constraints is None else f"<constraints>{constraints}</constraints>"
    return ET.fromstring(f"<cib{version} num_updates='7' admin_epoch='0'><configuration>"
                         f"<resources>{resources}</resources>{section}</configuration><status/></cib>")


@pytest.fixture(scope="module")
def pcmk() -> ModuleType:
    return load_module_file("pcmk-resource")


def guards(result: ET.Element) -> list[ET.Element]:
    return [c for c in result.iter("rsc_location") if c.get("id") == GUARD]


def test_the_primitive_moves_into_an_interleaved_clone_where_it_stood(pcmk: ModuleType) -> None:
    result = pcmk.cloned(cib(OTHER + PRIMITIVE + "<group id='g_other'/>"), P, C)
    resources = result.find("configuration/resources")
    assert [(r.tag, r.get("id")) for r in resources] == [("primitive", "p_heat-engine"), ("clone", C),
                                                          ("group", "g_other")]
    clone = resources.find("clone")
    assert [child.tag for child in clone] == ["meta_attributes", "primitive"]
    meta = clone.find("meta_attributes")
    assert meta.get("id") == C + "-meta_attributes"
    assert [nvpair.attrib for nvpair in meta] == [
        {"id": C + "-meta_attributes-interleave", "name": "interleave", "value": "true"}]
    # The primitive itself, its parameters and operations, is kept as it was.
    assert ET.tostring(clone.find("primitive")) == ET.tostring(ET.fromstring(PRIMITIVE))


def test_constraints_that_named_the_primitive_name_the_clone(pcmk: ModuleType) -> None:
    """Pacemaker refuses a constraint on a primitive inside a clone: locations (Fuel's
    <resource>-on-<node>), colocations on either side, orders on either side and resource
    sets all move to the clone; constraints on other resources stay as they were."""
    constraints = (
        f"<rsc_location id='{P}-on-node-1' rsc='{P}' node='node-1' score='100'/>"
        f"<rsc_colocation id='with-vip' rsc='{P}' with-rsc='vip__management' score='INFINITY'/>"
        f"<rsc_colocation id='vip-with' rsc='vip__management' with-rsc='{P}' score='INFINITY'/>"
        f"<rsc_order id='after-rabbit' first='clone_p_rabbitmq' then='{P}'/>"
        f"<rsc_order id='before-heat' first='{P}' then='p_heat-engine'/>"
        f"<rsc_order id='in-a-set'><resource_set id='in-a-set-0'><resource_ref id='p_heat-engine'/>"
        f"<resource_ref id='{P}'/></resource_set></rsc_order>"
        "<rsc_location id='p_heat-engine-on-node-1' rsc='p_heat-engine' node='node-1' score='100'/>")
    result = pcmk.cloned(cib(OTHER + PRIMITIVE, constraints), P, C)
    found = {c.get("id"): c.attrib for c in result.find("configuration/constraints") if c.get("id") != GUARD}
    assert found == {
        f"{P}-on-node-1": {"id": f"{P}-on-node-1", "rsc": C, "node": "node-1", "score": "100"},
        "with-vip": {"id": "with-vip", "rsc": C, "with-rsc": "vip__management", "score": "INFINITY"},
        "vip-with": {"id": "vip-with", "rsc": "vip__management", "with-rsc": C, "score": "INFINITY"},
        "after-rabbit": {"id": "after-rabbit", "first": "clone_p_rabbitmq", "then": C},
        "before-heat": {"id": "before-heat", "first": C, "then": "p_heat-engine"},
        "in-a-set": {"id": "in-a-set"},
        "p_heat-engine-on-node-1": {"id": "p_heat-engine-on-node-1", "rsc": "p_heat-engine", "node": "node-1",
                                    "score": "100"},
    }
    assert [ref.get("id") for ref in result.iter("resource_ref")] == ["p_heat-engine", C]


def test_the_clone_is_kept_off_every_node_not_marked_configured(pcmk: ModuleType) -> None:
    result = pcmk.cloned(cib(PRIMITIVE), P, C)
    [guard] = guards(result)
    assert guard.attrib == {"id": GUARD, "rsc": C}
    [rule] = guard
    assert rule.attrib == {"id": GUARD + "-rule", "score": "-INFINITY"}
    [expression] = rule
    assert expression.attrib == {"id": GUARD + "-expression", "attribute": MARK, "operation": "not_defined"}
    # The attribute is the one `pcmk-resource mark` sets on a configured controller.
    assert pcmk.mark_attribute(P) == MARK


@pytest.mark.parametrize(("epoch", "raised"), [("3", "4"), ("41", "42"), (None, "1")])
def test_the_epoch_goes_up_by_one(pcmk: ModuleType, epoch: str | None, raised: str) -> None:
    """cibadmin --patch applies a diff whose target version is the read one + 1 epoch."""
    result = pcmk.cloned(cib(PRIMITIVE, epoch=epoch), P, C)
    assert (result.get("epoch"), result.get("num_updates"), result.get("admin_epoch")) == (raised, "7", "0")


def test_a_cib_without_constraints_gets_a_section_for_the_guard(pcmk: ModuleType) -> None:
    result = pcmk.cloned(cib(PRIMITIVE, constraints=None), P, C)
    configuration = result.find("configuration")
    assert [child.tag for child in configuration] == ["resources", "constraints"]
    assert len(guards(result)) == 1


def test_a_cloned_and_guarded_primitive_is_left_alone(pcmk: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    """What every controller but the first finds when they clone at once."""
    done = pcmk.cloned(cib(OTHER + PRIMITIVE), P, C)
    before = ET.tostring(done)
    assert pcmk.cloned(done, P, C) is None
    assert ET.tostring(done) == before
    assert f"{P} is already in clone {C}" in capsys.readouterr().out


@pytest.mark.parametrize("tag", ["clone", "master"])
def test_an_older_clone_gets_the_guard_once(pcmk: ModuleType, tag: str) -> None:
    """A clone made by an earlier version of the plugin (or by hand, under another id)
    gets the guard for its own id and is not wrapped again; then nothing is left to do."""
    older = f"older_{tag}"
    result = pcmk.cloned(cib(f"<{tag} id='{older}'>{PRIMITIVE}</{tag}>"), P, C)
    assert result is not None and result.get("epoch") == "4"
    assert [(r.tag, r.get("id")) for r in result.find("configuration/resources")] == [(tag, older)]
    assert result.find(f"configuration/resources/{tag}/primitive").get("id") == P
    [guard] = [c for c in result.iter("rsc_location") if c.get("id") == older + "-configured-only"]
    assert guard.get("rsc") == older
    assert guard.find("rule/expression").get("attribute") == MARK
    assert pcmk.cloned(result, P, older) is None


def test_never_a_second_guard(pcmk: ModuleType) -> None:
    """A primitive taken out of its clone by hand while the guard stayed: cloning again
    keeps the one guard (a second one with the same id would be refused)."""
    taken_out = cib(PRIMITIVE)
    pcmk.add_guard(taken_out, C, P)
    result = pcmk.cloned(taken_out, P, C)
    assert result.find("configuration/resources/clone").get("id") == C
    assert len(guards(result)) == 1


def test_a_primitive_in_a_group_is_not_cloned(pcmk: ModuleType) -> None:
    grouped = cib(f"<group id='g_ceilometer'>{PRIMITIVE}</group>")
    before = ET.tostring(grouped)
    with pytest.raises(SystemExit, match=f"{P} is inside a group \\(g_ceilometer\\); not cloning it"):
        pcmk.cloned(grouped, P, C)
    assert ET.tostring(grouped) == before


def test_a_missing_primitive_is_an_error(pcmk: ModuleType) -> None:
    with pytest.raises(SystemExit, match=f"no primitive {P} in the CIB"):
        pcmk.cloned(cib(OTHER), P, C)
    with pytest.raises(SystemExit, match=f"no primitive {P} in the CIB"):
        pcmk.cloned(ET.fromstring("<cib epoch='1'><configuration/><status/></cib>"), P, C)
