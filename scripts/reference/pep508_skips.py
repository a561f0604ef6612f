"""Which pep508-vectors.json cases packaging 26.2 (the reference here) disagrees with.

The vectors come from a newer packaging test-suite; a case 26.2 answers differently exercises
newer behaviour and is skipped by our test. Prints {section: {index: reason}} as JSON:
  python3 scripts/reference/pep508_skips.py > __tests__/corpus/expected/pep508-skips.json
"""

import json
import os
import sys

import packaging
from packaging.markers import InvalidMarker, Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
from packaging.version import InvalidVersion, Version

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
VECTORS = json.load(open(os.path.join(ROOT, "corpus", "pep508-vectors.json")))


def version_case(inp, exp):
    if isinstance(inp, dict) and "from_parts" in inp:
        raise NotImplementedError("Version.from_parts")
    if isinstance(inp, dict) and "op" in inp:
        left, right = Version(inp["left"]), Version(inp["right"])
        return {"result": eval(f"left {inp['op']} right")}
    if isinstance(inp, list):
        vs = [Version(v) for v in inp]
        return {"sorted_ascending": all(a < b for a, b in zip(vs, vs[1:]))}
    key = next(iter(exp))
    if key == "valid":
        try:
            Version(inp)
            return {"valid": True}
        except InvalidVersion:
            return {"valid": False}
    v = Version(inp)
    if key in ("normalized", "str"):
        return {key: str(v)}
    val = getattr(v, key)
    if isinstance(val, tuple):
        val = list(val)
    return {key: val}


def spec_obj(inp):
    pre = inp.get("specifier_prereleases")
    if "specifier" in inp:
        return Specifier(inp["specifier"], prereleases=pre)
    return SpecifierSet(inp["specifier_set"], prereleases=pre)


def specifier_case(inp, exp):
    key = next(iter(exp))
    if key == "valid":
        try:
            spec_obj(inp)
            return {"valid": True}
        except InvalidSpecifier:
            return {"valid": False}
    s = spec_obj(inp)
    if key == "contains":
        kwargs = {}
        if inp.get("contains_prereleases") is not None:
            kwargs["prereleases"] = inp["contains_prereleases"]
        if inp.get("installed") is not None:
            kwargs["installed"] = inp["installed"]
        return {"contains": s.contains(inp["version"], **kwargs)}
    if key == "filter":
        return {"filter": list(s.filter(inp["filter"], prereleases=inp.get("filter_prereleases")))}
    if key == "str":
        return {"str": str(s)}
    if key in ("prereleases", "operator", "version"):
        return {key: getattr(s, key)}
    if key in ("is_subset", "is_superset", "is_disjoint"):
        return {key: getattr(s, key)(SpecifierSet(inp[key]))}
    if key == "equals_specifier_set":
        return {key: (s & SpecifierSet(inp["and"])) == SpecifierSet(exp[key])}
    if key == "is_unsatisfiable":
        return {key: s.is_unsatisfiable()}
    raise NotImplementedError(key)


def marker_case(inp, exp):
    key = next(iter(exp))
    if key == "valid":
        try:
            Marker(inp)
            return {"valid": True}
        except InvalidMarker as e:
            return {"valid": False, **({"error": str(e)} if "error" in exp else {})}
    if key == "str":
        return {"str": str(Marker(inp))}
    if key == "equal":
        return {"equal": Marker(inp["left"]) == Marker(inp["right"])}
    if key == "evaluate":
        return {"evaluate": Marker(inp["marker"]).evaluate(inp["environment"])}
    raise NotImplementedError(key)


def requirement_case(inp, exp):
    keys = set(exp)
    if "error" in keys and "valid" not in keys:
        keys.add("valid")
    if "valid" in keys:
        try:
            Requirement(inp)
            return {"valid": True}
        except InvalidRequirement as e:
            return {"valid": False, **({"error": str(e)} if "error" in keys else {})}
    if "equal" in keys:
        return {"equal": Requirement(inp["left"]) == Requirement(inp["right"])}
    if "equals" in keys:
        return {"equals": Requirement(inp) == Requirement(exp["equals"])}
    r = Requirement(inp)
    if "str" in keys:
        return {"str": str(r)}
    out = {}
    for k in keys:
        if k == "extras":
            out[k] = sorted(r.extras)
        elif k == "specifier":
            out[k] = str(r.specifier)
        elif k == "marker":
            out[k] = str(r.marker) if r.marker else None
        else:
            out[k] = getattr(r, k)
    return out


def agrees(section, case):
    fn = {"versions": version_case, "specifiers": specifier_case,
          "markers": marker_case, "requirements": requirement_case}[section]
    exp = {k: v for k, v in case["expected"].items() if k != "error_match_regex"}
    try:
        got = fn(case["input"], exp)
    except NotImplementedError as e:
        return f"not in packaging {packaging.__version__}: {e}"
    except AttributeError as e:
        return f"not in packaging {packaging.__version__}: {e}"
    except Exception as e:  # noqa: BLE001
        return f"packaging {packaging.__version__} raises {type(e).__name__}: {e}"
    if section == "requirements" and "marker" in exp and exp["marker"] is not None:
        # The vectors give a marker string that Marker() of it must equal.
        exp = {**exp, "marker": str(Marker(exp["marker"]))}
    if section == "requirements" and "specifier" in exp:
        # ... and a specifier string that SpecifierSet() of it must equal (order is free).
        exp = {**exp, "specifier": str(SpecifierSet(exp["specifier"]))}
    if got != exp:
        return f"packaging {packaging.__version__} answers {json.dumps(got)}"
    return None


def main():
    out = {}
    for section in ("versions", "specifiers", "markers", "requirements"):
        skips = {}
        for i, case in enumerate(VECTORS[section]):
            reason = agrees(section, case)
            if reason is not None:
                skips[str(i)] = reason
        out[section] = skips
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
