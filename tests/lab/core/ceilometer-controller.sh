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

. "$LAB_CORE/primitive.sh"
declare_primitive p_ceilometer-agent-central ceilometer-agent-central
