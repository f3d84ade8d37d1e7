#!/usr/bin/env bash
# Kills a control plane's processes once its owner is gone. The test process that started them may
# die by SIGKILL, which gives it no chance to clean up, and its children would then run on forever.
# Started detached (its own session) by process-tracker.ts before any server is.
#
# Usage: watchdog.sh <run-dir> <run-record> <grace-seconds> <owner-pid>...
#   <run-dir>/pids lists "<pid> <name>" per line; the owner's stop() deletes it, which ends the watch.
set -uo pipefail

readonly POLL_SECONDS=0.5
run_dir="$1" run_record="$2" grace_seconds="$3"
shift 3
owners=("$@")
pid_file="$run_dir/pids"

# Alive and not a zombie: a SIGKILLed owner stays a zombie until its parent reaps it.
alive() {
  local stat
  if [[ -d /proc/self ]]; then
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
    stat="${stat##*) }"
    [[ "${stat:0:1}" != [ZX] ]]
  else
    kill -0 "$1" 2>/dev/null
  fi
}

recorded_pids() { awk '{ print $1 }' "$pid_file" 2>/dev/null; }

# In reverse start order, each given the grace period: the API server's shutdown hangs while etcd
# is already gone.
kill_recorded() {
  local pids i pid deadline
  mapfile -t pids < <(recorded_pids)
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid="${pids[i]}"
    kill -TERM "$pid" 2>/dev/null || continue
    deadline=$((SECONDS + grace_seconds))
    while alive "$pid" && ((SECONDS < deadline)); do sleep "$POLL_SECONDS"; done
    alive "$pid" && kill -KILL "$pid" 2>/dev/null
  done
  rm -rf "$run_dir"
  rm -f "$run_record"
}

while [[ -f "$pid_file" ]]; do
  for owner in "${owners[@]}"; do
    if ! alive "$owner"; then
      kill_recorded
      exit 0
    fi
  done
  sleep "$POLL_SECONDS"
done
