# fuel-plugin-ceilometer-zookeeper
#   make lab       build the plugin, deploy it on the local lab, show the result
#   make test      every test (lint, Puppet, unit, lab integration, docs)
#   make check     the fast lane: lint, unit, Puppet specs, docs; no root, no build, no lab
#   make build     the plugin RPM (fpb --build .)
#   make lab-down  tear the local lab down
#   make bench     benchmarks (numbers and ratios, side by side in one run)
# Every target but check installs what it needs first (tools/setup-host), on Debian 12 as
# root; check only uses what `make setup` installed once.

SHELL := /bin/bash
VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
LAB := PYTHONPATH=$(CURDIR)/tests $(PY) -m lab
RPM := ceilometer-zookeeper-1.0-1.0.0-1.noarch.rpm
PUPPET_DIR := deployment_scripts/puppet

.PHONY: all setup build lab lab-down test check docs bench clean

all: build

setup:
	tools/setup-host all

$(RPM): metadata.yaml environment_config.yaml deployment_tasks.yaml pre_build_hook $(shell find deployment_scripts -type f)
	tools/setup-host build
	PATH=$(VENV)/bin:$$PATH $(VENV)/bin/fpb --build .

build: $(RPM)
	@echo "built $(RPM) ($$(du -h $(RPM) | cut -f1))"

lab: build
	tools/setup-host all
	$(LAB) up --rpm $(RPM)
	@echo "The lab keeps running. Look again with: PYTHONPATH=tests .venv/bin/python -m lab status"
	@echo "Tear it down with: make lab-down"

lab-down:
	tools/setup-host build
	$(LAB) down

test: setup build
	$(PY) -m pytest tests

# No root, no RPM, no lab: what a contributor runs before every commit.
check:
	@test -x $(PY) -a -x /usr/bin/puppet -a -x /usr/bin/rspec || \
	  { echo "make check: nothing is set up here; run 'make setup' once as root"; exit 1; }
	$(PY) -m pytest -q -n auto -m "not lab and not package" tests

docs:
	tools/setup-host docs
	$(VENV)/bin/sphinx-build -W --keep-going -b html doc/source doc/build/html
	@echo "the guide is in doc/build/html/index.html"

bench: build
	tools/setup-host all
	$(LAB) bench --rpm $(RPM)

clean:
	rm -rf .build $(RPM) repositories/ubuntu/*.deb repositories/ubuntu/Packages.gz repositories/ubuntu/Release doc/build
