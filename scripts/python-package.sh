#!/usr/bin/env bash
# The Python package where doc writers use it: builds the `speclift` wheel
# (maturin, release), installs it into a fresh venv, runs `speclift gen` from
# there, builds Cinder's api-ref with Sphinx + os-api-ref + speclift.sphinx
# (our own conf.py in a temp dir, never in the tree) and checks that the specs
# in `_openapi/` are byte-equal to `speclift gen`'s and that every gen warning
# became a Sphinx warning, runs the package's pytest suite and ruff, and runs
# both pre-commit hooks with `pre-commit try-repo` on a small git repo of our
# own (they pass on a clean tree, fail on a stale spec and a lint error).
#
#   scripts/python-package.sh [WORK_DIR]
#
# WORK_DIR (default target/python-package) keeps the wheel, the venvs, the
# HTML and every step's log (`<step>.log`). Each step prints `OK`/`FAIL`
# with its time. pre-commit installs the hooks with `pip install .`, which
# compiles the binary again: CARGO_TARGET_DIR points it at this repository's
# target/ and MATURIN_PEP517_ARGS at the dev profile, so that only the
# workspace's own crates are compiled (in debug) and the release binary once.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
work=${1:-$root/target/python-package}
cinder=$(cd "$root/../shared/corpus/cinder/api-ref/source" 2>/dev/null && pwd) || {
    echo "python-package: ../shared/corpus/cinder/api-ref/source is missing: the reference data must sit beside the repository" >&2
    exit 1
}
fixture=$root/python/tests/data/api-ref

rm -rf "$work"
mkdir -p "$work"
venv=$work/venv
results=()
failed=0

# step FUNCTION LABEL: runs FUNCTION with its output in $work/FUNCTION.log,
# prints OK or FAIL with the time, and on failure the log's tail.
step() {
    local fn=$1 label=$2 start=$SECONDS status line
    # Not `fn || status=$?`: bash ignores `set -e` inside a function run
    # as the left side of `||`, and the steps rely on it.
    set +e
    (set -e; "$fn") >"$work/$fn.log" 2>&1
    status=$?
    set -e
    if ((status == 0)); then
        line=$(printf 'OK    %4ds  %s' "$((SECONDS - start))" "$label")
    else
        line=$(printf 'FAIL  %4ds  %s (exit %d; log: %s)' "$((SECONDS - start))" "$label" "$status" "$work/$fn.log")
        failed=1
    fi
    results+=("$line")
    echo "python-package: $line"
    if ((status != 0)); then
        tail -n 40 "$work/$fn.log" | sed 's/^/    /'
    fi
    return "$status"
}

summary() {
    echo
    echo "python-package: summary"
    printf '  %s\n' "${results[@]}"
}

build_wheel() {
    python3 -m venv "$work/build-venv"
    "$work/build-venv/bin/pip" install --quiet --disable-pip-version-check -r python/requirements-build.txt
    "$work/build-venv/bin/maturin" --version
    "$work/build-venv/bin/maturin" build --release --locked --out "$work/wheels"
    ls -l "$work/wheels"
}

install_wheel() {
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$work"/wheels/speclift-*.whl \
        -r python/requirements-test.txt
    # The binary is the wheel's, in the venv's scripts directory.
    test -x "$venv/bin/speclift"
    "$venv/bin/speclift" --version
    "$venv/bin/python" -c 'import speclift.sphinx, speclift; print("speclift package", speclift.__version__, speclift.__file__)'
}

gen_from_venv() {
    # The absolute path, as the extension passes app.srcdir: x-speclift.source
    # keeps the last two components of an absolute path.
    "$venv/bin/speclift" gen "$cinder" -o "$work/gen-cinder" 2>"$work/gen-cinder.stderr"
    tail -n 1 "$work/gen-cinder.stderr"
    ls "$work/gen-cinder"
    compgen -G "$work/gen-cinder/*.yaml" >/dev/null
}

