"""Creates the lab's alarms through aodh's own storage API (run by the lab's aodh task with
the aodh 2.0.6 venv's Python 2.7): COUNT threshold alarms lab-alarm-NNNN, alarm N watching
the mean of the lab's meter on resource lab-NNNN, so that the stand-in Ceilometer API knows
from each statistics query which alarm an evaluator evaluates. Alarms that exist already
are kept: running it again, or on every controller, creates nothing twice.

Usage: aodh-alarms.py CONFIG COUNT"""

from __future__ import print_function

import datetime
import sys

from aodh import service, storage
from aodh.storage import models

METER = "lab.resource.size"


def alarm(number, now):
    # type: (int, datetime.datetime) -> models.Alarm
    resource = "lab-%04d" % number
    return models.Alarm(
        alarm_id="lab-alarm-%04d" % number, type="threshold", enabled=True,
        name="lab-alarm-%04d" % number, description="size of %s above 9999 B" % resource,
        timestamp=now, user_id="lab-user", project_id="lab-project",
        state="insufficient data", state_timestamp=now,
        ok_actions=[], alarm_actions=[], insufficient_data_actions=[], repeat_actions=False,
        rule={"meter_name": METER, "comparison_operator": "gt", "threshold": 9999.0,
              "statistic": "avg", "evaluation_periods": 1, "period": 60,
              "exclude_outliers": False,
              "query": [{"field": "resource_id", "op": "eq", "value": resource}]},
        time_constraints=[], severity="low")


def main(argv):
    # type: (list) -> int
    if len(argv) != 3 or not argv[2].isdigit():
        print("usage: aodh-alarms.py CONFIG COUNT", file=sys.stderr)
        return 2
    conf = service.prepare_service(["--config-file", argv[1], "--log-file",
                                    "/var/log/aodh/lab-alarms.log"])
    conn = storage.get_connection_from_config(conf)
    have = set(a.alarm_id for a in conn.get_alarms())
    now = datetime.datetime.utcnow()
    made = 0
    for number in range(int(argv[2])):
        one = alarm(number, now)
        if one.alarm_id not in have:
            conn.create_alarm(one)
            made += 1
    print("alarms: %d created, %d there already" % (made, len(have)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
