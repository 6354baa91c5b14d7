# Core task hiera (lab): hiera serves the node's astute.yaml, as on Fuel 9 nodes, and
# /etc/puppet/modules is where Fuel keeps its modules (here: Debian's packaged ones).
set -eu
mkdir -p /etc/hiera /etc/puppet
ln -sfn /etc/astute.yaml /etc/hiera/astute.yaml
cat > /etc/puppet/hiera.yaml <<'YAML'
---
version: 5
defaults:
  datadir: /etc/hiera
  data_hash: yaml_data
hierarchy:
  - name: "plugins"
    glob: "plugins/*.yaml"
  - name: "astute"
    path: "astute.yaml"
YAML
ln -sfn /etc/puppet/hiera.yaml /etc/hiera.yaml
# Only the modules the plugin's code uses, from Debian's packages: the whole packaged set
# costs seconds per run (the apt module's facts run apt-get).
mkdir -p /etc/puppet/modules
for m in stdlib inifile firewall openstacklib oslo ceilometer aodh; do
  ln -sfn "/usr/share/puppet/modules/$m" "/etc/puppet/modules/$m"
done
