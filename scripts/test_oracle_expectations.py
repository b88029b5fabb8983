#!/usr/bin/env python3
"""Unit tests of oracle_expectations.py on small hand-written results.

Run: python3 scripts/test_oracle_expectations.py (needs PyYAML; oracle-diff.sh
runs it with the oracle's venv before measuring).
"""
import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle_expectations as oe  # noqa: E402


def oracle_op(method, path, anchor, params=0, codes=0):
    return {
        "method": method, "path": path, "page": "index.html", "anchor": anchor,
        "request": [{"name": f"p{i}", "in": "body"} for i in range(params)],
        "response": [], "success": [200] * codes, "error": [],
    }


def result_entry(method, path, anchor, matched=True, missing_params=(), missing_codes=()):
    return {
        "method": method, "path": path, "page": "index.html", "anchor": anchor,
        "matched": matched, "missing_params": list(missing_params),
        "missing_codes": list(missing_codes),
    }


class Tree:
    """One tree's oracle.json and result.json in a temporary folder."""

    def __init__(self, ops, entries, params, params_matched, codes, codes_matched):
        self.dir = tempfile.TemporaryDirectory()
        matched_ops = sum(1 for e in entries if e["matched"])
        with open(os.path.join(self.dir.name, "t.oracle.json"), "w") as fh:
            json.dump({"operations": ops}, fh)
        with open(os.path.join(self.dir.name, "t.result.json"), "w") as fh:
            json.dump({
                "operations": entries, "ops": len(entries), "ops_matched": matched_ops,
                "params": params, "params_matched": params_matched,
                "status_codes": codes, "status_codes_matched": codes_matched,
                "body_params_type_ok": 0, "body_params_type_checked": 0,
            }, fh)

    def run(self, expectations):
        path = os.path.join(self.dir.name, "expectations.yaml")
        with open(path, "w") as fh:
            fh.write(expectations)
        out = io.StringIO()
        with redirect_stdout(out):
            status = oe.main([path, self.dir.name, "t"])
        return status, out.getvalue()


# 200 parameters, 2 missing; 100 codes, 1 missing: 99.0 % and 99.0 %.
MISSES = [
    result_entry("GET", "/a", "a", missing_params=[
        "request:path:x (request path param documented but not in the URL (doc error))",
        "request:body:y (request body param absent)",
    ], missing_codes=[404]),
]
NAMED = """\
t:
  - op: GET /a
    missing: request:path:x
    blame: document
    cause: x is a query parameter documented in path.
  - op: GET /a
    missing: code:404
    blame: document
    cause: a code the page lists for another operation.
"""


class ExpectationsTest(unittest.TestCase):
    def make(self, *args):
        tree = Tree(*args)
        self.addCleanup(tree.dir.cleanup)
        return tree

    def test_named_misses_leave_the_denominators(self):
        tree = self.make([oracle_op("GET", "/a", "a")], MISSES, 200, 198, 100, 99)
        status, out = tree.run(NAMED)
        self.assertEqual(status, 0, out)
        self.assertIn("params 198/199 (99.5%)", out)
        self.assertIn("status codes 99/99 (100.0%)", out)
        self.assertIn("unnamed miss: GET /a: parameter request:body:y", out)

    def test_below_a_threshold_fails(self):
        tree = self.make([oracle_op("GET", "/a", "a")], MISSES, 200, 198, 100, 99)
        status, out = tree.run("t: []\n")
        self.assertEqual(status, 1, out)
        self.assertIn("FAIL t: status codes 99/100 (99.0%) below 99.5%", out)

    def test_a_stale_expectation_fails(self):
        tree = self.make([oracle_op("GET", "/a", "a")], MISSES, 200, 198, 100, 99)
        stale = NAMED + """\
  - op: GET /b
    missing: request:query:gone
    blame: oracle
    cause: fixed since.
"""
        status, out = tree.run(stale)
        self.assertEqual(status, 1, out)
        self.assertIn("stale expectation (matches no miss): GET /b missing request:query:gone", out)

    def test_a_named_missing_operation_takes_its_rows_along(self):
        ops = [oracle_op("GET", "/a", "a", params=1, codes=1),
               oracle_op("COPY", "/b", "b", params=3, codes=2)]
        entries = [result_entry("GET", "/a", "a"), result_entry("COPY", "/b", "b", matched=False)]
        tree = self.make(ops, entries, 4, 1, 3, 1)
        named = """\
t:
  - op: COPY /b
    missing: operation
    blame: oracle
    cause: the oracle reads eight methods only.
"""
        status, out = tree.run(named)
        self.assertEqual(status, 0, out)
        self.assertIn("ops 1/1 (100.0%), params 1/1 (100.0%), status codes 1/1 (100.0%)", out)
        status, out = tree.run("t: []\n")
        self.assertEqual(status, 1, out)
        self.assertIn("FAIL t: operations 1/2 (50.0%)", out)

    def test_malformed_entries_and_unmeasured_trees_fail(self):
        tree = self.make([oracle_op("GET", "/a", "a")], [result_entry("GET", "/a", "a")], 1, 1, 1, 1)
        status, out = tree.run("t:\n  - op: GET /a\n    missing: x\n    blame: nobody\n")
        self.assertEqual(status, 1, out)
        self.assertIn("needs exactly the keys", out)
        status, out = tree.run("t: []\nother: []\n")
        self.assertEqual(status, 1, out)
        self.assertIn("expectations for `other`, a tree that was not measured", out)


if __name__ == "__main__":
    unittest.main()
