# Core task firewall (lab): what Fuel 9's firewall task does to INPUT on every node. Its
# own accept rules first (loopback, replies, ICMP, ssh, Corosync from the management
# network), then policy DROP: a port nothing opened is closed, the plugin's ZooKeeper
# ports included, until the plugin's own firewall task opens them to the controllers.
# The rules carry puppetlabs-firewall style comments so that Puppet orders its own by
# them. Idempotent: a rule already there is not added again.
set -eu
subnet="$LAB_SUBNET"
rule() {
  comment=$1; shift
  iptables -C INPUT "$@" -m comment --comment "$comment" 2>/dev/null ||
    iptables -A INPUT "$@" -m comment --comment "$comment"
}
rule "000 accept all icmp requests" -p icmp -j ACCEPT
rule "001 accept all to lo interface" -i lo -j ACCEPT
rule "002 accept related established rules" -m state --state RELATED,ESTABLISHED -j ACCEPT
rule "020 ssh" -p tcp --dport 22 -j ACCEPT
rule "113 corosync-input" -s "$subnet" -p udp --dport 5404:5405 -j ACCEPT
rule "115 pcsd-server" -s "$subnet" -p tcp --dport 2224 -j ACCEPT
iptables -P INPUT DROP
echo "firewall: INPUT policy DROP after Fuel's base rules"
