"""Finding the speclift executable: the running Python's scripts first, then PATH."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from speclift import _binary
from speclift._binary import EXECUTABLE, SpecliftNotFoundError, find_speclift


def _executable(directory: Path, name: str = EXECUTABLE) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def scripts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty scripts directory standing for the running Python's, and an empty PATH."""
    directory = tmp_path / "venv-bin"
    directory.mkdir()
    monkeypatch.setattr(_binary, "script_dirs", lambda: [directory])
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    return directory


def test_the_scripts_directory_wins_over_path(
    scripts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    beside_python = _executable(scripts)
    on_path = _executable(tmp_path / "on-path")
    monkeypatch.setenv("PATH", str(on_path.parent))
    assert find_speclift() == beside_python


def test_path_is_the_fallback(
    scripts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_path = _executable(tmp_path / "on-path")
    monkeypatch.setenv("PATH", os.pathsep.join([str(tmp_path / "nothing"), str(on_path.parent)]))
    assert find_speclift() == on_path


def test_a_file_that_is_not_executable_is_passed_over(
    scripts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (scripts / EXECUTABLE).write_text("not a program")
    on_path = _executable(tmp_path / "on-path")
    monkeypatch.setenv("PATH", str(on_path.parent))
    assert find_speclift() == on_path


def test_missing_everywhere_says_where_it_looked(scripts: Path) -> None:
    with pytest.raises(SpecliftNotFoundError) as error:
        find_speclift()
    message = str(error.value)
    assert str(scripts) in message
    assert "PATH" in message
    assert "pip install speclift" in message


def test_an_explicit_path_wins_and_must_exist(scripts: Path, tmp_path: Path) -> None:
    _executable(scripts)
    chosen = _executable(tmp_path / "elsewhere", "speclift-dev")
    assert find_speclift(chosen) == chosen
    with pytest.raises(SpecliftNotFoundError, match="does not exist"):
        find_speclift(tmp_path / "missing" / "speclift")


def test_an_explicit_bare_name_is_looked_up_on_path(
    scripts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = _executable(tmp_path / "tools", "speclift-nightly")
    monkeypatch.setenv("PATH", str(chosen.parent))
    assert find_speclift("speclift-nightly") == chosen
    with pytest.raises(SpecliftNotFoundError, match="not on PATH"):
        find_speclift("speclift-other")


def test_script_dirs_start_with_this_interpreters_and_hold_no_repeats() -> None:
    import sysconfig

    dirs = _binary.script_dirs()
    assert dirs[0] == Path(sysconfig.get_path("scripts"))
    assert len(dirs) == len(set(dirs))
