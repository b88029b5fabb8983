#!/usr/bin/env bash
# `man` for the man-page test (crates/cli/tests/it/conventions.rs renders
# every page `cargo xtask man` writes with `man -l`; under CI a missing
# `man` fails it). Installs man-db from Debian when `man` is absent.
set -euo pipefail

if ! man --version >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends man-db groff-base
fi
# sed reads to the end: under pipefail an early-closed pipe must not fail.
man --version 2>&1 | sed -n 1p
