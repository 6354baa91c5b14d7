# Shared body of the lab's stand-ins for Fuel 9's OCF agents (tests/lab/ocf/fuel/*), sourced
# by each after it set:
#   AGENT          the resource agent's type (ocf:fuel:$AGENT)
#   AGENT_DESC     one line on what it runs
#   AGENT_BIN      the real program (from the node's /etc/default/$AGENT, written by the lab's
#                  core task); AGENT_ARGS its arguments before --config-file
#   AGENT_CONFIG, AGENT_PID, AGENT_LOG   the defaults of the config and pid parameters, and
#                  where the program's output goes
# It starts the program in its own session, stops its whole process group, and monitors
# the pid in the pid file, as Fuel's agents do for these services.
: "${OCF_RESKEY_config:=$AGENT_CONFIG}"
: "${OCF_RESKEY_pid:=$AGENT_PID}"

OCF_SUCCESS=0; OCF_ERR_GENERIC=1; OCF_ERR_UNIMPLEMENTED=3; OCF_ERR_INSTALLED=5; OCF_NOT_RUNNING=7

meta_data() {
  cat <<XML
<?xml version="1.0"?>
<!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
<resource-agent name="$AGENT">
  <version>1.0</version>
  <longdesc lang="en">$AGENT_DESC (lab stand-in for Fuel's agent)</longdesc>
  <shortdesc lang="en">$AGENT_DESC</shortdesc>
  <parameters>
    <parameter name="config"><content type="string" default="$AGENT_CONFIG"/></parameter>
    <parameter name="pid"><content type="string" default="$AGENT_PID"/></parameter>
    <parameter name="user"><content type="string" default="root"/></parameter>
  </parameters>
  <actions>
    <action name="start" timeout="60s"/>
    <action name="stop" timeout="60s"/>
    <action name="monitor" timeout="30s" interval="20s"/>
    <action name="meta-data" timeout="5s"/>
    <action name="validate-all" timeout="5s"/>
  </actions>
</resource-agent>
XML
}

running() {
  [ -s "$OCF_RESKEY_pid" ] || return 1
  pid=$(cat "$OCF_RESKEY_pid")
  kill -0 "$pid" 2>/dev/null
}

start() {
  running && return $OCF_SUCCESS
  [ -x "${AGENT_BIN:-}" ] || return $OCF_ERR_INSTALLED
  mkdir -p "$(dirname "$OCF_RESKEY_pid")" "$(dirname "$AGENT_LOG")"
  # shellcheck disable=SC2086 # AGENT_ARGS: words
  setsid "$AGENT_BIN" $AGENT_ARGS --config-file "$OCF_RESKEY_config" \
    >>"$AGENT_LOG" 2>&1 </dev/null &
  echo $! > "$OCF_RESKEY_pid"
  sleep 1
  running && return $OCF_SUCCESS
  return $OCF_ERR_GENERIC
}

stop() {
  running || { rm -f "$OCF_RESKEY_pid"; return $OCF_SUCCESS; }
  pid=$(cat "$OCF_RESKEY_pid")
  # The services' masters respawn workers: end the whole process group.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
  i=0
  while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$OCF_RESKEY_pid"
  return $OCF_SUCCESS
}

case "$1" in
  meta-data) meta_data; exit $OCF_SUCCESS ;;
  start) start ;;
  stop) stop ;;
  monitor|status) running && exit $OCF_SUCCESS; exit $OCF_NOT_RUNNING ;;
  validate-all) [ -x "${AGENT_BIN:-}" ] && exit $OCF_SUCCESS; exit $OCF_ERR_INSTALLED ;;
  *) exit $OCF_ERR_UNIMPLEMENTED ;;
esac
