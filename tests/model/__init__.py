"""The one home of every rule the lab, the benchmark and the system tests share: the
project's facts, polling passes and the partition rule, and readers of what the plugin's
own tools print (the status command's JSON, zoo.cfg). Pure: no process, network or lab;
only the repository's own files are read. Valid Python 2.7 (fuel-qa 9.x imports it with
the system tests) and 3; tests/unit/test_python_code.py checks that with vermin."""
