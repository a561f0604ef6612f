"""Reference answers for the environments of uv.lock versions locked for some forks only.

For every uv.lock in corpus/locks: each package entry with `resolution-markers`, as
[name, version, marker], the marker being packaging's normal form of the markers joined
with `or` (each parenthesised when there are several).
Run: python3 scripts/reference/uv_markers.py > __tests__/corpus/expected/uv-markers.json
"""

import json
import os
import tomllib

from packaging.markers import Marker

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
LOCKS = os.path.join(ROOT, "corpus", "locks")

out = {}
for dirpath, _, files in sorted(os.walk(LOCKS)):
    for name in sorted(files):
        if name != "uv.lock":
            continue
        path = os.path.join(dirpath, name)
        with open(path, "rb") as f:
            doc = tomllib.load(f)
        rows = []
        for pkg in doc.get("package", []):
            markers = [m for m in pkg.get("resolution-markers", []) if m.strip()]
            if not markers:
                continue
            text = markers[0] if len(markers) == 1 else " or ".join(f"({m})" for m in markers)
            rows.append([pkg["name"], pkg.get("version"), str(Marker(text))])
        out[os.path.relpath(path, ROOT).replace(os.sep, "/")] = rows
print(json.dumps(out, indent=1, sort_keys=True))
