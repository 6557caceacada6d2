#!/usr/bin/env bash
# A single-node Slurm cluster on localhost, for the scan tests and for trying sbatch job arrays on a laptop.
#   tools/slurm/local-cluster.sh start   installs slurm-wlm and munge if missing, starts munged, slurmctld and slurmd
#                                        (this machine's cores and memory), waits until sinfo shows the node idle
#   tools/slurm/local-cluster.sh stop    stops the daemons (running jobs are killed) and waits until they are gone
#   tools/slurm/local-cluster.sh status  prints sinfo and squeue
# Needs root (it writes /etc/slurm/slurm.conf, marked as ours, and never overwrites one it did not write).
# State and logs: /var/lib/dltorch-slurm.
set -euo pipefail

STATE=/var/lib/dltorch-slurm
CONF=/etc/slurm/slurm.conf
MARK="# written by DeepLearning.Torch tools/slurm/local-cluster.sh"

die() { echo "local-cluster: $*" >&2; exit 1; }

install_packages() {
    if dpkg -s slurm-wlm munge >/dev/null 2>&1; then return; fi
    command -v apt-get >/dev/null || die "slurm-wlm and munge are missing and apt-get is not available; install them with your package manager"
    # Another install may be running (its log: /tmp/apt.log); wait for the dpkg lock instead of failing.
    for _ in $(seq 1 120); do
        if ! fuser /var/lib/dpkg/lock-frontend >/dev/null 2>&1; then break; fi
        echo "local-cluster: waiting for another apt/dpkg run to finish (see /tmp/apt.log)" >&2; sleep 5
    done
    apt-get update >>"$STATE/apt.log" 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y slurm-wlm munge >>"$STATE/apt.log" 2>&1 \
        || die "apt-get install slurm-wlm munge failed; see $STATE/apt.log"
}

write_config() {
    if [[ -f $CONF ]] && ! grep -qF "$MARK" "$CONF"; then
        die "$CONF exists and was not written by this script; refusing to overwrite it"
    fi
    local cpus mem
    cpus=$(nproc)
    mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))   # MB, less a margin for the OS
    mkdir -p /etc/slurm "$STATE/ctld" "$STATE/d" "$STATE/log"
    cat >"$CONF" <<CONF
$MARK
ClusterName=dltorch
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
# A requeued job waits cred_expire seconds before it may start again (default 120).
AuthInfo=cred_expire=10
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/d
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
SlurmdTimeout=60
InactiveLimit=0
KillWait=30
MinJobAge=60
JobRequeue=1
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
}

wait_idle() {
    for _ in $(seq 1 60); do
        local state
        state=$(sinfo -h -n localhost -o %T 2>/dev/null || true)
        if [[ $state == idle* ]]; then echo "local-cluster: node localhost is idle ($(nproc) CPUs)"; return 0; fi
        if [[ $state == down* || $state == drain* ]]; then scontrol update NodeName=localhost State=RESUME >/dev/null 2>&1 || true; fi
        sleep 1
    done
    die "the node did not become idle within 60 s; sinfo says '$(sinfo -h -n localhost -o %T 2>&1)'; logs: $STATE/log"
}

# Runs a daemon with no file descriptor of this script's callers: a daemon that inherited a caller's lock file or
# output pipe would hold that lock, or keep the pipe open, for as long as it runs.
daemon() {
    (
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            if [[ $fd -gt 2 && $fd -ne 255 ]]; then eval "exec $fd>&-"; fi
        done
        exec "$@" </dev/null >/dev/null 2>&1
    )
}

start() {
    [[ $(id -u) == 0 ]] || die "start needs root (it runs munged, slurmctld and slurmd)"
    mkdir -p "$STATE"
    install_packages
    write_config
    if ! pgrep -x munged >/dev/null; then
        mkdir -p /run/munge && chown munge:munge /run/munge
        daemon runuser -u munge -- /usr/sbin/munged || die "munged did not start"
    fi
    munge -n | unmunge >/dev/null || die "munge cannot encode and decode a credential"
    pgrep -x slurmctld >/dev/null || daemon slurmctld || die "slurmctld did not start; see $STATE/log/slurmctld.log"
    pgrep -x slurmd >/dev/null || daemon slurmd -N localhost || die "slurmd did not start; see $STATE/log/slurmd.log"
    wait_idle
}

stop_daemon() {
    local name=$1 pidfile=$2
    local pid
    pid=$(cat "$pidfile" 2>/dev/null || pgrep -x "$name" || true)
    [[ -n $pid ]] || return 0
    kill -TERM $pid 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 $pid 2>/dev/null || return 0; sleep 1; done
    die "$name (pid $pid) did not stop within 30 s"
}

stop() {
    if command -v scancel >/dev/null && pgrep -x slurmctld >/dev/null; then scancel --user=root >/dev/null 2>&1 || true; fi
    stop_daemon slurmd "$STATE/slurmd.pid"
    stop_daemon slurmctld "$STATE/slurmctld.pid"
    echo "local-cluster: stopped (munged left running: other programs may use it)"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) sinfo; squeue ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
