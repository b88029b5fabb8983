"""The Sphinx extension in real sphinx-build runs (a fake speclift, then the real one)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import fake_calls, require_module, sphinx_build

require_module("sphinx")


@pytest.fixture
def plain_tree(tmp_path: Path) -> Path:
    """A Sphinx source tree that needs no other extension."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "index.rst").write_text("Things\n======\n\nA page.\n")
    return src


def _conf(fake: Path, *lines: str) -> str:
    return "\n".join(
        ["extensions = ['speclift.sphinx']", f"speclift_binary = {str(fake)!r}", *lines]
    )


def test_specs_land_in_openapi_are_listed_and_linked(
    fake_speclift: Path, plain_tree: Path, tmp_path: Path
) -> None:
    out = tmp_path / "html"
    stale = out / "_openapi" / "gone.yaml"
    stale.parent.mkdir(parents=True)
    stale.write_text("an API that is no longer documented")
    built = sphinx_build(plain_tree, out, _conf(fake_speclift), "-W")
    assert built.returncode == 0, built.stderr
    assert fake_calls(tmp_path) == [
        f"gen {plain_tree.resolve()} --output {out / '_openapi'} --format yaml"
    ]
    assert (out / "_openapi" / "things.yaml").is_file()
    assert not stale.exists(), "the specs directory is rewritten on each build"
    listing = (out / "_openapi" / "index.html").read_text()
    assert '<a href="things.yaml" download>things.yaml</a>' in listing
    assert 'href="_openapi/index.html"' in (out / "index.html").read_text()


