"""Reference answers for the pyproject.toml parser (the PEP 508 parts of it).

For every corpus pyproject.toml: the requirement strings of [project] dependencies and
optional-dependencies, [dependency-groups] (include-group expanded), [build-system] requires,
[tool.uv] dev-dependencies and [tool.pdm] dev-dependencies, each read by tomllib and
packaging.requirements, with its group. Poetry tables are not PEP 508 and are tested by hand.
Run: python3 scripts/reference/pyproject_deps.py > __tests__/corpus/expected/pyproject.json
"""

import json
import os
import sys
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def files():
    for dirpath, _, names in sorted(os.walk(os.path.join(ROOT, "corpus"))):
        for n in sorted(names):
            if n == "pyproject.toml" or n.endswith(".pyproject.toml"):
                yield os.path.join(dirpath, n)


def describe(text, group):
    r = Requirement(text)
    return {
        "name": r.name,
        "group": group,
        "extras": sorted(r.extras),
        "specifier": ",".join(sorted(str(s) for s in r.specifier)),
        "marker": str(r.marker) if r.marker else None,
        "url": r.url,
    }


def main():
    out = {}
    for path in files():
        doc = tomllib.load(open(path, "rb"))
        deps = []
        project = doc.get("project", {})
        deps += [describe(s, "main") for s in project.get("dependencies", [])]
        for extra, items in project.get("optional-dependencies", {}).items():
            deps += [describe(s, f"optional:{extra}") for s in items]
        groups = doc.get("dependency-groups", {})
        by_normal = {canonicalize_name(g): g for g in groups}

        def expand(name, group):
            for item in groups[name]:
                if isinstance(item, str):
                    deps.append(describe(item, group))
                else:
                    expand(by_normal[canonicalize_name(item["include-group"])], group)

        for name in groups:
            expand(name, f"group:{name}")
        deps += [describe(s, "build") for s in doc.get("build-system", {}).get("requires", [])]
        tool = doc.get("tool", {})
        deps += [describe(s, "dev") for s in tool.get("uv", {}).get("dev-dependencies", [])]
        for _, items in tool.get("pdm", {}).get("dev-dependencies", {}).items():
            deps += [describe(s, "dev") for s in items if not s.startswith("-e ")]
        rel = os.path.relpath(path, ROOT).replace(os.sep, "/")
        out[rel] = {"dependencies": deps, "requiresPython": project.get("requires-python")}
    rows = [f"{json.dumps(k)}: {json.dumps(out[k], sort_keys=True)}" for k in sorted(out)]
    sys.stdout.write("{\n" + ",\n".join(rows) + "\n}\n")


if __name__ == "__main__":
    main()
