"""Where the ``speclift`` executable is.

The wheel puts the binary in the scripts directory of the environment it is
installed into, which is not always on ``PATH`` (a venv that is not activated,
``sphinx-build`` run as ``venv/bin/sphinx-build``, tox). So the directory of the
running Python comes first, then ``PATH``.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path

EXECUTABLE = "speclift.exe" if os.name == "nt" else "speclift"


class SpecliftNotFoundError(RuntimeError):
    """No usable ``speclift`` executable; the message lists where it was looked for."""


def script_dirs() -> list[Path]:
    """The scripts directories of the running Python, most specific first, without repeats."""
    candidates: list[str | None] = [
        sysconfig.get_path("scripts"),
        # `pip install --user speclift` puts it here.
        sysconfig.get_path("scripts", f"{os.name}_user"),
        # A venv's interpreter sits beside its scripts even when sysconfig
        # describes the base installation (some embedded or relocated Pythons).
        str(Path(sys.executable).parent) if sys.executable else None,
    ]
    dirs: list[Path] = []
    for candidate in candidates:
        if candidate and Path(candidate) not in dirs:
            dirs.append(Path(candidate))
    return dirs


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def find_speclift(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The ``speclift`` executable to run.

    ``explicit`` (a path, or a bare name looked up on ``PATH``) wins and must
    exist; otherwise the running Python's scripts directories, then ``PATH``.
    """
    if explicit:
        given = Path(explicit)
        if given.parent != Path() or given.is_absolute():
            if _is_executable(given):
                return given
            raise SpecliftNotFoundError(
                f"speclift executable {given} (set by speclift_binary) does not exist "
                "or is not executable"
            )
        found = shutil.which(str(given))
        if found:
            return Path(found)
        raise SpecliftNotFoundError(
            f"speclift executable {given!s} (set by speclift_binary) is not on PATH"
        )
    looked: list[str] = []
    for directory in script_dirs():
        candidate = directory / EXECUTABLE
        if _is_executable(candidate):
            return candidate
        looked.append(str(directory))
    found = shutil.which(EXECUTABLE)
    if found:
        return Path(found)
    looked.append("PATH")
    raise SpecliftNotFoundError(
        f"the speclift executable was not found (looked in {', '.join(looked)}); "
        "install it into this environment with `pip install speclift`, or set "
        "speclift_binary in conf.py to its path"
    )
