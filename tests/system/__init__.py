"""System tests of the plugin, written the fuel-qa way (proboscis), run on a fuel-qa lab
(backends/fuelqa.py) or on the local lab (backends/local.py). Every module here is valid
Python 2.7 (fuel-qa 9.x) and Python 3.11 (the local lab); tests/unit/test_python_code.py
checks that with vermin."""
