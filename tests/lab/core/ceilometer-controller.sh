# Core task ceilometer-controller (lab): Ceilometer configured as Fuel 9 leaves it, with
# the central agent as the Pacemaker primitive p_ceilometer-agent-central (OCF, provider
# fuel, stickiness 1), active on one controller. Settings are set key by key, as Fuel's
# ceilometer_config does: keys the plugin sets are left alone.
set -eu
mkdir -p /etc/ceilometer/pollsters.d /var/log/ceilometer /var/lib/ceilometer
"$LAB_PYTHON" - <<PY
import configparser
path = "/etc/ceilometer/ceilometer.conf"
conf = configparser.RawConfigParser()
conf.optionxform = str
conf.read(path)
values = {
    "DEFAULT": {"host": "$(uname -n)", "transport_url": "fake://", "debug": "true",
                "log_file": "/var/log/ceilometer/agent-central.log",
                "pollsters_definitions_dirs": "/etc/ceilometer/pollsters.d"},
    "polling": {"cfg_file": "/etc/ceilometer/polling.yaml"},
    "publisher_notifier": {"telemetry_driver": "labfile"},
}
changed = False
for section, keys in values.items():
    if section != "DEFAULT" and not conf.has_section(section):
        conf.add_section(section)
    for key, value in keys.items():
        if not conf.has_option(section, key) or conf.get(section, key) != value:
            conf.set(section, key, value)
            changed = True
# Written only on a change, as Fuel's ceilometer_config (ini_setting) does: the plugin
# restarts an agent that started before its file was last written.
if changed:
    with open(path, "w") as out:
        conf.write(out)
PY

{
  echo "sources:"
  echo "  - name: lab_resources"
  echo "    interval: $LAB_INTERVAL"
  echo "    meters: [lab.resource.size]"
  echo "    resources:"
  i=0
  while [ $i -lt "$LAB_RESOURCES" ]; do printf '      - lab-%04d\n' $i; i=$((i + 1)); done
} > /etc/ceilometer/polling.yaml

cat > /etc/ceilometer/pollsters.d/lab.yaml <<YAML
- name: lab.resource.size
  sample_type: gauge
  unit: B
  value_attribute: size
  url_path: http://$LAB_API/resources
  module: lab_ceilometer
  authentication_object: ResourceAuth
  resource_id_attribute: id
  timeout: 5
YAML

# LAB_RESOURCE_API: where the Mitaka stack's pollster (tests/lab/ceilometer_ext_mitaka) asks;
# Ceilometer 27's dynamic pollster reads its definition above.
cat > /etc/default/ceilometer-agent-central <<ENV
CEILOMETER_POLLING=$LAB_CEILOMETER_VENV/bin/ceilometer-polling
PYTHONHASHSEED=$LAB_HASHSEED
LAB_SAMPLES_FILE=/var/log/ceilometer/samples.jsonl
LAB_RESOURCE_API=$LAB_API
ENV

rsc=p_ceilometer-agent-central
if ! cibadmin --query --xpath "//primitive[@id='$rsc']" >/dev/null 2>&1; then
  cibadmin --create --scope resources --xml-text "<primitive id='$rsc' class='ocf' provider='fuel' type='ceilometer-agent-central'><meta_attributes id='$rsc-meta'><nvpair id='$rsc-meta-stickiness' name='resource-stickiness' value='1'/></meta_attributes><operations><op id='$rsc-monitor' name='monitor' interval='20s' timeout='30s'/></operations></primitive>" \
    || cibadmin --query --xpath "//primitive[@id='$rsc']" >/dev/null
  echo "declared $rsc"
fi
# Fuel's Pacemaker provider allows the resource on the node that declares it with a
# location constraint <resource>-on-<node> (score 100): in the opt-in cluster nothing
# runs where no such constraint exists.
node=$(uname -n)
if ! cibadmin --query --xpath "//rsc_location[@id='$rsc-on-$node']" >/dev/null 2>&1; then
  cibadmin --create --scope constraints --xml-text "<rsc_location id='$rsc-on-$node' rsc='$rsc' node='$node' score='100'/>" \
    || cibadmin --query --xpath "//rsc_location[@id='$rsc-on-$node']" >/dev/null
  echo "allowed $rsc on $node"
fi
# A start tried here before this node's configuration existed failed for good; clear it,
# as Fuel's Pacemaker provider cleans up the resources it declares. --refresh: what
# --cleanup does on Fuel's Pacemaker 1.1.14 (the lab's 2.1 --cleanup passes over a start
# that failed "not installed" in an opt-in cluster).
crm_resource --refresh --resource "$rsc" --node "$(uname -n)" >/dev/null 2>&1 || true
crm_resource --wait --timeout=60s || true
