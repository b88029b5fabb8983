#!/usr/bin/env python3
"""Rewrite operation ids in scenario, expectation and test files.

Operation ids changed from path slugs (`get_v3_project_id_volumes_volume_id`)
to readable ids (`showVolume`, issue 17). Files that name operations (the
checker's `allow-foreign` lists, expectations, tests) are rewritten with a
mapping: a TSV of `spec<TAB>old<TAB>new` rows, one per operation of each spec.

    # the mapping for one or more specs, from the old and the new spec files:
    scripts/rewrite-operation-ids.py map OLD.json NEW.json [--name NAME] >> map.tsv
    # rewrite files (in place) with the rows of one spec:
    scripts/rewrite-operation-ids.py apply map.tsv --spec corpus/cinder/block-storage-api-v3.json FILE...
    # a YAML file whose top-level keys are specs (cinder-expectations.yaml):
    scripts/rewrite-operation-ids.py apply map.tsv --spec DEFAULT \\
        --section cinder-v3=corpus/cinder/block-storage-api-v3.json FILE...

An id is replaced only as a whole word, so suffixes the checker adds
(`@3.44`, `!no-body`, `[os-extend]`) stay. An old id the chosen rows map to
two different new ids is an error, never a guess. Exit status 1 when an id
the rows know is left ambiguous; 2 on usage errors.
"""

import argparse
import json
import re
import sys

WORD = re.compile(r"[A-Za-z0-9_]+")
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def operations(doc):
    """(METHOD, path) -> operationId, including additional operations."""
    out = {}
    for path, item in doc.get("paths", {}).items():
        for key, value in item.items():
            if key in METHODS and isinstance(value, dict):
                out[(key.upper(), path)] = value.get("operationId")
            elif key in ("x-oai-additionalOperations", "additionalOperations"):
                for method, op in value.items():
                    out[(method.upper(), path)] = op.get("operationId")
    return out


def load_map(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if n == 1 and line.startswith("spec\t"):
                continue
            if not line:
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                sys.exit(f"{path}:{n}: expected spec<TAB>old<TAB>new")
            rows.append(parts)
    return rows


def mapping_for(rows, spec):
    table, conflicts = {}, set()
    for name, old, new in rows:
        if name != spec:
            continue
        if old in table and table[old] != new:
            conflicts.add(old)
        table[old] = new
    if not table:
        sys.exit(f"no rows for spec `{spec}` in the mapping")
    return table, conflicts


def rewrite(text, table, conflicts, where, problems):
    def swap(m):
        word = m.group(0)
        if word in conflicts:
            problems.append(f"{where}: `{word}` maps to several ids; left as is")
            return word
        return table.get(word, word)

    return WORD.sub(swap, text)


def cmd_map(args):
    with open(args.old, encoding="utf-8") as f:
        old = operations(json.load(f))
    with open(args.new, encoding="utf-8") as f:
        new = operations(json.load(f))
    name = args.name or args.new
    if old.keys() != new.keys():
        sys.exit("the two specs do not document the same operations")
    for key in old:
        print(f"{name}\t{old[key]}\t{new[key]}")


def cmd_apply(args):
    rows = load_map(args.map)
    default = mapping_for(rows, args.spec) if args.spec else None
    sections = {}
    for item in args.section or []:
        key, _, spec = item.partition("=")
        if not spec:
            sys.exit(f"--section wants KEY=SPEC, not `{item}`")
        sections[key] = mapping_for(rows, spec)
    problems = []
    for path in args.files:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        current = default
        out = []
        for n, line in enumerate(lines, 1):
            top = re.match(r"^([A-Za-z0-9_.-]+):", line)
            if top and sections:
                current = sections.get(top.group(1), default)
            if current is None:
                out.append(line)
                continue
            table, conflicts = current
            out.append(rewrite(line, table, conflicts, f"{path}:{n}", problems))
        text = "\n".join(out)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("map", help="print mapping rows for two versions of a spec")
    m.add_argument("old")
    m.add_argument("new")
    m.add_argument("--name", help="the spec column (default: NEW)")
    a = sub.add_parser("apply", help="rewrite files in place")
    a.add_argument("map")
    a.add_argument("files", nargs="+")
    a.add_argument("--spec", help="the rows to use outside named sections")
    a.add_argument("--section", action="append", help="KEY=SPEC for a top-level YAML key")
    args = parser.parse_args()
    if args.command == "map":
        cmd_map(args)
        return 0
    if not args.spec and not args.section:
        parser.error("apply needs --spec or --section")
    return cmd_apply(args)


if __name__ == "__main__":
    sys.exit(main())