def test_both_formats_pass_extra_arguments_and_report_once(
    fake_speclift: Path, plain_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SPECLIFT_OUTPUT", "index.rst:3:1: warning: odd\n")
    out = tmp_path / "html"
    conf = _conf(fake_speclift, "speclift_format = 'both'", "speclift_args = ['--openapi', '3.2']")
    built = sphinx_build(plain_tree, out, conf)
    assert built.returncode == 0, built.stderr
    calls = fake_calls(tmp_path)
    assert [call.split("--format ")[1] for call in calls] == [
        "yaml --openapi 3.2",
        "json --openapi 3.2",
    ]
    assert sorted(p.name for p in (out / "_openapi").iterdir()) == [
        "index.html", "things.json", "things.yaml",
    ]  # fmt: skip
    assert built.stderr.count("odd") == 1


def test_diagnostics_are_warnings_at_their_file_and_line(
    fake_speclift: Path, plain_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "FAKE_SPECLIFT_OUTPUT",
        "index.rst:3:1: warning[SD003]: path parameter `id` is not documented\n"
        "  = help: add `id` to the request parameter table\n",
    )
    tolerant = sphinx_build(plain_tree, tmp_path / "html", _conf(fake_speclift))
    assert tolerant.returncode == 0, tolerant.stderr
    warning = (
        f"{plain_tree.resolve() / 'index.rst'}:3: WARNING: path parameter `id` is not documented"
    )
    assert warning in tolerant.stderr
    assert "= help: add `id` to the request parameter table" in tolerant.stderr
    assert "[speclift.SD003]" in tolerant.stderr

    strict = sphinx_build(plain_tree, tmp_path / "strict", _conf(fake_speclift), "-W")
    assert strict.returncode != 0, "sphinx-build -W fails on speclift's warnings"

    silenced = sphinx_build(
        plain_tree, tmp_path / "silenced",
        _conf(fake_speclift, "suppress_warnings = ['speclift.SD003']"), "-W",
    )  # fmt: skip
    assert silenced.returncode == 0, silenced.stderr


def test_a_failure_without_readable_errors_is_shown(
    fake_speclift: Path, plain_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SPECLIFT_OUTPUT", "thread 'main' panicked at src/gen.rs:1:1\n")
    monkeypatch.setenv("FAKE_SPECLIFT_EXIT", "101")
    built = sphinx_build(plain_tree, tmp_path / "html", _conf(fake_speclift))
    assert "ERROR: `" in built.stderr
    assert "(exit status 101)" in built.stderr
    assert "panicked at src/gen.rs" in built.stderr


def test_a_usage_error_stops_the_build(
    fake_speclift: Path, plain_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SPECLIFT_OUTPUT", "error: unexpected argument '--nope'\n")
    monkeypatch.setenv("FAKE_SPECLIFT_EXIT", "2")
    built = sphinx_build(
        plain_tree, tmp_path / "html", _conf(fake_speclift, "speclift_args = ['--nope']")
    )
    assert built.returncode != 0
    assert "unexpected argument '--nope'" in built.stderr


def test_a_missing_binary_stops_the_build_before_it_starts(
    plain_tree: Path, tmp_path: Path
) -> None:
    built = sphinx_build(plain_tree, tmp_path / "html", _conf(tmp_path / "no" / "speclift"))
    assert built.returncode != 0
    assert "does not exist or is not executable" in built.stderr
    assert not (tmp_path / "html" / "index.html").exists()


def test_an_unknown_format_is_a_configuration_error(
    fake_speclift: Path, plain_tree: Path, tmp_path: Path
) -> None:
    built = sphinx_build(
        plain_tree, tmp_path / "html", _conf(fake_speclift, "speclift_format = 'xml'")
    )
    assert built.returncode != 0
    assert "speclift_format must be one of" in built.stderr


def test_other_builders_and_failed_builds_run_nothing(
    fake_speclift: Path, plain_tree: Path, tmp_path: Path
) -> None:
    text = sphinx_build(plain_tree, tmp_path / "text", _conf(fake_speclift), builder="text")
    assert text.returncode == 0, text.stderr
    # A build that raises after the extension is set up: build-finished sees the exception.
    raising = (
        "def _boom(app, env):\n"
        "    raise RuntimeError('boom')\n"
        "def setup(app):\n"
        "    app.connect('env-updated', _boom)\n"
    )
    broken = sphinx_build(plain_tree, tmp_path / "html", _conf(fake_speclift, raising))
    assert broken.returncode != 0
    assert "boom" in broken.stderr
    assert fake_calls(tmp_path) == []


# The real binary: the tiny api-ref tree through os-api-ref and the extension.


@pytest.fixture
def real_speclift() -> Path:
    from speclift._binary import SpecliftNotFoundError, find_speclift

    require_module("os_api_ref")
    try:
        return find_speclift(os.environ.get("SPECLIFT_BIN") or None)
    except SpecliftNotFoundError as error:
        if os.environ.get("CI"):
            pytest.fail(str(error))
        pytest.skip(str(error))


REAL_CONF = "extensions = ['os_api_ref', 'speclift.sphinx']\n"


def test_real_specs_match_speclift_gen(
    real_speclift: Path, tiny_tree: Path, tmp_path: Path
) -> None:
    out = tmp_path / "html"
    built = sphinx_build(
        tiny_tree, out, REAL_CONF + f"speclift_binary = {str(real_speclift)!r}\n", "-W"
    )
    assert built.returncode == 0, built.stderr
    direct = tmp_path / "direct"
    subprocess.run(
        [str(real_speclift), "gen", str(tiny_tree.resolve()), "-o", str(direct)],
        check=True, capture_output=True,
    )  # fmt: skip
    written = sorted(p.name for p in direct.iterdir())
    assert written, "speclift gen wrote no spec for the tiny tree"
    for name in written:
        assert (out / "_openapi" / name).read_bytes() == (direct / name).read_bytes()


def test_real_warnings_fail_a_strict_build(
    real_speclift: Path, tiny_tree: Path, tmp_path: Path
) -> None:
    index = tiny_tree / "index.rst"
    # Drop the request table: the path parameter is then undocumented.
    text = index.read_text()
    index.write_text(
        re.sub(r"Request\n-------\n\n.*?\n\n(?=Response Parameters)", "", text, flags=re.S)
    )
    line = next(
        n
        for n, row in enumerate(index.read_text().splitlines(), 1)
        if row.startswith(".. rest_method::")
    )
    built = sphinx_build(
        tiny_tree,
        tmp_path / "html",
        REAL_CONF + f"speclift_binary = {str(real_speclift)!r}\n",
        "-W",
    )
    assert built.returncode != 0
    assert re.search(
        rf"{re.escape(str(index.resolve()))}:{line}: WARNING: .*thing_id", built.stderr
    ), built.stderr


def test_the_tiny_tree_is_lint_clean(real_speclift: Path, tiny_tree: Path) -> None:
    # The pre-commit test in CI starts from this tree: it must pass as it is.
    linted = subprocess.run(
        [str(real_speclift), "lint", str(tiny_tree)], capture_output=True, text=True
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_the_listing_page_escapes_names_and_says_when_nothing_was_written() -> None:
    from speclift.sphinx import listing_page

    page = listing_page([Path("a&b.yaml")], "1.0")
    assert '<a href="a&amp;b.yaml" download>a&amp;b.yaml</a>' in page
    assert "speclift 1.0" in page
    assert "No spec was generated" in listing_page([], "1.0")
