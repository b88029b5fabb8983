"""Reading ``speclift gen``'s diagnostics in either rendering."""

from __future__ import annotations

from pathlib import Path

from speclift._diagnostics import parse

# Verbatim shape of gen's one-line rendering (file:line:col: severity: message).
ONE_LINE = """\
v3/attachments.inc:340:6: warning: body parameter `attachement` is in no sample; did you mean `x`?
  = help: rename the table entry to `attachment`
/abs/v3/default-types.inc:24:1: warning[SD003]: path parameter `project-id` is not documented
  = help: add `project-id` to the section's request parameter table
  = note: os-api-ref renders it anyway
parameters.yaml:7:3: error: parameter `x` has no `in`
speclift: wrote 1 of 2 specs to out (1 error, 2 warnings; 0 elements degraded)
"""

# rustc style, as annotate-snippets renders it.
RICH = """\
warning[SL003]: body parameter `attachement` is in no sample
  --> v3/attachments.inc:340:6
    |
340 |    - attachement: attachment
    |      ^^^^^^^^^^^ not in any sample
    |
    = help: rename the table entry to `attachment`

error: invalid YAML
 --> parameters.yaml:12:1
  |
  = help: fix the indentation
"""


def test_one_line_diagnostics_with_and_without_codes() -> None:
    parsed = parse(ONE_LINE, base=Path("/src"))
    first, second, third = parsed.diagnostics
    assert (first.severity, first.code, first.line, first.column) == ("warning", None, 340, 6)
    assert first.path == Path("/src/v3/attachments.inc")
    assert first.message.startswith("body parameter `attachement`")
    assert first.hints == ["help: rename the table entry to `attachment`"]
    assert second.code == "SD003"
    assert second.path == Path("/abs/v3/default-types.inc"), "absolute paths stay as they are"
    assert second.hints == [
        "help: add `project-id` to the section's request parameter table",
        "note: os-api-ref renders it anyway",
    ]
    assert (third.severity, third.location) == ("error", "/src/parameters.yaml:7")
    assert parsed.other_lines == [
        "speclift: wrote 1 of 2 specs to out (1 error, 2 warnings; 0 elements degraded)"
    ]


def test_rich_diagnostics_take_their_location_from_the_arrow() -> None:
    parsed = parse(RICH, base=Path("/src"))
    warning, error = parsed.diagnostics
    assert (warning.severity, warning.code) == ("warning", "SL003")
    assert (warning.path, warning.line, warning.column) == (
        Path("/src/v3/attachments.inc"),
        340,
        6,
    )
    assert warning.hints == ["help: rename the table entry to `attachment`"]
    assert error.location == "/src/parameters.yaml:12"
    assert error.hints == ["help: fix the indentation"]
    assert parsed.other_lines == [], "snippet lines are not reported as output"


def test_colour_codes_are_ignored() -> None:
    coloured = "\x1b[1m\x1b[33mindex.rst:3:1: warning\x1b[0m: odd\n\x1b[36m  = help:\x1b[0m fix\n"
    (diagnostic,) = parse(coloured).diagnostics
    assert (diagnostic.location, diagnostic.message) == ("index.rst:3", "odd")
    assert diagnostic.hints == ["help: fix"]


def test_paths_with_colons_are_read_whole() -> None:
    (diagnostic,) = parse(r"C:\docs\api-ref\index.rst:9:2: error: broken").diagnostics
    assert diagnostic.path == Path(r"C:\docs\api-ref\index.rst")
    assert (diagnostic.line, diagnostic.column, diagnostic.message) == (9, 2, "broken")


def test_a_message_quoting_another_diagnostic_is_not_split() -> None:
    text = "a.rst:1:1: warning: sample says `b.rst:2:3: error: x`\n"
    (diagnostic,) = parse(text).diagnostics
    assert diagnostic.path == Path("a.rst")
    assert diagnostic.message == "sample says `b.rst:2:3: error: x`"


def test_a_diagnostic_without_location_is_kept() -> None:
    parsed = parse("error: no api-ref document under `x`\n  = help: give a directory\n")
    (diagnostic,) = parsed.diagnostics
    assert (diagnostic.path, diagnostic.location) == (None, None)
    assert diagnostic.text() == "no api-ref document under `x`\n  = help: give a directory"


def test_unknown_lines_end_a_diagnostic_and_are_kept() -> None:
    text = "a.rst:1:1: warning: w\nthread 'main' panicked at src/x.rs\n  = help: orphan\n"
    parsed = parse(text)
    (diagnostic,) = parsed.diagnostics
    assert diagnostic.hints == [], "a hint after an unrelated line belongs to nothing"
    assert parsed.other_lines == ["thread 'main' panicked at src/x.rs", "  = help: orphan"]


def test_text_joins_message_and_hints() -> None:
    (diagnostic,) = parse("a.rst:4:2: warning: w\n  = help: h\n").diagnostics
    assert diagnostic.text() == "w\n  = help: h"
