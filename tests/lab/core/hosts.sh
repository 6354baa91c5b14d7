# Core task hosts (lab): every node by its Fuel names.
set -eu
{
  echo "127.0.0.1 localhost"
  for entry in $LAB_NODES; do
    # entry: uid:name:address:roles
    uid=${entry%%:*}; rest=${entry#*:}; name=${rest%%:*}; rest=${rest#*:}; ip=${rest%%:*}
    echo "$ip $name.$LAB_DOMAIN $name"
  done
} > /etc/hosts
