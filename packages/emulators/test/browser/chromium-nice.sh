#!/bin/sh
# Chromium at a lower CPU priority than the processes that stand in for servers (launch-chromium.ts, `nice`).
# Playwright starts the browser in a session of its own, and where the kernel groups tasks by session
# (autogroups) it shares the CPU between sessions before threads: so the session's own nice is set, and
# every thread's, for kernels without autogroups. Raising a nice needs no privilege, but without
# CAP_SYS_ADMIN the kernel accepts one autogroup change per 100 ms machine-wide: hence the retries.
for attempt in 1 2 3 4 5; do
  echo "${CHROMIUM_NICE:?}" 2>/dev/null >/proc/self/autogroup && break
  [ -e /proc/self/autogroup ] || break
  sleep 0.1
done
exec nice -n "${CHROMIUM_NICE:?}" "${CHROMIUM_EXECUTABLE:?}" "$@"