sphinx_cinder() {
    mkdir -p "$work/sphinx-conf"
    cat >"$work/sphinx-conf/conf.py" <<'EOF'
# Written by scripts/python-package.sh: os-api-ref and speclift's extension, never the tree's conf.py.
extensions = ['os_api_ref', 'speclift.sphinx']
project = 'cinder api-ref'
root_doc = 'index'
html_theme = 'alabaster'
EOF
    "$venv/bin/sphinx-build" -b html -c "$work/sphinx-conf" -d "$work/sphinx-doctrees" \
        -j "$(nproc)" -q -N -w "$work/sphinx-warnings.txt" "$cinder" "$work/html"
    local html_specs=$work/html/_openapi
    echo "specs in the HTML output:"
    ls -l "$html_specs"
    # Byte-equal to speclift gen's, file for file (the listing page aside).
    diff <(cd "$work/gen-cinder" && ls) <(cd "$html_specs" && ls | grep -v '^index\.html$')
    for spec in "$work"/gen-cinder/*; do
        cmp "$spec" "$html_specs/$(basename "$spec")"
    done
    echo "byte-equal: $(find "$work/gen-cinder" -type f | wc -l) specs"
    # Every warning gen counted is a Sphinx warning of type speclift (Sphinx
    # appends `[speclift.<code>]` to each), and the first one is at its file:line.
    local gen_count sphinx_count first
    gen_count=$(grep -oE '[0-9]+ warnings?' "$work/gen-cinder.stderr" | tail -n 1 | grep -oE '^[0-9]+')
    sphinx_count=$(grep -cE '\[speclift\.[A-Za-z0-9_-]+\]$' "$work/sphinx-warnings.txt" || true)
    echo "gen warnings: $gen_count; speclift warnings in the Sphinx log: $sphinx_count"
    ((gen_count > 0 && gen_count == sphinx_count))
    first=$(grep -oE '/[^ ]+\.(rst|inc|yaml|json):[0-9]+:[0-9]+' "$work/gen-cinder.stderr" | head -n 1)
    echo "first gen warning at $first"
    grep -qF "${first%:*}: WARNING: " "$work/sphinx-warnings.txt"
    grep -q 'href="_openapi/index.html"' "$work/html/index.html"
    grep -q 'href="block-storage-api-v3.yaml"' "$html_specs/index.html"
}

run_pytest() {
    # The installed package and binary, not the source tree's (CI=true makes
    # a missing Sphinx, os-api-ref or binary fail instead of skip).
    (cd "$work" && CI=${CI:-true} "$venv/bin/python" -m pytest -p no:cacheprovider \
        -c "$root/pyproject.toml" --rootdir "$root" "$root/python/tests")
}

run_ruff() {
    "$venv/bin/ruff" check python
    "$venv/bin/ruff" format --check python
}

# A git repo of our own holding the tiny api-ref tree and its specs.
make_hook_repo() {
    local repo=$1
    mkdir -p "$repo"
    cp -R "$fixture" "$repo/api-ref"
    # As the hook runs it (relative paths: x-speclift.source keeps them whole).
    (cd "$repo" && "$venv/bin/speclift" gen api-ref/source -o specs)
    git -C "$repo" init --quiet
    git -C "$repo" add -A
    git -C "$repo" -c user.name=ci -c user.email=ci@localhost commit --quiet -m "tiny api-ref"
}

# pre-commit try-repo HOOKS, run in the git repo REPO.
try_repo() {
    local repo=$1 hooks=$2
    # MATURIN_PEP517_ARGS: pip's build of this repository (the install from
    # source) in the dev profile, whose dependencies the debug build of the
    # earlier CI sections has compiled; the release binary is built once.
    (cd "$repo" && PRE_COMMIT_HOME="$work/pre-commit-home" CARGO_TARGET_DIR="$root/target" \
        MATURIN_PEP517_ARGS="--profile dev" \
        "$venv/bin/pre-commit" try-repo "$hooks" --all-files --verbose --color never)
}

pre_commit_pass() {
    if [[ -n $(git -C "$root" status --porcelain) ]]; then
        echo "note: uncommitted changes: pre-commit tests a shadow copy of them"
    fi
    make_hook_repo "$work/hooks-clean"
    # The real thing: pre-commit installs this repository (`pip install .`,
    # maturin, cargo into $root/target: the workspace's crates are rebuilt,
    # being newer in pre-commit's clone; the dependencies are not).
    try_repo "$work/hooks-clean" "$root" | tee "$work/hooks-clean.out"
    grep -qE '^speclift lint\.+Passed' "$work/hooks-clean.out"
    grep -qE '^speclift specs check\.+Passed' "$work/hooks-clean.out"
}

# A hook repository with this repository's .pre-commit-hooks.yaml whose
# package installs the wheel built above: try-repo uses a new store each
# time, so a second install from source would compile again.
make_wheel_hooks_repo() {
    local hooks=$1 wheel
    wheel=$(compgen -G "$work/wheels/speclift-*.whl" | head -n 1)
    mkdir -p "$hooks"
    cp "$root/.pre-commit-hooks.yaml" "$hooks/"
    cat >"$hooks/pyproject.toml" <<EOF
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "speclift-hooks-under-test"
version = "0"
dependencies = ["speclift @ file://$wheel"]

[tool.setuptools]
py-modules = []
EOF
    git -C "$hooks" init --quiet
    git -C "$hooks" add -A
    git -C "$hooks" -c user.name=ci -c user.email=ci@localhost commit --quiet -m "hooks under test"
}

pre_commit_fail() {
    local repo=$work/hooks-broken hooks=$work/hooks-wheel
    make_hook_repo "$repo"
    make_wheel_hooks_repo "$hooks"
    # A stale spec: the documentation changes, specs/ does not.
    sed -i 's/^Shows one thing\.$/Shows one thing, by its UUID./' "$repo/api-ref/source/index.rst"
    # A lint error: a sample that does not exist.
    sed -i 's/thing-show-response\.json/thing-show.json/' "$repo/api-ref/source/index.rst"
    git -C "$repo" add -A
    local status=0
    try_repo "$repo" "$hooks" >"$work/hooks-broken.out" 2>&1 || status=$?
    cat "$work/hooks-broken.out"
    ((status == 1))
    grep -qE '^speclift lint\.+Failed' "$work/hooks-broken.out"
    grep -qE 'error.*thing-show\.json' "$work/hooks-broken.out"
    grep -qE '^speclift specs check\.+Failed' "$work/hooks-broken.out"
    grep -q 'by its UUID' "$work/hooks-broken.out"
}

# The wheel is what everything else uses: without it, stop.
step build_wheel "build the wheel (maturin, release)" || { summary; exit 1; }
step install_wheel "install the wheel and test tools into a fresh venv" || { summary; exit 1; }
step gen_from_venv "speclift gen from the venv (Cinder)" || true
step sphinx_cinder "sphinx-build Cinder with os_api_ref + speclift.sphinx; specs match gen" || true
step run_pytest "pytest python/tests (installed package)" || true
step run_ruff "ruff check + format --check python/" || true
step pre_commit_fail "pre-commit try-repo (hooks on the wheel): both fail on a stale spec and a lint error" || true
step pre_commit_pass "pre-commit try-repo (this repo, built from source): both hooks pass on a clean tree" || true
summary
exit "$failed"
