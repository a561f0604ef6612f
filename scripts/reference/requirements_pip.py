"""Reference answers for the requirements parser, from pip itself.

For every requirements file under corpus/requirements, parse it with pip's own
requirements-file parser (following -r/-c includes) and write what pip found:
each requirement with its name, extras, specifier, marker, url, editable flag,
constraint flag, hashes, and the file and line it came from; or the error pip
stopped on. Run: python3 scripts/reference/requirements_pip.py > __tests__/corpus/expected/requirements.json
"""

import json
import os
import re
import sys

from pip._internal.exceptions import InstallationError
from pip._internal.network.session import PipSession
from pip._internal.req.constructors import install_req_from_parsed_requirement
from pip._internal.req.req_file import parse_requirements

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
CORPUS = os.path.join(ROOT, "corpus", "requirements")
COMES_FROM = re.compile(r"^-[rc] (.*) \(line (\d+)\)$")


def rel(path):
    return os.path.relpath(os.path.abspath(path), ROOT).replace(os.sep, "/")


def describe(parsed, session):
    m = COMES_FROM.match(parsed.comes_from)
    where = {"file": rel(m.group(1)), "line": int(m.group(2))}
    try:
        ireq = install_req_from_parsed_requirement(parsed, isolated=True)
    except InstallationError as e:
        # pip judges `-e path` against the working directory it runs in; such a line is
        # an error for pip here and a local (non-registry) project for us.
        return {"error": str(e).splitlines()[0], "requirement": parsed.requirement, **where}
    req = ireq.req
    return {
        "name": req.name if req else None,
        "extras": sorted(req.extras) if req else sorted(ireq.extras),
        "specifier": ",".join(sorted(str(s) for s in req.specifier)) if req else "",
        "marker": str(ireq.markers) if ireq.markers else None,
        "url": ireq.link.url if ireq.link else None,
        "editable": ireq.editable,
        "constraint": parsed.constraint,
        "hashes": sorted(
            f"{alg}:{h}"
            for alg, hs in (parsed.options or {}).get("hashes", {}).items()
            for h in hs
        ),
        **where,
    }


def main():
    session = PipSession()
    out = {}
    for dirpath, _, files in sorted(os.walk(CORPUS)):
        for f in sorted(files):
            if not (f.endswith(".txt") or f.endswith(".in")):
                continue
            path = os.path.join(dirpath, f)
            key = rel(path)
            try:
                deps = [describe(p, session) for p in parse_requirements(path, session)]
                out[key] = {"dependencies": deps}
            except (InstallationError, Exception) as e:  # pip stops at the first bad line
                out[key] = {"error": f"{type(e).__name__}: {e}"}
    # One file per line keeps the committed answers compact and their diffs readable.
    lines = [f"{json.dumps(k)}: {json.dumps(out[k], sort_keys=True)}" for k in sorted(out)]
    sys.stdout.write("{\n" + ",\n".join(lines) + "\n}\n")


if __name__ == "__main__":
    main()
