#!/usr/bin/env python3
"""Small seeds for the `gen` and `diff` fuzz targets (fuzz/).

Both targets cost time in proportion to their input, so each seed is one
operation rather than a whole document.

gen: one operation section of an api-ref `.inc` (rest_method to the next
one), the parameters.yaml entries it names, and the first sample it
literalincludes (as `samples/sample.json`), split at NUL bytes as the
target expects. Whole pages with their whole parameters.yaml (~11 KB)
held the target at ~40 execs/s.

diff: pairs of small specs, split at a NUL. Whole specs (20-45 KB each, two per input) made every exec parse ~80 KB
and libFuzzer mutate inputs of that length, which held the target at
~75 execs/s. Each seed here is one operation of a spec in specs/ (with the
components it references, transitively), minified, paired with the same
operation in the spec's other revision when there is one (the changes
`diff` exists to find) and else with the next operation of the same spec.

Usage: fuzz-seeds.py gen OUT_DIR PAGE.inc...
       fuzz-seeds.py diff OUT_DIR SPEC.json...
Deterministic: the same inputs give the same seed names and bytes.
"""

import json
import os
import re
import sys

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def refs(node, found):
    """Every local `$ref` target under `node`, as (section, name)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/"):
            parts = ref[len("#/components/"):].split("/", 1)
            if len(parts) == 2:
                found.add((parts[0], parts[1]))
        for value in node.values():
            refs(value, found)
    elif isinstance(node, list):
        for value in node:
            refs(value, found)


def operation_doc(spec, path, method):
    """`spec` cut down to one operation and the components it reaches."""
    item = spec["paths"][path]
    kept = {k: v for k, v in item.items() if k not in METHODS}
    kept[method] = item[method]
    doc = {k: spec[k] for k in ("openapi", "info") if k in spec}
    doc["paths"] = {path: kept}
    components = spec.get("components", {})
    wanted, done = set(), set()
    refs(doc["paths"], wanted)
    while wanted - done:
        section, name = sorted(wanted - done)[0]
        done.add((section, name))
        target = components.get(section, {}).get(name)
        if target is not None:
            refs(target, wanted)
    picked = {}
    for section, name in sorted(done):
        target = components.get(section, {}).get(name)
        if target is not None:
            picked.setdefault(section, {})[name] = target
    if picked:
        doc["components"] = picked
    return doc


def operations(spec):
    return [
        (path, method)
        for path in spec.get("paths", {})
        for method in METHODS
        if isinstance(spec["paths"][path], dict) and method in spec["paths"][path]
    ]


def minified(doc):
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode()


def seed_name(text):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")


UNDERLINE = re.compile(r"^([=\-~^\"'`#*+.:_])\1{2,}\s*$")
PARAMETER_ROW = re.compile(r"^\s+- [^:]+:\s*(\S+)\s*$")
SAMPLE = re.compile(r"^(\s*\.\. literalinclude::\s*)(\S+\.json)\s*$")


def parameter_entries(text):
    """parameters.yaml as {key: its lines}, keys being the unindented ones."""
    entries, key = {}, None
    for line in text.splitlines(keepends=True):
        m = re.match(r"^([^\s#][^:]*):\s*$", line)
        if m:
            key = m.group(1)
            entries[key] = [line]
        elif key is not None and (line.startswith((" ", "\t")) or not line.strip()):
            entries[key].append(line)
        else:
            key = None
    return entries


def gen_seeds(out, pages):
    os.makedirs(out, exist_ok=True)
    for page in sorted(pages):
        folder = os.path.dirname(page)
        yaml_path = os.path.join(folder, "parameters.yaml")
        if not os.path.exists(yaml_path):
            continue
        with open(yaml_path, encoding="utf-8") as f:
            entries = parameter_entries(f.read())
        with open(page, encoding="utf-8") as f:
            lines = f.read().splitlines(keepends=True)
        methods = [i for i, l in enumerate(lines) if l.lstrip().startswith(".. rest_method::")]
        starts = []
        for i in methods:
            # Back to the section title: its underline, then the title line
            # (and an overline above it, when there is one).
            j = i - 1
            while j > 0 and not UNDERLINE.match(lines[j]):
                j -= 1
            start = max(j - 1, 0)
            if start > 0 and UNDERLINE.match(lines[start - 1]):
                start -= 1
            starts.append(start)
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(lines)
            chunk, keys, sample = [], [], None
            for line in lines[start:end]:
                m = SAMPLE.match(line)
                if m:
                    if sample is None:
                        sample = os.path.normpath(os.path.join(folder, m.group(2)))
                    line = m.group(1) + "samples/sample.json\n"
                r = PARAMETER_ROW.match(line)
                if r and r.group(1) not in keys:
                    keys.append(r.group(1))
                chunk.append(line)
            params = "".join("".join(entries[k]) for k in keys if k in entries)
            body = "{}"
            if sample is not None and os.path.exists(sample):
                with open(sample, encoding="utf-8") as f:
                    body = f.read()
            seed = "".join(chunk) + "\0" + params + "\0" + body
            name = seed_name(f"{page}_{n}")
            with open(os.path.join(out, name), "wb") as f:
                f.write(seed.encode())


def diff_seeds(out, names):
    specs = {}
    for name in sorted(names):
        with open(name, encoding="utf-8") as f:
            spec = json.load(f)
        if isinstance(spec, dict) and "paths" in spec:
            specs[os.path.basename(name)[: -len(".json")]] = spec
    os.makedirs(out, exist_ok=True)
    for stem, spec in specs.items():
        # The other revision: `x-older-revision` beside `x`.
        other = specs.get(stem + "-older-revision")
        ops = operations(spec)
        for i, (path, method) in enumerate(ops):
            old = operation_doc(spec, path, method)
            if other is not None and (path, method) in operations(other):
                new = operation_doc(other, path, method)
            else:
                new = operation_doc(spec, *ops[(i + 1) % len(ops)])
            seed = seed_name(f"{stem}_{method}_{path}")
            with open(os.path.join(out, seed), "wb") as f:
                f.write(minified(old) + b"\0" + minified(new))


def main():
    kind, out, inputs = sys.argv[1], sys.argv[2], sys.argv[3:]
    if kind == "gen":
        gen_seeds(out, inputs)
    elif kind == "diff":
        diff_seeds(out, inputs)
    else:
        sys.exit(f"fuzz-seeds.py: unknown target `{kind}` (gen or diff)")


if __name__ == "__main__":
    main()
