"""Sphinx extension: the OpenAPI specs of an api-ref tree, built with its HTML.

``extensions = ['os_api_ref', 'speclift.sphinx']`` in ``conf.py``. When an HTML
build finishes without an exception, ``speclift gen`` runs on the source tree
and writes the specs into ``<outdir>/_openapi/``; speclift's diagnostics become
Sphinx warnings at their file and line (type ``speclift``, subtype the rule
code, so ``suppress_warnings = ['speclift.SD001']`` silences one rule and
``sphinx-build -W`` fails on any), ``_openapi/index.html`` lists the specs and
the root document links to it.

Configuration values:

``speclift_format``
    ``'yaml'`` (default), ``'json'`` or ``'both'``.
``speclift_args``
    Extra arguments for ``speclift gen`` (a list), e.g. ``['--root', '..']``.
``speclift_link``
    Add a link to the specs at the end of the root document (default ``True``).
``speclift_binary``
    The ``speclift`` executable, when it is neither beside the running
    Python nor on ``PATH``.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError, ExtensionError
from sphinx.util import logging

from speclift import __version__
from speclift._binary import SpecliftNotFoundError, find_speclift
from speclift._diagnostics import Diagnostic
from speclift._gen import OUTPUT_DIR, GenRun, command, output_formats, run

logger = logging.getLogger(__name__)

# Where the binary found at builder-inited is kept for build-finished.
_BINARY_ATTR = "_speclift_binary"


def _wants_specs(app: Sphinx) -> bool:
    """HTML builders only: epub shares the HTML format but has no place for specs."""
    return app.builder.format == "html" and not app.builder.name.startswith("epub")


def _on_builder_inited(app: Sphinx) -> None:
    """Check the configuration and find the binary before the build spends any time."""
    if not _wants_specs(app):
        return
    try:
        output_formats(app.config.speclift_format)
    except ValueError as error:
        raise ConfigError(str(error)) from error
    if not all(isinstance(arg, str) for arg in app.config.speclift_args):
        raise ConfigError("speclift_args must be a list of strings")
    try:
        binary = find_speclift(app.config.speclift_binary or None)
    except SpecliftNotFoundError as error:
        raise ExtensionError(str(error), modname=__name__) from error
    setattr(app, _BINARY_ATTR, binary)


def _report(diagnostic: Diagnostic) -> None:
    """One speclift diagnostic as a Sphinx log record at its file and line."""
    subtype = diagnostic.code or "gen"
    if diagnostic.severity == "error":
        log = logger.error
    elif diagnostic.severity == "warning":
        log = logger.warning
    else:
        log = logger.info
    log(diagnostic.text(), location=diagnostic.location, type="speclift", subtype=subtype)


def _generate(app: Sphinx, binary: Path, specs_dir: Path) -> None:
    srcdir = Path(app.srcdir).resolve()
    for index, fmt in enumerate(output_formats(app.config.speclift_format)):
        cmd = command(binary, srcdir, specs_dir, fmt, list(app.config.speclift_args))
        outcome = run(cmd, cwd=srcdir)
        # Every format reads the same documents: their diagnostics once.
        if index == 0:
            _report_run(outcome)
        elif outcome.returncode not in (0, 1):
            _report_run(outcome)


def _report_run(outcome: GenRun) -> None:
    if outcome.returncode == 2:
        # A usage error (speclift_args) or an unreadable source tree.
        raise ExtensionError(
            f"`{' '.join(outcome.command)}` failed (exit status 2):\n{outcome.output.strip()}",
            modname=__name__,
        )
    for diagnostic in outcome.parsed.diagnostics:
        _report(diagnostic)
    if outcome.returncode != 0 and not any(
        d.severity == "error" for d in outcome.parsed.diagnostics
    ):
        # Failed without a readable error (a crash, a new output form): never silent.
        logger.error(
            "`%s` failed (exit status %d):\n%s",
            " ".join(outcome.command),
            outcome.returncode,
            "\n".join(outcome.parsed.other_lines) or outcome.output.strip(),
            type="speclift",
            subtype="gen",
        )


def listing_page(specs: list[Path], version: str) -> str:
    """The HTML page that lists the generated spec files (names relative to the page)."""
    if specs:
        items = "\n".join(
            f'    <li><a href="{html.escape(spec.name, quote=True)}" download>'
            f"{html.escape(spec.name)}</a></li>"
            for spec in specs
        )
        body = f"  <ul>\n{items}\n  </ul>"
    else:
        body = "  <p>No spec was generated: see the warnings of the documentation build.</p>"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        '<head><meta charset="utf-8"><title>OpenAPI specs</title></head>\n'
        "<body>\n"
        "  <h1>OpenAPI specs</h1>\n"
        f"  <p>Generated from this documentation by speclift {html.escape(version)}.</p>\n"
        f"{body}\n"
        "</body>\n"
        "</html>\n"
    )


def spec_files(specs_dir: Path) -> list[Path]:
    """The spec files in ``specs_dir``, by name."""
    return sorted(
        (p for p in specs_dir.iterdir() if p.suffix in (".yaml", ".json") and p.is_file()),
        key=lambda p: p.name,
    )


def _on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not _wants_specs(app):
        return
    binary: Path | None = getattr(app, _BINARY_ATTR, None)
    if binary is None:
        return
    specs_dir = Path(app.outdir) / OUTPUT_DIR
    # The directory is speclift's: a spec of an API that is gone must not stay.
    shutil.rmtree(specs_dir, ignore_errors=True)
    specs_dir.mkdir(parents=True)
    logger.info("speclift: generating OpenAPI specs into %s", specs_dir)
    _generate(app, binary, specs_dir)
    (specs_dir / "index.html").write_text(
        listing_page(spec_files(specs_dir), __version__), encoding="utf-8"
    )


def link_html() -> str:
    """The paragraph appended to the root document."""
    return (
        '<p class="speclift-openapi">'
        f'<a href="{OUTPUT_DIR}/index.html">OpenAPI specs of this API reference</a></p>\n'
    )


def _on_html_page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    if (
        app.config.speclift_link
        and _wants_specs(app)
        and pagename == app.config.root_doc
        and isinstance(context.get("body"), str)
    ):
        context["body"] += link_html()


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("speclift_format", "yaml", "", [str])
    app.add_config_value("speclift_args", [], "", [list, tuple])
    app.add_config_value("speclift_link", True, "html", [bool])
    app.add_config_value("speclift_binary", "", "", [str])
    app.connect("builder-inited", _on_builder_inited)
    app.connect("html-page-context", _on_html_page_context)
    app.connect("build-finished", _on_build_finished)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
