#!/usr/bin/env bash
# Create (or update) the project's virtual environment in .venv with everything the appliance
# and its tests need. torch is pinned first: 2.13.0 is the CPU wheel on these machines; an
# unpinned torch would pull a multi-GB CUDA build. On a GPU machine install the CUDA build of
# torch first and this script leaves it alone.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if ! .venv/bin/python -c "import torch" 2>/dev/null; then
  .venv/bin/python -m pip install --quiet "torch==2.13.0"
fi
.venv/bin/python -m pip install --quiet -e ".[test]"
echo "Environment ready: $(pwd)/.venv"
