# fuel-plugin-ceilometer-zookeeper
#   make lab       build the plugin, deploy it on the local lab, show the result
#   make test      every test (lint, Puppet, unit, lab integration, docs)
#   make check     the fast lane: lint, unit, Puppet specs, docs; no root, no build, no lab,
#                  no Java (tests marked lab, package or java: make test runs them)
#   make build     the plugin RPM (fpb --build .) of the flavour PLUGIN_TARGET: fuel9 (the
#                  default: packages for Fuel 9 nodes) or lab (the build host's Debian
#                  packages); lab, test and bench build the lab flavour
#   make lab-down  tear the local lab down
#   make bench     benchmarks: Fuel's default and the plugin side by side in one run, on
#                  Mitaka's agents; the quick plan (100 and 1,000 resources, 3 controllers)
#                  fits in 90 minutes on 2 cores, BENCH_PLAN=full (100 to 5,000 resources
#                  on 3 and 5 controllers) takes hours; BENCH_ARGS changes either; the
#                  report lands in bench-results/ (make bench-publish copies it to the guide)
# Every target but check installs what it needs first (tools/setup-host), on Debian 12 as
# root; check only uses what `make setup` installed once.

SHELL := /bin/bash
VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
LAB := PYTHONPATH=$(CURDIR)/tests $(PY) -m lab
RPM := ceilometer-zookeeper-1.0-1.0.0-1.noarch.rpm
PUPPET_DIR := deployment_scripts/puppet
# Which packages the RPM brings (pre_build_hook): fuel9 or lab. The RPM says which in its
# file `flavour`; the stamp below rebuilds it when the flavour asked for changes.
PLUGIN_TARGET ?= fuel9
export PLUGIN_TARGET
FLAVOUR_STAMP := .cache/plugin-target

.PHONY: all setup build lab lab-down test check docs bench bench-publish clean FORCE

all: build

setup:
	tools/setup-host all

# The lab's targets always take the lab flavour: the lab refuses a Fuel 9 RPM.
lab test bench: override PLUGIN_TARGET := lab

# Rewritten only when the flavour differs from the last build's.
$(FLAVOUR_STAMP): FORCE
	@mkdir -p $(@D)
	@[ "$$(cat $@ 2>/dev/null)" = "$(PLUGIN_TARGET)" ] || echo "$(PLUGIN_TARGET)" > $@

# The hook runs first on its own: fpb runs it again but shows none of its messages.
$(RPM): $(FLAVOUR_STAMP) metadata.yaml environment_config.yaml deployment_tasks.yaml pre_build_hook \
    pre_build_sources.ini tools/fuel9_packages.py $(shell find deployment_scripts -type f)
	tools/setup-host build
	PATH=$(VENV)/bin:$$PATH ./pre_build_hook
	PATH=$(VENV)/bin:$$PATH $(VENV)/bin/fpb --build .

build: $(RPM)
	@echo "built $(RPM), flavour $$(cat flavour 2>/dev/null) ($$(du -h $(RPM) | cut -f1))"

# The lab's agents are Mitaka's (Ceilometer 8.1.5, tooz 1.34.0 and the plugin's kazoo 2.2.1
# on Python 2.7), beside aodh 2.0.6's evaluators.
BENCH_PLAN ?= quick
lab: build
	tools/setup-host all
	$(LAB) up --rpm $(RPM)
	@echo "The lab keeps running. Look again with: PYTHONPATH=tests .venv/bin/python -m lab status"
	@echo "Tear it down with: make lab-down"

lab-down:
	tools/setup-host build
	$(LAB) down

test: setup build
	$(PY) -m pytest --durations=15 tests

# No root, no RPM, no lab: what a contributor runs before every commit. Twice as many
# pytest workers as cores: much of the lane waits on subprocesses, sockets and deadlines.
CHECK_WORKERS ?= $(shell echo $$((2 * $$(nproc))))
check:
	@test -x $(PY) -a -x /usr/bin/puppet -a -x /usr/bin/rspec -a -x /usr/bin/rake || \
	  { echo "make check: nothing is set up here; run 'make setup' once as root"; exit 1; }
	$(PY) -m pytest -q -n $(CHECK_WORKERS) -m "not lab and not package and not java" tests

docs:
	tools/setup-host docs
	$(VENV)/bin/sphinx-build -W --keep-going -b html doc/source doc/build/html
	@echo "the guide is in doc/build/html/index.html"

bench: build
	tools/setup-host all
	$(LAB) bench --rpm $(RPM) --plan $(BENCH_PLAN) $(BENCH_ARGS)

# Copies the latest benchmark's tables, note and plots into the guide (doc/source/bench/)
# and shows them in the README.
bench-publish:
	@test -x $(PY) || { echo "make bench-publish: nothing is set up here; run 'make setup' once as root"; exit 1; }
	$(LAB) bench-publish

clean:
	rm -rf .build $(RPM) repositories/ubuntu/*.deb repositories/ubuntu/Packages.gz repositories/ubuntu/Release doc/build
	rm -f flavour $(FLAVOUR_STAMP)
	! grep -qxF '# Written by pre_build_hook for the lab flavour' pre_install.sh 2>/dev/null || rm -f pre_install.sh
