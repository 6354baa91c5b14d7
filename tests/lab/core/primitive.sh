# Sourced by the lab's core tasks: declare_primitive ID TYPE declares the Pacemaker primitive
# ID (ocf:fuel:TYPE, stickiness 1, monitor every 20 s) as Fuel 9's pacemaker_wrappers::service
# does, allows it on this node, and waits for the cluster to settle. Safe when every
# controller runs it at once: a create that lost the race finds the winner's element.
declare_primitive() {
  rsc=$1 type=$2
  if ! cibadmin --query --xpath "//primitive[@id='$rsc']" >/dev/null 2>&1; then
    cibadmin --create --scope resources --xml-text "<primitive id='$rsc' class='ocf' provider='fuel' type='$type'><meta_attributes id='$rsc-meta'><nvpair id='$rsc-meta-stickiness' name='resource-stickiness' value='1'/></meta_attributes><operations><op id='$rsc-monitor' name='monitor' interval='20s' timeout='30s'/></operations></primitive>" \
      || cibadmin --query --xpath "//primitive[@id='$rsc']" >/dev/null
    echo "declared $rsc"
  fi
  # Fuel's Pacemaker provider allows the resource on the node that declares it with a
  # location constraint <resource>-on-<node> (score 100): in the opt-in cluster nothing
  # runs where no such constraint exists.
  node=$(uname -n)
  if ! cibadmin --query --xpath "//rsc_location[@id='$rsc-on-$node']" >/dev/null 2>&1; then
    cibadmin --create --scope constraints --xml-text "<rsc_location id='$rsc-on-$node' rsc='$rsc' node='$node' score='100'/>" \
      || cibadmin --query --xpath "//rsc_location[@id='$rsc-on-$node']" >/dev/null
    echo "allowed $rsc on $node"
  fi
  # A start tried here before this node's configuration existed failed for good; clear it,
  # as Fuel's Pacemaker provider cleans up the resources it declares. --refresh: what
  # --cleanup does on Fuel's Pacemaker 1.1.14 (the lab's 2.1 --cleanup passes over a start
  # that failed "not installed" in an opt-in cluster).
  crm_resource --refresh --resource "$rsc" --node "$node" >/dev/null 2>&1 || true
  crm_resource --wait --timeout=60s || true
}
