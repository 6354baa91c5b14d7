# Core task ceilometer-controller (lab): Ceilometer configured as Fuel 9 leaves it, with
# the central agent as the Pacemaker primitive p_ceilometer-agent-central (OCF, provider
# fuel, stickiness 1), active on one controller. Settings are set key by key, as Fuel's
# ceilometer_config does: keys the plugin sets are left alone.
set -eu
mkdir -p /etc/ceilometer /var/log/ceilometer /var/lib/ceilometer
"$LAB_PYTHON" - <<PY
import configparser
path = "/etc/ceilometer/ceilometer.conf"
conf = configparser.RawConfigParser()
conf.optionxform = str
conf.read(path)
values = {
    "DEFAULT": {"host": "$(uname -n)", "transport_url": "fake://", "debug": "true",
                "log_file": "/var/log/ceilometer/agent-central.log"},
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

# The agents poll as Fuel 9's pipeline does: every meter's resources come from its
# discovery (the cloud's meters, and the lab's own discovery for lab.resource.size), each
# discovery's resources partitioned among the members of central-global. Fuel 9 enables
# every central meter (meters: "*"); the lab names those its stand-in cloud answers
# (LAB_METERS: model/meters.py), so that no pollster of a service the lab lacks fills the log
# with errors every cycle.
{
  echo "sources:"
  echo "  - name: lab_resources"
  echo "    interval: $LAB_INTERVAL"
  echo "    meters:"
  for meter in $(echo "$LAB_METERS" | tr ',' ' '); do echo "      - $meter"; done
} > /etc/ceilometer/polling.yaml

# LAB_RESOURCE_API: where the lab's pollster and discovery (tests/lab/ceilometer_ext) ask.
cat > /etc/default/ceilometer-agent-central <<ENV
CEILOMETER_POLLING=$LAB_CEILOMETER_VENV/bin/ceilometer-polling
LAB_SAMPLES_FILE=/var/log/ceilometer/samples.jsonl
LAB_RESOURCE_API=$LAB_API
ENV

. "$LAB_CORE/primitive.sh"
declare_primitive p_ceilometer-agent-central ceilometer-agent-central
