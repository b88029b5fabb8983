"""Reading the diagnostics ``speclift gen`` prints on stderr.

``gen`` has no machine-readable diagnostics format yet, so its text is parsed.
Two renderings are understood, so that a change of rendering does not silence
the extension:

* one-line: ``path:line:col: warning[CODE]: message`` (the code is optional),
  followed by ``  = help: hint`` lines;
* rustc style (annotate-snippets): ``warning[CODE]: message``, then
  ``  --> path:line:col``, a quoted source snippet, and ``  = help: hint``.

Lines that are neither (the summary line, snippet lines) are kept aside so a
failing run whose output could not be read is still shown whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# Colour codes, in case a colour was forced through the environment.
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_SEVERITY = r"(?P<severity>error|warning|note|info|help)(?:\[(?P<code>[A-Za-z0-9_-]+)\])?"
# The path is anything up to the last `:line:col:` before the severity, so
# paths holding colons (C:\..., a:b/x.rst) are read whole.
_ONE_LINE = re.compile(
    rf"^(?P<path>.+?):(?P<line>\d+)(?::(?P<col>\d+))?: {_SEVERITY}: (?P<message>.*)$"
)
_HEADER = re.compile(rf"^{_SEVERITY}: (?P<message>.*)$")
_ARROW = re.compile(r"^\s*-->\s*(?P<path>.+?):(?P<line>\d+)(?::(?P<col>\d+))?\s*$")
_HINT = re.compile(r"^\s*=\s*(?P<kind>help|note):\s*(?P<text>.*)$")


@dataclass
class Diagnostic:
    """One diagnostic of ``speclift gen``: where, how bad, what, and what to do."""

    severity: str
    message: str
    path: Path | None = None
    line: int | None = None
    column: int | None = None
    code: str | None = None
    hints: list[str] = field(default_factory=list)

    @property
    def location(self) -> str | None:
        """``path:line`` as Sphinx prints locations (it has no columns)."""
        if self.path is None:
            return None
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def text(self) -> str:
        """The message followed by its hints, as speclift renders them."""
        parts = [self.message, *(f"  = {hint}" for hint in self.hints)]
        return "\n".join(parts)


@dataclass
class Parsed:
    """What was read from one run's output."""

    diagnostics: list[Diagnostic]
    other_lines: list[str]


def _located(path: str, base: Path | None) -> Path:
    located = Path(path.strip())
    if base is not None and not located.is_absolute():
        located = base / located
    return located


def parse(output: str, base: Path | None = None) -> Parsed:
    """The diagnostics in ``output``; relative paths are taken from ``base``."""
    diagnostics: list[Diagnostic] = []
    other: list[str] = []
    # The diagnostic that a following `-->` or `= help:` line belongs to.
    current: Diagnostic | None = None
    for raw in output.splitlines():
        line = _ANSI.sub("", raw).rstrip()
        if not line.strip():
            continue
        one_line = _ONE_LINE.match(line)
        if one_line:
            current = Diagnostic(
                severity=one_line["severity"],
                code=one_line["code"],
                message=one_line["message"],
                path=_located(one_line["path"], base),
                line=int(one_line["line"]),
                column=int(one_line["col"]) if one_line["col"] else None,
            )
            diagnostics.append(current)
            continue
        header = _HEADER.match(line)
        if header and header["severity"] in ("error", "warning"):
            current = Diagnostic(
                severity=header["severity"], code=header["code"], message=header["message"]
            )
            diagnostics.append(current)
            continue
        arrow = _ARROW.match(line)
        if arrow and current is not None and current.path is None:
            current.path = _located(arrow["path"], base)
            current.line = int(arrow["line"])
            current.column = int(arrow["col"]) if arrow["col"] else None
            continue
        hint = _HINT.match(line)
        if hint and current is not None:
            current.hints.append(f"{hint['kind']}: {hint['text']}")
            continue
        if _is_snippet(line):
            continue
        # Anything else (the summary line, a panic) ends the diagnostic.
        current = None
        other.append(line)
    return Parsed(diagnostics=diagnostics, other_lines=other)


def _is_snippet(line: str) -> bool:
    """A line of a quoted source snippet: ``   |``, `` 12 | text``, ``   ^^^ label``, ``...``."""
    stripped = line.strip()
    return (
        bool(re.match(r"^(\d+\s*)?\|", stripped))
        or stripped == "..."
        or (bool(stripped) and set(stripped.split(" ", 1)[0]) <= {"^", "-", "~"})
    )
