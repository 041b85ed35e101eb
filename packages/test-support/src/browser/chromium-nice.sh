#!/bin/sh
# Chromium at a lower CPU priority than the processes that stand in for servers (launch-chromium.ts, `nice`).
#
# Playwright starts the browser in a session of its own, and where the kernel groups tasks by session
# (autogroups) it shares the CPU between sessions before threads: so the session's own nice is set, and
# every thread's, for kernels without autogroups. Raising a nice needs no privilege, but without
# CAP_SYS_ADMIN the kernel accepts one autogroup change per 100 ms machine-wide: hence the retries.
for attempt in 1 2 3 4 5; do
  echo "${CHROMIUM_NICE:?}" 2>/dev/null >/proc/self/autogroup && break
  [ -e /proc/self/autogroup ] || break
  sleep 0.1
done
# Chromium asks for real-time scheduling (SCHED_RR) for its audio threads, two or three per call, and
# lowers the nice of others; as root (CI) it gets both, and real-time threads run before every ordinary
# one whatever its nice. No real-time limit, and for root no CAP_SYS_NICE: they stay ordinary threads.
ulimit -r 0 2>/dev/null
if [ "$(id -u)" = 0 ] && setpriv --bounding-set -sys_nice true 2>/dev/null; then
  exec setpriv --bounding-set -sys_nice nice -n "${CHROMIUM_NICE:?}" "${CHROMIUM_EXECUTABLE:?}" "$@"
fi
exec nice -n "${CHROMIUM_NICE:?}" "${CHROMIUM_EXECUTABLE:?}" "$@"
