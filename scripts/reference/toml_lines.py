"""Reference answers for the TOML reader on every TOML manifest and lock in the corpus.

For each file: a SHA-256 of its value as tomllib reads it (dates as ISO text, canonical
JSON: sorted keys, no spaces, ASCII escapes), and the line of each
dependency string, each Poetry/Pipfile dependency key and each [[package]] header, found
without a TOML parser: by searching the raw lines in document order.
Run: python3 scripts/reference/toml_lines.py > __tests__/corpus/expected/toml.json
"""

import datetime
import hashlib
import json
import os
import re
import sys
import tomllib

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
DIRS = [os.path.join(ROOT, "corpus", "pyproject"), os.path.join(ROOT, "corpus", "locks")]
TOML_NAMES = re.compile(r"(\.toml|\.lock|^Pipfile)$")

ARRAY_PATHS = [
    ("project", "dependencies"),
    ("build-system", "requires"),
    ("tool", "uv", "dev-dependencies"),
]
TABLE_OF_ARRAYS = [
    ("project", "optional-dependencies"),
    ("dependency-groups",),
    ("tool", "pdm", "dev-dependencies"),
]
KEYED_TABLES = [
    ("tool", "poetry", "dependencies"),
    ("tool", "poetry", "dev-dependencies"),
    ("packages",),
    ("dev-packages",),
]


def ms(t):
    return t.strftime("%H:%M:%S") + ".%03d" % (t.microsecond // 1000)


def plain(value):
    """Dates as our reader writes them: milliseconds, `Z` for UTC, the offset otherwise."""
    if isinstance(value, datetime.datetime):
        text = value.strftime("%Y-%m-%dT") + ms(value)
        offset = value.utcoffset()
        if offset is None:
            return text
        if not offset:
            return text + "Z"
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        return text + "%s%02d:%02d" % (sign, abs(minutes) // 60, abs(minutes) % 60)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return ms(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def get(doc, path):
    for key in path:
        if not isinstance(doc, dict) or key not in doc:
            return None
        doc = doc[key]
    return doc


def header_line(lines, path):
    """Line of the [a.b] header (keys possibly quoted), or None."""
    pattern = re.compile(r"^\s*\[\s*" + r"\s*\.\s*".join(r'"?' + re.escape(k) + r'"?' for k in path) + r"\s*\]\s*(#.*)?$")
    for i, text in enumerate(lines):
        if pattern.match(text):
            return i + 1
    return None


def array_start(lines, path):
    """Line index of `key =` that opens the array at `path` (after its table header)."""
    for cut in range(len(path) - 1, -1, -1):
        start = header_line(lines, path[:cut]) if cut else 0
        if start is None:
            continue
        rest = path[cut:]
        key = r"\s*\.\s*".join(r'["\']?' + re.escape(k) + r'["\']?' for k in rest)
        pattern = re.compile(r"^\s*" + key + r"\s*=")
        for i in range(start, len(lines)):
            if pattern.match(lines[i]):
                return i
    return 0


def string_lines(lines, doc):
    """Each dependency string: its quoted text, searched from the line that opens its array."""
    targets = []
    for path in ARRAY_PATHS:
        items = get(doc, path)
        if isinstance(items, list):
            targets += [(list(path) + [i], s) for i, s in enumerate(items) if isinstance(s, str)]
    for path in TABLE_OF_ARRAYS:
        table = get(doc, path)
        if isinstance(table, dict):
            for name, items in table.items():
                if isinstance(items, list):
                    targets += [(list(path) + [name, i], s) for i, s in enumerate(items) if isinstance(s, str)]
    out = {}
    used = set()
    for path, s in targets:
        quoted = [json.dumps(s), "'" + s + "'"]
        for i in range(array_start(lines, path[:-1]), len(lines)):
            text = lines[i]
            if (i, s) in used:
                continue
            if any(q in text for q in quoted):
                used.add((i, s))
                out[json.dumps(path)] = i + 1
                break
    return out


def key_lines(lines, doc):
    out = {}
    for path in KEYED_TABLES:
        table = get(doc, path)
        start = header_line(lines, path)
        if not isinstance(table, dict) or start is None:
            continue
        for name in table:
            pattern = re.compile(r'^\s*["\']?' + re.escape(name) + r'["\']?\s*=')
            for i in range(start, len(lines)):
                if pattern.match(lines[i]):
                    out[json.dumps(list(path) + [name])] = i + 1
                    break
    packages = [i + 1 for i, text in enumerate(lines) if re.match(r"^\s*\[\[\s*package\s*\]\]", text)]
    for index, line in enumerate(packages):
        out[json.dumps(["package", index])] = line
    return out


def main():
    result = {}
    for base in DIRS:
        for dirpath, _, files in sorted(os.walk(base)):
            for f in sorted(files):
                if not TOML_NAMES.search(f) or f == "Pipfile.lock":
                    continue
                path = os.path.join(dirpath, f)
                raw = open(path, "rb").read()
                doc = tomllib.loads(raw.decode("utf-8"))
                lines = raw.decode("utf-8").splitlines()
                rel = os.path.relpath(path, ROOT).replace(os.sep, "/")
                canonical = json.dumps(plain(doc), sort_keys=True, separators=(",", ":"))
                digest = hashlib.sha256(canonical.encode()).hexdigest()
                result[rel] = {"sha256": digest, "lines": {**string_lines(lines, doc), **key_lines(lines, doc)}}
    rows = [f"{json.dumps(k)}: {json.dumps(result[k], sort_keys=True)}" for k in sorted(result)]
    sys.stdout.write("{\n" + ",\n".join(rows) + "\n}\n")


if __name__ == "__main__":
    main()
