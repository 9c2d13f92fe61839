#!/usr/bin/env bash
# The test command. As root it runs pytest inside a private network namespace (loopback only):
# the FalkorDB Bolt test server listens on all interfaces, and nothing in the tests may reach
# (or be reached from) the network. Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && [ -z "${FKG_NO_NETNS:-}" ]; then
  exec unshare -n sh -c 'ip link set lo up && exec .venv/bin/python -m pytest "$@"' sh "$@"
fi
exec .venv/bin/python -m pytest "$@"
