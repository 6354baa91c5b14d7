# Core tasks primary-cluster and cluster (lab): Corosync and Pacemaker on the controllers,
# as Fuel leaves them: every controller a member, stonith off, quorum policy stop, and an
# opt-in cluster (symmetric-cluster=false: a resource runs only where a location
# constraint allows it) where a failed start is not fatal (start-failure-is-fatal=false),
# as fuel-library's openstack/manifests/corosync.pp sets them. Failure detection as on Fuel
# 9 too: its puppet-corosync writes token 3000, token_retransmits_before_loss_const 10,
# join 60 and consensus 3600, so a lost controller is declared lost after about 7 s (with
# token 1000 the lab saw it in about 3 s and Fuel's default looked faster than it is).
set -eu
mkdir -p /etc/corosync /var/log/corosync /var/log/pacemaker /var/lib/pacemaker/cib
conf=/etc/corosync/corosync.conf
{
  cat <<HEAD
totem {
  version: 2
  cluster_name: lab
  transport: knet
  token: 3000
  token_retransmits_before_loss_const: 10
  join: 60
  consensus: 3600
  crypto_cipher: none
  crypto_hash: none
}
logging {
  to_logfile: yes
  logfile: /var/log/corosync/corosync.log
  to_syslog: no
  to_stderr: no
  timestamp: on
}
quorum {
  provider: corosync_votequorum
}
nodelist {
HEAD
  for entry in $LAB_NODES; do
    uid=${entry%%:*}; rest=${entry#*:}; name=${rest%%:*}; rest=${rest#*:}; ip=${rest%%:*}; roles=${rest#*:}
    case ",$roles," in *,controller,*|*,primary-controller,*) ;; *) continue ;; esac
    printf '  node {\n    ring0_addr: %s\n    name: %s\n    nodeid: %s\n  }\n' "$ip" "$name" "$uid"
  done
  echo "}"
} > "$conf.new"

# Pacemaker's members that the membership list no longer names (deleted controllers).
deleted_members() {
  for member in $(crm_node --list | awk '{print $2}'); do
    grep -q "name: $member\$" "$conf" || echo "$member"
  done
}

if pgrep -x corosync >/dev/null; then
  if ! cmp -s "$conf" "$conf.new"; then
    mv "$conf.new" "$conf"
    corosync-cfgtool -R
    echo "corosync: membership list reloaded"
  else
    rm -f "$conf.new"
  fi
  # Controllers deleted from the environment: Pacemaker forgets them. `corosync-cfgtool -R`
  # makes every controller reload its own file, and one whose cluster task has not
  # written the new list yet loads the old one and announces a deleted controller again
  # as lost ("5 node-5 lost" stayed in `crm_node --list` after a removal on a loaded
  # machine): remove until none is listed for 3 s in a row, 60 s at most.
  quiet=0; waited=0; listed=
  while :; do
    stale=$(deleted_members)
    if [ -n "$stale" ]; then
      quiet=0; listed=$stale
      for member in $stale; do
        crm_node --force --remove "$member" && echo "pacemaker: forgot $member"
      done
    elif [ "$waited" -eq 0 ] || [ "$quiet" -ge 6 ]; then
      break
    else
      quiet=$((quiet + 1))
    fi
    waited=$((waited + 1))
    if [ "$waited" -gt 120 ]; then
      echo "cluster: Pacemaker listed deleted controllers again and again for 60 s, last: $listed"; exit 1
    fi
    sleep 0.5
  done
else
  mv "$conf.new" "$conf"
  if [ ! -s /var/lib/pacemaker/cib/cib.xml ]; then
    # Seeded so that the cluster elects a coordinator in seconds, not dc-deadtime (20 s).
    seed=$(mktemp)
    cibadmin --empty > "$seed"
    for prop in stonith-enabled=false no-quorum-policy=stop dc-deadtime=2s cluster-recheck-interval=30s \
        symmetric-cluster=false start-failure-is-fatal=false; do
      CIB_file="$seed" crm_attribute --type crm_config --name "${prop%%=*}" --update "${prop#*=}"
    done
    install -o hacluster -g haclient -m 0600 "$seed" /var/lib/pacemaker/cib/cib.xml
    rm -f "$seed"
  fi
  chown -R hacluster:haclient /var/lib/pacemaker /var/log/pacemaker
  corosync
  PCMK_logfile=/var/log/pacemaker/pacemaker.log setsid pacemakerd </dev/null >/dev/null 2>&1 &
  echo "corosync and pacemaker started"
fi

# Done when this node is online in the cluster. Quorum comes as the other controllers
# join (their cluster task waits for this one): waiting for it here would deadlock.
i=0
until crm_mon -1 2>/dev/null | grep -E "Online: .*\b$(uname -n)\b" >/dev/null; do
  i=$((i + 1))
  if [ $i -gt 900 ]; then
    echo "cluster: $(uname -n) not online after 90 s"; crm_mon -1 || true; exit 1
  fi
  sleep 0.1
done
echo "cluster: $(uname -n) online"
