"""Reference answers for the lock-file parsers, from tomllib / json and the raw lines.

For every lock in corpus/locks: each third-party package (the project itself and workspace
members left out) with name, version, source kind and the line of its entry — the i-th
[[package]] header, or the `"name": {` line of Pipfile.lock.
Run: python3 scripts/reference/locks.py > __tests__/corpus/expected/locks.json
"""

import json
import os
import re
import sys
import tomllib

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
LOCKS = os.path.join(ROOT, "corpus", "locks")


def headers(lines, key):
    return [i + 1 for i, t in enumerate(lines) if re.match(r"^\s*\[\[\s*" + key + r"\s*\]\]", t)]


def uv(doc, lines):
    members = {m.lower().replace("_", "-") for m in doc.get("manifest", {}).get("members", [])}
    out = []
    for pkg, line in zip(doc.get("package", []), headers(lines, "package")):
        src = pkg.get("source", {})
        if "editable" in src or "virtual" in src:
            continue
        if "directory" in src and pkg["name"].lower().replace("_", "-") in members:
            continue
        kind = ("git" if "git" in src else "url" if "url" in src
                else "path" if ("path" in src or "directory" in src) else "registry")
        out.append((pkg["name"], pkg.get("version"), kind, line))
    return out


def poetry(doc, lines):
    out = []
    for pkg, line in zip(doc.get("package", []), headers(lines, "package")):
        t = pkg.get("source", {}).get("type")
        kind = {"git": "git", "directory": "path", "file": "path", "url": "url"}.get(t, "registry")
        out.append((pkg["name"], pkg["version"], kind, line))
    return out


def pylock(doc, lines):
    out = []
    for pkg, line in zip(doc.get("packages", []), headers(lines, "packages")):
        if pkg.get("directory", {}).get("editable"):
            continue
        kind = ("git" if "vcs" in pkg else "path" if "directory" in pkg
                else ("url" if "url" in pkg["archive"] else "path") if "archive" in pkg else "registry")
        out.append((pkg["name"], pkg.get("version"), kind, line))
    return out


def pdm(doc, lines):
    out = []
    for pkg, line in zip(doc.get("package", []), headers(lines, "package")):
        if pkg.get("editable") and pkg.get("path") == ".":
            continue
        kind = "git" if "git" in pkg else "path" if "path" in pkg else "url" if "url" in pkg else "registry"
        out.append((pkg["name"], pkg.get("version"), kind, line))
    return out


def pipfile_lock(text, lines):
    doc = json.loads(text)
    out = []
    for section, packages in doc.items():
        if section == "_meta":
            continue
        for name, pkg in packages.items():
            pattern = re.compile(r'^\s*' + re.escape(json.dumps(name)) + r'\s*:')
            start = next(i for i, t in enumerate(lines) if re.match(r'^\s*' + re.escape(json.dumps(section)) + r'\s*:', t))
            line = next(i + 1 for i in range(start, len(lines)) if pattern.match(lines[i]))
            version = pkg.get("version")
            kind = "git" if "git" in pkg else "path" if "path" in pkg else "url" if "file" in pkg else "registry"
            out.append((name, version.lstrip("=") if version else None, kind, line))
    return out


def main():
    result = {}
    for dirpath, _, files in sorted(os.walk(LOCKS)):
        for f in sorted(files):
            path = os.path.join(dirpath, f)
            raw = open(path, encoding="utf-8").read()
            lines = raw.splitlines()
            if f == "Pipfile.lock":
                rows = pipfile_lock(raw, lines)
            elif f == "uv.lock":
                rows = uv(tomllib.loads(raw), lines)
            elif f == "poetry.lock":
                rows = poetry(tomllib.loads(raw), lines)
            elif f == "pdm.lock":
                rows = pdm(tomllib.loads(raw), lines)
            elif re.match(r"^pylock(\.[^.]+)?\.toml$", f):
                rows = pylock(tomllib.loads(raw), lines)
            else:
                continue
            rel = os.path.relpath(path, ROOT).replace(os.sep, "/")
            result[rel] = [list(r) for r in rows]
    out = [f"{json.dumps(k)}: {json.dumps(result[k])}" for k in sorted(result)]
    sys.stdout.write("{\n" + ",\n".join(out) + "\n}\n")


if __name__ == "__main__":
    main()
