# Core task aodh (lab): aodh's alarm evaluator as Fuel 9 leaves it, the real aodh 2.0.6 on
# Python 2.7 (tools/setup-ceilometer --aodh), as the Pacemaker primitive p_aodh-evaluator
# (OCF, provider fuel, stickiness 1), active on one controller. The controllers share one
# database (LAB_AODH_DB, sqlite in the lab folder: see the lab's README); the first
# controller here creates its schema and the lab's LAB_ALARMS alarms. Statistics come from
# the lab's stand-in Ceilometer API (LAB_API), reached with an admin token instead of
# Keystone. Settings are set key by key, as Fuel's aodh_config does.
set -eu
mkdir -p /etc/aodh /var/log/aodh
"$LAB_PYTHON" - <<PY
import configparser
path = "/etc/aodh/aodh.conf"
conf = configparser.RawConfigParser()
conf.optionxform = str
conf.read(path)
values = {
    "DEFAULT": {"host": "$(uname -n)", "transport_url": "fake://", "debug": "true",
                "log_file": "/var/log/aodh/evaluator.log",
                "evaluation_interval": "$LAB_INTERVAL"},
    "database": {"connection": "sqlite:///$LAB_AODH_DB"},
    "service_credentials": {"auth_type": "admin_token", "endpoint": "http://$LAB_API",
                            "token": "lab-token"},
}
changed = False
for section, keys in values.items():
    if section != "DEFAULT" and not conf.has_section(section):
        conf.add_section(section)
    for key, value in keys.items():
        if not conf.has_option(section, key) or conf.get(section, key) != value:
            conf.set(section, key, value)
            changed = True
# Written only on a change, as Fuel's aodh_config (ini_setting) does.
if changed:
    with open(path, "w") as out:
        conf.write(out)
PY

# One controller at a time: the first creates the schema and the alarms, the others find them.
mkdir -p "$(dirname "$LAB_AODH_DB")"
flock "$LAB_AODH_DB.lock" sh -ec "
  '$LAB_AODH_VENV/bin/aodh-dbsync' --config-file /etc/aodh/aodh.conf --log-file /var/log/aodh/dbsync.log
  '$LAB_AODH_VENV/bin/python' '$LAB_CORE/aodh-alarms.py' /etc/aodh/aodh.conf '$LAB_ALARMS'
"

cat > /etc/default/aodh-evaluator <<ENV
AODH_EVALUATOR=$LAB_AODH_VENV/bin/aodh-evaluator
ENV

. "$LAB_CORE/primitive.sh"
declare_primitive p_aodh-evaluator aodh-evaluator
