"""The ``speclift gen`` command line the extension runs, and reading its outcome."""

from __future__ import annotations

from pathlib import Path

import pytest

from speclift._gen import command, output_formats, run


@pytest.mark.parametrize(
    ("setting", "formats"),
    [("yaml", ["yaml"]), ("json", ["json"]), ("both", ["yaml", "json"])],
)
def test_output_formats(setting: str, formats: list[str]) -> None:
    assert output_formats(setting) == formats


def test_an_unknown_format_names_the_choices() -> None:
    with pytest.raises(ValueError, match="'yaml', 'json', 'both'"):
        output_formats("toml")


def test_command_puts_extra_arguments_last() -> None:
    cmd = command(Path("/bin/speclift"), Path("/src"), Path("/o"), "json", ["--root", "/"])
    assert cmd == [
        "/bin/speclift", "gen", "/src", "--output", "/o", "--format", "json", "--root", "/",
    ]  # fmt: skip


def test_run_reads_diagnostics_relative_to_its_directory(
    fake_speclift: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SPECLIFT_OUTPUT", "v3/a.inc:2:5: warning[SD002]: odd\n  = help: fix\n")
    monkeypatch.setenv("FAKE_SPECLIFT_EXIT", "0")
    monkeypatch.setenv("CLICOLOR_FORCE", "1")
    out = tmp_path / "out"
    out.mkdir()
    outcome = run(command(fake_speclift, tmp_path, out, "yaml", []), cwd=tmp_path)
    assert outcome.returncode == 0
    (diagnostic,) = outcome.parsed.diagnostics
    assert diagnostic.location == f"{tmp_path / 'v3' / 'a.inc'}:2"
    assert (out / "things.yaml").is_file()


def test_run_reports_the_exit_status(
    fake_speclift: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SPECLIFT_EXIT", "1")
    outcome = run(command(fake_speclift, tmp_path, tmp_path, "json", []), cwd=tmp_path)
    assert outcome.returncode == 1
