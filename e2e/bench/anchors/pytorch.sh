#!/usr/bin/env bash
# Same-window anchor (on demand): makes a virtual environment with PyTorch from PyPI (once, in
# e2e/bench/anchors/.venv), then runs pytorch.py. Settings: see pytorch.py.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install --quiet torch numpy
fi
exec "$here/.venv/bin/python" "$here/pytorch.py"
