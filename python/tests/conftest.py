"""Fixtures: a fake speclift, the tiny api-ref tree, and sphinx-build in a subprocess."""

from __future__ import annotations

import importlib.util
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"

# Stands in for the binary: writes one spec per --format into --output, prints
# FAKE_SPECLIFT_OUTPUT on stderr, records its arguments, exits FAKE_SPECLIFT_EXIT.
FAKE = """\
import os, sys
args = sys.argv[1:]
with open(os.environ["FAKE_SPECLIFT_LOG"], "a") as log:
    log.write(" ".join(args) + "\\n")
out = args[args.index("--output") + 1]
fmt = args[args.index("--format") + 1]
with open(os.path.join(out, "things." + fmt), "w") as spec:
    spec.write("openapi: 3.1.0\\n")
sys.stderr.write(os.environ.get("FAKE_SPECLIFT_OUTPUT", ""))
sys.exit(int(os.environ.get("FAKE_SPECLIFT_EXIT", "0")))
"""


def require_module(name: str) -> None:
    """Skip without ``name`` locally; under CI a missing module is a failure, never a skip."""
    if importlib.util.find_spec(name) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed: CI installs it (scripts/python-package.sh)")
        pytest.skip(f"{name} is not installed", allow_module_level=True)


@pytest.fixture
def fake_speclift(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = tmp_path / "fake-bin" / "speclift"
    script.parent.mkdir()
    script.write_text(f"#!{sys.executable}\n{FAKE}")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("FAKE_SPECLIFT_LOG", str(tmp_path / "fake-calls.log"))
    monkeypatch.delenv("FAKE_SPECLIFT_OUTPUT", raising=False)
    monkeypatch.delenv("FAKE_SPECLIFT_EXIT", raising=False)
    return script


def fake_calls(tmp_path: Path) -> list[str]:
    log = tmp_path / "fake-calls.log"
    return log.read_text().splitlines() if log.exists() else []


@pytest.fixture
def tiny_tree(tmp_path: Path) -> Path:
    """A copy of the tiny api-ref tree (tests may break it)."""
    root = tmp_path / "docs"
    shutil.copytree(DATA / "api-ref", root / "api-ref")
    return root / "api-ref" / "source"


def sphinx_build(
    srcdir: Path, outdir: Path, conf: str, *flags: str, builder: str = "html"
) -> subprocess.CompletedProcess[str]:
    """``python -m sphinx`` with a conf.py written beside, never into, the tree."""
    confdir = outdir.parent / f"{outdir.name}-conf"
    confdir.mkdir(parents=True, exist_ok=True)
    (confdir / "conf.py").write_text(
        textwrap.dedent(
            """\
            project = 'things'
            root_doc = 'index'
            html_theme = 'alabaster'
            """
        )
        + textwrap.dedent(conf)
    )
    cmd = [
        sys.executable, "-m", "sphinx", "-b", builder, "-c", str(confdir),
        "-d", str(confdir / "doctrees"), "-N", *flags, str(srcdir), str(outdir),
    ]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, check=False)
