#!/usr/bin/env bash
# Container entry point installed at /usr/local/bin/entrypoint.sh.
set -euo pipefail
cd /srv
exec python main.py "$@"
