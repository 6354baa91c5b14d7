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
    # The stand-in Keystone (tests/lab/openstack_api.py), as Fuel 9 points the agents at its
    # own: any password gets a token and the catalog of the stand-in cloud.
    "service_credentials": {"auth_type": "password", "auth_url": "http://$LAB_API/identity/v3",
                            "username": "ceilometer", "password": "lab", "project_name": "lab-project-00",
                            "user_domain_name": "Default", "project_domain_name": "Default",
                            "region_name": "RegionOne", "interface": "internal"},
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

# The Mitaka stack (LAB_STACK=mitaka) polls as Fuel 9's pipeline does: every meter's
# resources come from its discovery (the cloud's meters, and the lab's own discovery for
# lab.resource.size), each discovery's resources partitioned among the members of
# central-global. Fuel 9 enables every central meter (meters: "*"); the lab names those its
# stand-in cloud answers (LAB_METERS: model/meters.py), so that no pollster of a service the
# lab lacks fills the log with errors every cycle. Ceilometer 27 polls the lab's meter from
# a static resource list (its dynamic pollster has no discovery).
{
  echo "sources:"
  echo "  - name: lab_resources"
  echo "    interval: $LAB_INTERVAL"
  if [ "$LAB_STACK" = mitaka ]; then
    echo "    meters:"
    for meter in $(echo "$LAB_METERS" | tr ',' ' '); do echo "      - $meter"; done
  else
    echo "    meters: [lab.resource.size]"
    echo "    resources:"
    i=0
    while [ $i -lt "$LAB_RESOURCES" ]; do printf '      - lab-%04d\n' $i; i=$((i + 1)); done
  fi
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
