"""Running ``speclift gen`` for a Sphinx build: the command line and its outcome."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from speclift._diagnostics import Parsed, parse

FORMATS = ("yaml", "json", "both")
# Where the specs go in the HTML output, and the page that lists them.
OUTPUT_DIR = "_openapi"


@dataclass
class GenRun:
    """One ``speclift gen`` run: its exit status, diagnostics and raw output."""

    command: list[str]
    returncode: int
    parsed: Parsed
    output: str


def output_formats(setting: str) -> list[str]:
    """The ``--format`` values for a ``speclift_format`` setting."""
    if setting not in FORMATS:
        raise ValueError(
            f"speclift_format must be one of {', '.join(map(repr, FORMATS))}, not {setting!r}"
        )
    return ["yaml", "json"] if setting == "both" else [setting]


def command(
    binary: Path, srcdir: Path, outdir: Path, fmt: str, extra: list[str] | tuple[str, ...]
) -> list[str]:
    """``speclift gen SRCDIR -o OUTDIR --format FMT EXTRA...``."""
    return [str(binary), "gen", str(srcdir), "--output", str(outdir), "--format", fmt, *extra]


def _environment() -> dict[str, str]:
    """The caller's environment without forced colour: the output is parsed."""
    env = {key: value for key, value in os.environ.items() if key != "CLICOLOR_FORCE"}
    env["NO_COLOR"] = "1"
    return env


def run(cmd: list[str], cwd: Path) -> GenRun:
    """Run ``cmd`` in ``cwd``; diagnostics' relative paths are read from ``cwd``."""
    completed = subprocess.run(
        cmd,
        cwd=cwd,
        env=_environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    return GenRun(
        command=cmd,
        returncode=completed.returncode,
        parsed=parse(completed.stdout, base=cwd),
        output=completed.stdout,
    )
