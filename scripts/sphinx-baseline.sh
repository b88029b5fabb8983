#!/usr/bin/env bash
# The bar speclift's generation benchmark is compared with: sphinx-build with
# os-api-ref over the same Cinder and Nova api-ref trees (HTML builder).
# Usage: scripts/sphinx-baseline.sh   (needs ../shared beside the repo; PyPI access)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared="$repo/../shared/corpus"
[ -d "$shared" ] || { echo "sphinx-baseline: $shared is missing" >&2; exit 1; }
venv="$repo/.venv-sphinx"
if [ ! -x "$venv/bin/sphinx-build" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'sphinx<9' 'os-api-ref==3.*' >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The trees are read-only in ../shared; sphinx needs a conf.py beside them.
cp -r "$shared/cinder" "$work/cinder"
cp -r "$shared/nova" "$work/nova"
for tree in cinder nova; do
  cat > "$work/$tree/api-ref/source/conf.py" <<'PY'
extensions = ['os_api_ref']
project = 'baseline'
html_theme = 'basic'
suppress_warnings = ['toc.not_included']
PY
done
total=0
for tree in cinder nova; do
  start=$(date +%s.%N)
  "$venv/bin/sphinx-build" -q -b html -j 1 "$work/$tree/api-ref/source" "$work/out-$tree" >/dev/null 2>"$work/$tree.log" || {
    echo "sphinx-build failed on $tree:" >&2; tail -20 "$work/$tree.log" >&2; exit 1; }
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc)
  total=$(echo "$total + $t" | bc)
  printf 'sphinx-build %s: %.2f s (%s warnings)\n' "$tree" "$t" "$(grep -c WARNING "$work/$tree.log" || true)"
done
printf 'sphinx-build cinder+nova: %.2f s\n' "$total"
