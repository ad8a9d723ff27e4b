#!/usr/bin/env bash
# On demand (not in the test command): runs every lab's PyTorch program under PyTorch and checks
# it against the engine. Makes a virtual environment with torch, numpy and safetensors from PyPI
# (once, in e2e/pytorch/.venv), writes the programs with the engine's numbers
# (`cargo run -p engine --bin programs`), runs each, and writes the results to
# docs/pytorch-check.md. Needs MNIST and the Titanic file (`cargo xtask setup`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install --quiet torch numpy safetensors
fi
programs="$(mktemp -d)"
(cd "$root" && cargo run -q -p engine --bin programs -- "$programs")
report="$root/docs/pytorch-check.md"
{
  echo "# The labs' PyTorch programs under PyTorch"
  echo
  echo "Written by \`e2e/pytorch/run.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores. Each program is the page's own"
  echo "(\`descent_core::pytorch\`), run with the arguments \`engine/src/bin/programs.rs\` gives it, and"
  echo "compared with the engine's numbers for the same run: the quadratic's 30 steps, the ReLU fit's 2000"
  echo "Adam steps, and 10 full-batch steps of the playground, Titanic and Digits networks from the"
  echo "engine's first weights (\`--init\`). Agreement is to 1e-4 relative."
  echo
} > "$report"
"$here/.venv/bin/python" "$here/check.py" torch "$programs" \
  --mnist "$root/assets/mnist" --titanic "$root/assets/titanic/train.csv" --report "$report.table"
cat "$report.table" >> "$report"
rm -f "$report.table"
echo "results in $report"
