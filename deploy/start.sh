#!/bin/sh
# Starts the API from a deploy folder (made by deploy/build.sh, which copies this script into it). The
# container's command and the systemd unit's ExecStart. `exec`: node replaces this shell, so it is the process
# that receives SIGTERM (the container's PID 1, systemd's main process) and nothing is left orphaned.
# Arguments pass through: `start.sh --check-config` checks the environment and exits.
set -eu
cd "$(dirname "$0")"
exec node dist/server.js "$@"
