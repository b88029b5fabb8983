"""speclift: API reference documentation (reStructuredText) to OpenAPI 3.1.

The wheel installs the ``speclift`` command-line tool; this package holds the
Sphinx extension (``speclift.sphinx``) and the helpers it uses to find and run
that binary.
"""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("speclift")
except metadata.PackageNotFoundError:  # imported from a source checkout
    __version__ = "0+unknown"
