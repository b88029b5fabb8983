#!/usr/bin/env bash
# The portal's browser test: installs Chromium (Debian's package) when it is
# missing, then runs crates/cli/tests/it/portal_browser.rs, which builds the
# portal from specs/ and from the Cinder and Nova corpus specs and checks it
# in headless Chromium from file://. The screenshot it takes is left in
# target/portal-screenshots/ (a CI artifact).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v chromium >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
# sed reads to the end (no SIGPIPE under pipefail).
chromium --version 2>/dev/null | sed -n 1p

cargo test -p speclift --test it portal_browser -- --ignored --nocapture
ls -l target/portal-screenshots/
