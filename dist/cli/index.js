#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 476:
/***/ ((__webpack_module__, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _cli_main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(812);
/* harmony import */ var _cli_io_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(819);


process.exitCode = await (0,_cli_main_js__WEBPACK_IMPORTED_MODULE_0__/* .main */ .i)(process.argv.slice(2), (0,_cli_io_js__WEBPACK_IMPORTED_MODULE_1__/* .processIo */ .W)());

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 819:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ processIo)
/* harmony export */ });
function processIo() {
    return {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        cwd: process.cwd(),
        env: process.env,
    };
}


/***/ }),

/***/ 812:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  i: () => (/* binding */ main)
});

;// CONCATENATED MODULE: ./lib/src/diagnostics.js
/** The one printed form of a diagnostic: `path:line: message` (or `path: message`). */
function formatDiagnostic(d) {
    return d.line === null ? `${d.file}: ${d.message}` : `${d.file}:${d.line}: ${d.message}`;
}

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ./lib/src/discover/kinds.js
const BY_NAME = new Map([
    ['pyproject.toml', 'pyproject'],
    ['setup.cfg', 'setup.cfg'],
    ['Pipfile', 'pipfile'],
    ['Pipfile.lock', 'pipfile.lock'],
    ['uv.lock', 'uv.lock'],
    ['poetry.lock', 'poetry.lock'],
    ['pdm.lock', 'pdm.lock'],
    ['pylock.toml', 'pylock'],
]);
/** PEP 751: `pylock.toml` or `pylock.<name>.toml`, where the name has no dots. */
const PYLOCK = /^pylock\.[^.]+\.toml$/;
/** A requirements file is a `.txt`/`.in` whose path mentions requirements or constraints. */
const REQUIREMENTS_EXT = /\.(txt|in)$/;
const REQUIREMENTS_WORD = /requirement|constraint/i;
/**
 * The manifest kind of a repository path, by name alone (`/` separators).
 * `explicit` is true when the user named the file: any `.txt`/`.in` is then a requirements file.
 */
function manifestKindOf(path, explicit = false) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    const byName = BY_NAME.get(base);
    if (byName !== undefined)
        return byName;
    if (PYLOCK.test(base))
        return 'pylock';
    if (REQUIREMENTS_EXT.test(base) && (explicit || REQUIREMENTS_WORD.test(path))) {
        return 'requirements';
    }
    return null;
}

;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: ./lib/src/discover/walk.js



/** Directories that never hold the project's own manifests. */
const SKIPPED_DIRS = new Set([
    '.git',
    '.hg',
    '.svn',
    'node_modules',
    '.venv',
    'venv',
    '.tox',
    '.nox',
    '__pycache__',
    '__pypackages__',
    'site-packages',
    '.mypy_cache',
    '.pytest_cache',
    '.ruff_cache',
]);
const toPosix = (p) => (external_node_path_namespaceObject.sep === '/' ? p : p.split(external_node_path_namespaceObject.sep).join('/'));
/**
 * Every manifest below `dir`, sorted by path. Symbolic links to directories are not followed
 * (they can leave the repository or loop), and a directory with a `pyvenv.cfg` is a virtualenv.
 */
async function findManifests(dir, base) {
    const found = [];
    async function visit(current) {
        const entries = await (0,promises_namespaceObject.readdir)(current, { withFileTypes: true });
        if (entries.some((e) => e.isFile() && e.name === 'pyvenv.cfg'))
            return;
        const subdirs = [];
        for (const entry of entries) {
            const absolutePath = (0,external_node_path_namespaceObject.join)(current, entry.name);
            if (entry.isDirectory()) {
                if (!SKIPPED_DIRS.has(entry.name))
                    subdirs.push(absolutePath);
            }
            else if (entry.isFile()) {
                const path = toPosix((0,external_node_path_namespaceObject.relative)(base, absolutePath));
                const kind = manifestKindOf(path);
                if (kind !== null)
                    found.push({ absolutePath, path, kind });
            }
        }
        await Promise.all(subdirs.map(visit));
    }
    await visit(dir);
    return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
/** Whether `path` names a directory (false for files and for paths that do not exist). */
async function isDirectory(path) {
    try {
        return (await (0,promises_namespaceObject.stat)(path)).isDirectory();
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./lib/src/discover/paths.js




/**
 * The git top level above `dir`; outside git, `fallback` (the working directory) when `dir`
 * is inside it, else `dir` itself. Includes may not leave this root.
 */
function repositoryRoot(dir, fallback = dir) {
    let current = (0,external_node_path_namespaceObject.resolve)(dir);
    for (;;) {
        if ((0,external_node_fs_namespaceObject.existsSync)((0,external_node_path_namespaceObject.join)(current, '.git')))
            return current;
        const parent = (0,external_node_path_namespaceObject.dirname)(current);
        if (parent === current)
            break;
        current = parent;
    }
    const base = (0,external_node_path_namespaceObject.resolve)(fallback);
    const inside = (0,external_node_path_namespaceObject.resolve)(dir) === base || (0,external_node_path_namespaceObject.resolve)(dir).startsWith(`${base}${external_node_path_namespaceObject.sep}`);
    return inside ? base : (0,external_node_path_namespaceObject.resolve)(dir);
}
/**
 * The manifests the user named: files as given (any `.txt`/`.in` counts as requirements when
 * named), directories searched. Paths are relative to `base`; a path that is not there or
 * not a manifest is an error, not a silent skip.
 */
async function collectManifests(paths, base) {
    const manifests = new Map();
    const errors = [];
    for (const given of paths.length === 0 ? ['.'] : paths) {
        const absolutePath = (0,external_node_path_namespaceObject.isAbsolute)(given) ? given : (0,external_node_path_namespaceObject.resolve)(base, given);
        const path = toPosix((0,external_node_path_namespaceObject.relative)(base, absolutePath)) || '.';
        if (await isDirectory(absolutePath)) {
            for (const found of await findManifests(absolutePath, base))
                manifests.set(found.path, found);
        }
        else if (!(0,external_node_fs_namespaceObject.existsSync)(absolutePath)) {
            errors.push({ file: path, line: null, message: 'no such file or directory' });
        }
        else {
            const kind = manifestKindOf(path, true);
            if (kind === null) {
                errors.push({
                    file: path,
                    line: null,
                    message: 'not a Python manifest pygovern reads (requirements .txt/.in, pyproject.toml, setup.cfg, Pipfile, Pipfile.lock, uv.lock, poetry.lock, pdm.lock, pylock.toml)',
                });
            }
            else {
                manifests.set(path, { absolutePath, path, kind });
            }
        }
    }
    return {
        manifests: [...manifests.values()].sort((a, b) => a.path.localeCompare(b.path)),
        errors,
    };
}

;// CONCATENATED MODULE: ./lib/src/discover/fs-tree.js


/**
 * The working tree under `root`. A path that resolves outside it, also through a symbolic link,
 * reads as absent: manifests cannot make pygovern read files beyond the repository.
 */
function fileTree(root) {
    const realRoot = (0,external_node_fs_namespaceObject.realpathSync)((0,external_node_path_namespaceObject.resolve)(root));
    return {
        root: realRoot,
        read(path) {
            try {
                const real = (0,external_node_fs_namespaceObject.realpathSync)((0,external_node_path_namespaceObject.resolve)(realRoot, path));
                if (real !== realRoot && !real.startsWith(realRoot + external_node_path_namespaceObject.sep))
                    return null;
                return (0,external_node_fs_namespaceObject.readFileSync)(real);
            }
            catch {
                return null;
            }
        },
    };
}

;// CONCATENATED MODULE: ./lib/src/result.js
function result_ok(value) {
    return { ok: true, value };
}
function result_err(error) {
    return { ok: false, error };
}
/** Exhaustiveness guard for switches over tagged unions. */
function assertNever(value) {
    throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}

;// CONCATENATED MODULE: ./lib/src/manifests/text.js

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
/**
 * Manifest bytes to text: UTF-8 (a BOM is dropped), or UTF-16 when a BOM says so, as pip's
 * `auto_decode` does. Bytes that are not valid UTF-8 are an error at the line they sit on.
 */
function decodeText(bytes, file) {
    if (bytes[0] === 0xff && bytes[1] === 0xfe)
        return decodeWith('utf-16le', bytes.subarray(2), file);
    if (bytes[0] === 0xfe && bytes[1] === 0xff)
        return decodeWith('utf-16be', bytes.subarray(2), file);
    try {
        return result_ok(UTF8.decode(bytes));
    }
    catch {
        return result_err({ file, line: lineOfBadByte(bytes), message: 'the file is not valid UTF-8' });
    }
}
function decodeWith(encoding, bytes, file) {
    try {
        return result_ok(new TextDecoder(encoding, { fatal: true }).decode(bytes));
    }
    catch {
        return result_err({ file, line: null, message: `the file is not valid ${encoding.toUpperCase()}` });
    }
}
/** The line of the first byte sequence that is not UTF-8. */
function lineOfBadByte(bytes) {
    let line = 1;
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] !== 0x0a)
            continue;
        try {
            UTF8.decode(bytes.subarray(start, i));
        }
        catch {
            return line;
        }
        line++;
        start = i + 1;
    }
    return line;
}
/** Python's `str.splitlines()`: every line boundary Python knows, no trailing empty line. */
const SEPARATORS = String.fromCharCode(0x1c, 0x1d, 0x1e); // file, group and record separators
const LINE_BREAK = new RegExp(`\\r\\n|[\\n\\r\\v\\f${SEPARATORS}\\x85\\u2028\\u2029]`);
function splitLines(text) {
    if (text === '')
        return [];
    const lines = text.split(LINE_BREAK);
    if (lines.at(-1) === '')
        lines.pop();
    return lines;
}

;// CONCATENATED MODULE: ./lib/src/pep440/version.js
/**
 * PEP 440 versions: parsing with every spelling the PEP normalises, the normal form, and the
 * total order packaging uses. Numbers are bigint: versions like `1.0.post99999999999999999999`
 * exist and must still order correctly.
 */
// The grammar of PEP 440's appendix, case-insensitive, surrounding whitespace allowed.
const VERSION_PATTERN = new RegExp([
    '^\\s*v?',
    '(?:(?<epoch>[0-9]+)!)?',
    '(?<release>[0-9]+(?:\\.[0-9]+)*)',
    '(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?',
    '(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?',
    '(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?',
    '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?',
    '\\s*$',
].join(''), 'i');
const PRE_LABELS = {
    a: 'a',
    alpha: 'a',
    b: 'b',
    beta: 'b',
    c: 'rc',
    rc: 'rc',
    pre: 'rc',
    preview: 'rc',
};
/** A version, or null when the text is not PEP 440. Never throws. */
function version_parseVersion(text) {
    const m = VERSION_PATTERN.exec(text);
    const g = m?.groups;
    if (g?.release === undefined)
        return null;
    const preLabel = g.preL === undefined ? undefined : PRE_LABELS[g.preL.toLowerCase()];
    return {
        epoch: BigInt(g.epoch ?? '0'),
        release: g.release.split('.').map((p) => BigInt(p)),
        pre: preLabel === undefined ? null : [preLabel, BigInt(g.preN ?? '0')],
        post: g.post === undefined ? null : BigInt(g.postN1 ?? g.postN2 ?? '0'),
        dev: g.dev === undefined ? null : BigInt(g.devN ?? '0'),
        local: g.local === undefined
            ? null
            : g.local
                .toLowerCase()
                .split(/[-_.]/)
                .map((part) => (/^[0-9]+$/.test(part) ? BigInt(part) : part)),
    };
}
function isValidVersion(text) {
    return version_parseVersion(text) !== null;
}
/** The normal form (`str(Version(...))` in packaging). */
function version_formatVersion(v) {
    let out = v.epoch === 0n ? '' : `${v.epoch.toString()}!`;
    out += v.release.join('.');
    if (v.pre !== null)
        out += `${v.pre[0]}${v.pre[1].toString()}`;
    if (v.post !== null)
        out += `.post${v.post.toString()}`;
    if (v.dev !== null)
        out += `.dev${v.dev.toString()}`;
    if (v.local !== null)
        out += `+${v.local.join('.')}`;
    return out;
}
/** `1.0.post1+abc` → `1.0.post1`. */
function version_publicVersion(v) {
    return v.local === null ? v : { ...v, local: null };
}
/** Epoch and release only: `1!2.0rc1.post3` → `1!2.0`. */
function baseVersion(v) {
    return { epoch: v.epoch, release: v.release, pre: null, post: null, dev: null, local: null };
}
function version_isPrerelease(v) {
    return v.pre !== null || v.dev !== null;
}
function version_isPostrelease(v) {
    return v.post !== null;
}
function isDevrelease(v) {
    return v.dev !== null;
}
const PRE_ORDER = { a: 0, b: 1, rc: 2 };
function compareBig(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/** Release segments compare with trailing zeros ignored: 1.0 == 1.0.0. */
function compareRelease(a, b) {
    const length = Math.max(a.length, b.length);
    for (let i = 0; i < length; i++) {
        const c = compareBig(a[i] ?? 0n, b[i] ?? 0n);
        if (c !== 0)
            return c;
    }
    return 0;
}
/**
 * The pre-release slot: a dev-only release (`1.0.dev1`) sorts before every pre-release of
 * 1.0, a final release after all of them.
 */
function preKey(v) {
    if (v.pre === null && v.post === null && v.dev !== null)
        return [-1, 0, 0n];
    if (v.pre === null)
        return [1, 0, 0n];
    return [0, PRE_ORDER[v.pre[0]], v.pre[1]];
}
function compareLocal(a, b) {
    if (a === null || b === null)
        return a === b ? 0 : a === null ? -1 : 1;
    const length = Math.max(a.length, b.length);
    for (let i = 0; i < length; i++) {
        const x = a[i];
        const y = b[i];
        if (x === undefined || y === undefined)
            return x === undefined ? -1 : 1;
        // Numeric parts sort after alphanumeric ones; like kinds compare naturally.
        if (typeof x !== typeof y)
            return typeof x === 'bigint' ? 1 : -1;
        const c = typeof x === 'bigint' ? compareBig(x, y) : x < y ? -1 : x > y ? 1 : 0;
        if (c !== 0)
            return c;
    }
    return 0;
}
/** Total order of PEP 440: negative, zero or positive. */
function version_compareVersions(a, b) {
    let c = compareBig(a.epoch, b.epoch);
    if (c !== 0)
        return c;
    c = compareRelease(a.release, b.release);
    if (c !== 0)
        return c;
    const [pa, pb] = [preKey(a), preKey(b)];
    c = pa[0] - pb[0] || pa[1] - pb[1] || compareBig(pa[2], pb[2]);
    if (c !== 0)
        return c;
    // No post-release sorts before any post-release.
    if (a.post !== b.post) {
        if (a.post === null || b.post === null)
            return a.post === null ? -1 : 1;
        c = compareBig(a.post, b.post);
        if (c !== 0)
            return c;
    }
    // No dev release sorts after any dev release.
    if (a.dev !== b.dev) {
        if (a.dev === null || b.dev === null)
            return a.dev === null ? 1 : -1;
        c = compareBig(a.dev, b.dev);
        if (c !== 0)
            return c;
    }
    return compareLocal(a.local, b.local);
}
/** Compares two version strings; invalid ones sort first, by text. */
function compareVersionText(a, b) {
    const va = version_parseVersion(a);
    const vb = version_parseVersion(b);
    if (va === null || vb === null) {
        if (va !== vb)
            return va === null ? -1 : 1;
        return a < b ? -1 : a > b ? 1 : 0;
    }
    return version_compareVersions(va, vb);
}
/** `1.2.3` → `1.2.3` normal form of a string, or null when it is not a version. */
function normalizeVersion(text) {
    const v = version_parseVersion(text);
    return v === null ? null : version_formatVersion(v);
}

;// CONCATENATED MODULE: ./lib/src/pep440/specifier.js
/**
 * PEP 440 version specifiers and specifier sets, with packaging 26's pre-release rules:
 * a set accepts pre-releases when asked to, when one of its specifiers names one, or when
 * nothing but pre-releases match.
 */


const PRE = '(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?';
const POST = '(?:(?:-[0-9]+)|(?:[-_.]?(?:post|rev|r)[-_.]?[0-9]*))?';
const DEV = '(?:[-_.]?dev[-_.]?[0-9]*)?';
const LOCAL = '(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?';
const BASE = 'v?(?:[0-9]+!)?[0-9]+';
/**
 * PEP 440's specifier grammar as one pattern (use with the `i` flag): `===` takes anything
 * but whitespace, `;` and `)`; `==`/`!=` allow `.*` and local versions; `~=` needs two
 * release numbers; the ordered comparisons allow neither.
 */
const SPECIFIER_SOURCE = [
    `(?:===\\s*[^\\s;)]*)`,
    `(?:(?:==|!=)\\s*${BASE}(?:\\.[0-9]+)*(?:\\.\\*|${PRE}${POST}${DEV}${LOCAL})?)`,
    `(?:~=\\s*${BASE}(?:\\.[0-9]+)+${PRE}${POST}${DEV})`,
    `(?:(?:<=|>=|<|>)\\s*${BASE}(?:\\.[0-9]+)*${PRE}${POST}${DEV})`,
].join('|');
const SPECIFIER = new RegExp(`^\\s*(?:${SPECIFIER_SOURCE})\\s*$`, 'i');
/** One specifier (`>=1.0`), or the reason it is not one. */
function specifier_parseSpecifier(text) {
    if (!SPECIFIER.test(text))
        return result_err(`Invalid specifier: ${JSON.stringify(text)}`);
    const spec = text.trim();
    const length = spec.startsWith('===') ? 3 : /^(~=|==|!=|<=|>=)/.test(spec) ? 2 : 1;
    return result_ok({ operator: spec.slice(0, length), version: spec.slice(length).trim() });
}
function formatSpecifier(s) {
    return `${s.operator}${s.version}`;
}
/** A comma-separated set; empty text is the set that accepts everything. */
function parseSpecifierSet(text, prereleases = null) {
    const specifiers = [];
    for (const part of text.split(',')) {
        if (part.trim() === '')
            continue;
        const s = specifier_parseSpecifier(part.trim());
        if (!s.ok)
            return s;
        specifiers.push(s.value);
    }
    return result_ok({ specifiers, prereleases });
}
/** packaging's `str(SpecifierSet)`: sorted, duplicates dropped, comma-joined. */
function formatSpecifierSet(set) {
    return [...new Set(set.specifiers.map(formatSpecifier))].sort().join(',');
}
/** Whether a specifier on its own admits pre-releases (packaging's `Specifier.prereleases`). */
function specifierPrereleases(s) {
    if (s.operator === '!=')
        return false;
    if (s.operator === '==' && s.version.endsWith('.*'))
        return false;
    const v = parseVersion(s.version);
    return v === null ? null : isPrerelease(v);
}
function setPrereleases(set) {
    if (set.prereleases !== null)
        return set.prereleases;
    if (set.specifiers.length === 0)
        return null;
    return set.specifiers.some((s) => specifierPrereleases(s) === true) ? true : null;
}
/** `1!2.3rc1.post4` → `['1', '2', '3', 'rc1', 'post4']`: epoch first, pre-release split off. */
function versionSplit(text) {
    const bang = text.lastIndexOf('!');
    const out = [bang === -1 ? '0' : text.slice(0, bang) || '0'];
    for (const item of text.slice(bang + 1).split('.')) {
        const m = /^([0-9]+)((?:a|b|c|rc)[0-9]+)$/.exec(item);
        if (m?.[1] !== undefined && m[2] !== undefined)
            out.push(m[1], m[2]);
        else
            out.push(item);
    }
    return out;
}
const isDigits = (s) => /^[0-9]+$/.test(s);
function numericPrefixLength(split) {
    const i = split.findIndex((s) => !isDigits(s));
    return i === -1 ? split.length : i;
}
/** `==1.2.*`: the version's first segments (zero-padded, local ignored) equal the prefix. */
function matchesPrefix(candidate, prefix) {
    const spec = parseVersion(prefix);
    if (spec === null)
        return false;
    const split = versionSplit(formatVersion(spec));
    const numeric = numericPrefixLength(split);
    const cand = versionSplit(formatVersion(publicVersion(candidate)));
    const have = numericPrefixLength(cand);
    const padded = have >= numeric
        ? cand
        : [...cand.slice(0, have), ...Array(numeric - have).fill('0'), ...cand.slice(have)];
    const shortened = padded.slice(0, split.length);
    return shortened.length === split.length && shortened.every((s, i) => s === split[i]);
}
function equals(candidate, specVersion) {
    if (specVersion.endsWith('.*'))
        return matchesPrefix(candidate, specVersion.slice(0, -2));
    const spec = parseVersion(specVersion);
    if (spec === null)
        return false;
    const c = spec.local === null ? publicVersion(candidate) : candidate;
    return compareVersions(c, spec) === 0;
}
const isSuffix = (segment) => /^(dev|a|b|rc|post)/.test(segment);
/** Whether a parsed version satisfies one specifier (pre-release policy aside). */
function satisfies(candidate, s, raw) {
    if (s.operator === '===')
        return raw.toLowerCase() === s.version.toLowerCase();
    if (s.operator === '==')
        return equals(candidate, s.version);
    if (s.operator === '!=')
        return !equals(candidate, s.version);
    const spec = parseVersion(s.version);
    if (spec === null)
        return false;
    const pub = publicVersion(candidate);
    switch (s.operator) {
        case '<=':
            return compareVersions(pub, spec) <= 0;
        case '>=':
            return compareVersions(pub, spec) >= 0;
        case '<': {
            if (compareVersions(candidate, spec) >= 0)
                return false;
            // `<V` does not admit pre-releases of V itself unless V is one.
            const earliest = { ...spec, dev: 0n, local: null };
            return !(!isPrerelease(spec) &&
                isPrerelease(candidate) &&
                compareVersions(candidate, earliest) >= 0);
        }
        case '>': {
            if (compareVersions(candidate, spec) <= 0)
                return false;
            // `>V` does not admit post-releases of V unless V is one, nor local versions of V.
            if (!isPostrelease(spec) && isPostrelease(candidate)) {
                const base = { ...candidate, post: null, dev: null, local: null };
                if (compareVersions(base, spec) === 0)
                    return false;
            }
            return !(candidate.local !== null && compareVersions(pub, spec) === 0);
        }
        case '~=': {
            const segments = versionSplit(formatVersion(spec)).slice(1);
            const kept = segments
                .filter((seg, i) => !segments.slice(0, i + 1).some(isSuffix))
                .slice(0, -1);
            const epoch = spec.epoch === 0n ? '' : `${spec.epoch.toString()}!`;
            return (compareVersions(pub, spec) >= 0 && matchesPrefix(candidate, `${epoch}${kept.join('.')}`));
        }
    }
}
/**
 * The items whose versions the set admits, in order (packaging's `SpecifierSet.filter`):
 * pre-releases pass when `prereleases` is true, when the set names one, or when no final
 * release passes at all.
 */
function filterVersions(set, items, key, prereleases = null) {
    const effective = prereleases ?? setPrereleases(set);
    const candidates = items.map((item) => {
        const text = key(item);
        return { item, text, version: parseVersion(text) };
    });
    let passed;
    if (set.specifiers.length === 0) {
        if (effective === true)
            return [...items];
        if (effective === false) {
            return candidates
                .filter((c) => c.version === null || !isPrerelease(c.version))
                .map((c) => c.item);
        }
        passed = candidates;
    }
    else {
        passed = candidates.filter((c) => {
            if (c.version === null) {
                return set.specifiers.every((s) => s.operator === '===' && c.text.toLowerCase() === s.version.toLowerCase());
            }
            if (effective === false && isPrerelease(c.version))
                return false;
            const v = c.version;
            return set.specifiers.every((s) => satisfies(v, s, c.text));
        });
        if (effective !== null)
            return passed.map((c) => c.item);
    }
    // PEP 440 default: finals if any passed, else whatever passed.
    const finals = passed.filter((c) => c.version === null || !isPrerelease(c.version));
    const anyFinal = passed.some((c) => c.version !== null && !isPrerelease(c.version));
    return (anyFinal ? finals : passed).map((c) => c.item);
}
/** Whether one version is in the set (packaging's `SpecifierSet.contains`). */
function containsVersion(set, version, options = {}) {
    const parsed = parseVersion(version);
    let prereleases = options.prereleases ?? null;
    if (parsed !== null && options.installed === true && isPrerelease(parsed))
        prereleases = true;
    const hasArbitrary = set.specifiers.some((s) => s.operator === '===');
    const text = parsed === null || hasArbitrary ? version : formatVersion(parsed);
    return filterVersions(set, [text], (t) => t, prereleases).length > 0;
}
/** Whether a single specifier admits a version (packaging's `Specifier.contains`). */
function specifier_specifierContains(s, version, prereleases = null, explicit = null) {
    return filterSpecifier(s, [version], prereleases, explicit).length > 0;
}
/** packaging's `Specifier.filter`, where `explicit` is the constructor's `prereleases=`. */
function filterSpecifier(s, versions, prereleases = null, explicit = null) {
    const include = prereleases ?? explicit ?? specifierPrereleases(s);
    const out = [];
    const held = [];
    let foundFinal = false;
    for (const text of versions) {
        const v = parseVersion(text);
        if (v === null) {
            if (s.operator === '===' && text.toLowerCase() === s.version.toLowerCase())
                out.push(text);
            continue;
        }
        if (!satisfies(v, s, text))
            continue;
        if (!isPrerelease(v) || include === true) {
            foundFinal = true;
            out.push(text);
        }
        else if (prereleases === null && explicit !== false) {
            held.push(text);
        }
    }
    if (!foundFinal && prereleases === null && explicit !== false)
        out.push(...held);
    return out;
}
/**
 * The set in canonical form for equality (packaging's `_canonical_spec`): versions normalised
 * and, except for `~=`, without trailing zeros, so `==1.0` and `==1.0.0` are the same.
 */
function canonicalSpecifierSet(set) {
    const canonical = set.specifiers.map((s) => {
        if (s.operator === '===' || s.version.endsWith('.*'))
            return formatSpecifier(s);
        const v = parseVersion(s.version);
        if (v === null)
            return formatSpecifier(s);
        const release = [...v.release];
        if (s.operator !== '~=')
            while (release.length > 1 && release.at(-1) === 0n)
                release.pop();
        return `${s.operator}${formatVersion({ ...v, release })}`;
    });
    return [...new Set(canonical)].sort().join(',');
}

;// CONCATENATED MODULE: ./lib/src/pep440/names.js
/**
 * Project names (PEP 503 normalisation, PEP 508 validity). Every lookup, comparison and
 * deduplication of packages goes through `normalizeName`, so `Flask_SQLAlchemy` and
 * `flask-sqlalchemy` are one package.
 */
const VALID_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;
/** PEP 503: lower case, runs of `-`, `_` and `.` become one `-`. */
function names_normalizeName(name) {
    return name.replace(/[-_.]+/g, '-').toLowerCase();
}
/** PEP 508 name: ASCII letters and digits, with `.`, `_` and `-` inside only. */
function isValidName(name) {
    return VALID_NAME.test(name);
}

;// CONCATENATED MODULE: ./lib/src/pep508/tokenizer.js
/**
 * The tokens of PEP 508 dependency specifiers, matched at a position as packaging's
 * context-sensitive tokenizer does: the parser asks for the token it can accept next.
 */

const RULES = {
    LEFT_PARENTHESIS: /\(/y,
    RIGHT_PARENTHESIS: /\)/y,
    LEFT_BRACKET: /\[/y,
    RIGHT_BRACKET: /\]/y,
    SEMICOLON: /;/y,
    COMMA: /,/y,
    QUOTED_STRING: /(?:'[^']*')|(?:"[^"]*")/y,
    OP: /===|==|~=|!=|<=|>=|<|>/y,
    BOOLOP: /\b(?:or|and)\b/y,
    IN: /\bin\b/y,
    NOT: /\bnot\b/y,
    VARIABLE: /\b(?:python_version|python_full_version|os[._]name|sys[._]platform|platform_(?:release|system)|platform[._](?:version|machine|python_implementation)|python_implementation|implementation_(?:name|version)|extras?|dependency_groups)\b/y,
    SPECIFIER: new RegExp(SPECIFIER_SOURCE, 'iy'),
    AT: /@/y,
    URL: /[^ \t]+/y,
    IDENTIFIER: /\b[a-zA-Z0-9][a-zA-Z0-9._-]*\b/y,
    VERSION_PREFIX_TRAIL: /\.\*/y,
    VERSION_LOCAL_LABEL_TRAIL: /\+[a-z0-9]+(?:[-_.][a-z0-9]+)*/y,
    WS: /[ \t]+/y,
    END: /$/y,
};
/** A syntax error with the span packaging would underline. */
class tokenizer_SyntaxProblem extends Error {
    start;
    end;
    constructor(message, start, end) {
        super(message);
        this.start = start;
        this.end = end;
    }
}
class tokenizer_Tokenizer {
    source;
    position = 0;
    pending = null;
    constructor(source) {
        this.source = source;
    }
    /** Whether the next token is `name`; unless peeking, it is loaded and must be read. */
    check(name, peek = false) {
        const rule = RULES[name];
        rule.lastIndex = this.position;
        const match = rule.exec(this.source);
        if (match === null)
            return false;
        if (!peek)
            this.pending = { name, text: match[0] };
        return true;
    }
    consume(name) {
        if (this.check(name))
            this.read();
    }
    read() {
        const token = this.pending;
        if (token === null)
            throw new Error('read() without a successful check()');
        this.position += token.text.length;
        this.pending = null;
        return token.text;
    }
    expect(name, expected) {
        if (!this.check(name))
            throw this.error(`Expected ${expected}`);
        return this.read();
    }
    error(message, start = this.position, end = this.position) {
        return new tokenizer_SyntaxProblem(message, start, end);
    }
    /** Parses `inner` inside optional `open … close` tokens. */
    enclosed(open, close, around, inner) {
        let openAt = null;
        if (this.check(open)) {
            openAt = this.position;
            this.read();
        }
        const value = inner();
        if (openAt === null)
            return value;
        if (!this.check(close)) {
            throw this.error(`Expected matching ${close} for ${open}, after ${around}`, openAt);
        }
        this.read();
        return value;
    }
}

;// CONCATENATED MODULE: ./lib/src/pep508/marker.js
/**
 * PEP 508 environment markers: parsing (packaging's grammar), the normal printed form
 * (double-quoted values, single spaces, parentheses only where written) and evaluation.
 */




/*
 * marker      = marker_atom (BOOLOP marker_atom)*
 * marker_atom = WS? '(' WS? marker WS? ')' WS? | WS? marker_item WS?
 * marker_item = WS? marker_var WS? marker_op WS? marker_var WS?
 * marker_var  = VARIABLE | QUOTED_STRING
 * marker_op   = IN | NOT WS IN | OP
 */
function parseMarkerTokens(t) {
    const expression = [parseAtom(t)];
    while (t.check('BOOLOP')) {
        const op = t.read();
        expression.push(op, parseAtom(t));
    }
    return expression;
}
function parseAtom(t) {
    t.consume('WS');
    let atom;
    if (t.check('LEFT_PARENTHESIS', true)) {
        atom = t.enclosed('LEFT_PARENTHESIS', 'RIGHT_PARENTHESIS', 'marker expression', () => {
            t.consume('WS');
            const inner = parseMarkerTokens(t);
            t.consume('WS');
            return inner;
        });
    }
    else {
        atom = parseItem(t);
    }
    t.consume('WS');
    return atom;
}
function parseItem(t) {
    t.consume('WS');
    const left = parseVar(t);
    t.consume('WS');
    const op = parseOp(t);
    t.consume('WS');
    const right = parseVar(t);
    t.consume('WS');
    return normalizeExtra({ kind: 'item', left, op, right });
}
function parseVar(t) {
    if (t.check('VARIABLE')) {
        const name = t.read().replace('.', '_');
        return {
            kind: 'variable',
            name: name === 'python_implementation' ? 'platform_python_implementation' : name,
        };
    }
    if (t.check('QUOTED_STRING'))
        return { kind: 'value', value: t.read().slice(1, -1) };
    throw t.error('Expected a marker variable or quoted string');
}
function parseOp(t) {
    if (t.check('IN')) {
        t.read();
        return 'in';
    }
    if (t.check('NOT')) {
        t.read();
        t.expect('WS', "whitespace after 'not'");
        t.expect('IN', "'in' after 'not'");
        return 'not in';
    }
    if (t.check('OP'))
        return t.read();
    throw t.error('Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in');
}
/** PEP 685: the value compared with `extra` is a normalised name. */
function normalizeExtra(item) {
    const { left, right } = item;
    if (left.kind === 'variable' && left.name === 'extra' && right.kind === 'value') {
        return { ...item, right: { kind: 'value', value: names_normalizeName(right.value) } };
    }
    if (right.kind === 'variable' && right.name === 'extra' && left.kind === 'value') {
        return { ...item, left: { kind: 'value', value: names_normalizeName(left.value) } };
    }
    return item;
}
/** A syntax problem in packaging's wording: message, the source, a caret under the span. */
function describeProblem(problem, source) {
    const marker = ' '.repeat(problem.start) + '~'.repeat(problem.end - problem.start) + '^';
    return `${problem.message}\n    ${source}\n    ${marker}`;
}
function parseMarker(text) {
    const t = new Tokenizer(text);
    try {
        const marker = parseMarkerTokens(t);
        t.expect('END', 'end of marker expression');
        return ok(marker);
    }
    catch (e) {
        if (e instanceof SyntaxProblem)
            return err({ message: describeProblem(e, text), column: e.start });
        throw e;
    }
}
function formatOperand(o) {
    return o.kind === 'variable' ? o.name : `"${o.value}"`;
}
/** The normal form, as `str(Marker(...))` prints it. */
function formatMarker(marker, first = true) {
    if (!Array.isArray(marker)) {
        return `${formatOperand(marker.left)} ${marker.op} ${formatOperand(marker.right)}`;
    }
    const [only] = marker;
    if (marker.length === 1 && typeof only === 'object')
        return formatMarker(only);
    const inner = marker.map((m) => (typeof m === 'string' ? m : formatMarker(m, false))).join(' ');
    return first ? inner : `(${inner})`;
}
const REQUIRES_VERSION = new Set([
    'implementation_version',
    'platform_release',
    'python_full_version',
    'python_version',
]);
const ALLOWS_SET = new Set(['extras', 'dependency_groups']);
class UndefinedComparison extends (/* unused pure expression or super */ null && (Error)) {
}
class UndefinedEnvironmentName extends (/* unused pure expression or super */ null && (Error)) {
}
function compare(lhs, op, rhs, key) {
    if (REQUIRES_VERSION.has(key) && typeof rhs === 'string') {
        const spec = parseSpecifier(`${op}${rhs}`);
        if (spec.ok)
            return specifierContains(spec.value, lhs, true);
    }
    switch (op) {
        case 'in':
            return typeof rhs === 'string' ? rhs.includes(lhs) : rhs.includes(lhs);
        case 'not in':
            return typeof rhs === 'string' ? !rhs.includes(lhs) : !rhs.includes(lhs);
        case '==':
        case '<=':
        case '>=':
            return lhs === rhs;
        case '!=':
            return lhs !== rhs;
        case '<':
        case '>':
            return false;
        default:
            throw new UndefinedComparison(`Undefined ${op} on ${lhs} and ${String(rhs)}`);
    }
}
function lookup(env, name) {
    const value = env[name];
    if (value === undefined)
        throw new UndefinedEnvironmentName(`${name} is not in the environment`);
    return value;
}
/**
 * Evaluates a marker in an environment (packaging's `Marker.evaluate` with the environment
 * given in full). Throws UndefinedComparison / UndefinedEnvironmentName like packaging.
 */
function evaluateMarker(marker, environment) {
    const extra = environment.extra;
    const env = typeof extra === 'string'
        ? { ...environment, extra: extra === '' ? '' : normalizeName(extra) }
        : environment;
    const groups = [[]];
    for (const m of marker) {
        if (m === 'or')
            groups.push([]);
        else if (m === 'and')
            continue;
        else if (Array.isArray(m))
            groups.at(-1)?.push(evaluateMarker(m, env));
        else {
            let key;
            let lhs;
            let rhs;
            if (m.left.kind === 'variable') {
                key = m.left.name;
                lhs = lookup(env, key);
                rhs = m.right.kind === 'value' ? m.right.value : lookup(env, m.right.name);
            }
            else {
                key = m.right.kind === 'variable' ? m.right.name : '';
                lhs = m.left.value;
                rhs = m.right.kind === 'variable' ? lookup(env, m.right.name) : m.right.value;
            }
            if (typeof lhs !== 'string')
                throw new UndefinedComparison('the left side must be a string');
            if (ALLOWS_SET.has(key)) {
                lhs = normalizeName(lhs);
                rhs = typeof rhs === 'string' ? normalizeName(rhs) : rhs.map(normalizeName);
            }
            groups.at(-1)?.push(compare(lhs, m.op, rhs, key));
        }
    }
    return groups.some((g) => g.every(Boolean));
}
/** The extras a marker's `extra == "…"` comparisons name (to group optional dependencies). */
function markerExtras(marker) {
    const out = [];
    for (const m of marker) {
        if (typeof m === 'string')
            continue;
        if (Array.isArray(m))
            out.push(...markerExtras(m));
        else if (m.left.kind === 'variable' && m.left.name === 'extra' && m.right.kind === 'value') {
            out.push(m.right.value);
        }
        else if (m.right.kind === 'variable' && m.right.name === 'extra' && m.left.kind === 'value') {
            out.push(m.left.value);
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./lib/src/pep508/requirement.js
/**
 * PEP 508 dependency specifiers (`name[extras] (specifiers) ; marker` or `name @ url ; marker`),
 * parsed with packaging's grammar and reported in its normal form.
 */




/*
 * requirement = WS? IDENTIFIER WS? extras WS? requirement_details END
 * requirement_details = AT URL (WS requirement_marker?)? | specifier WS? requirement_marker?
 */
function parseTokens(t) {
    t.consume('WS');
    const name = t.expect('IDENTIFIER', 'package name at the start of dependency specifier');
    t.consume('WS');
    const extras = parseExtras(t);
    t.consume('WS');
    const details = parseDetails(t);
    t.expect('END', 'end of dependency specifier');
    return { name, extras, ...details };
}
function parseDetails(t) {
    if (t.check('AT')) {
        t.read();
        t.consume('WS');
        const urlStart = t.position;
        const url = t.expect('URL', 'URL after @');
        if (t.check('END', true))
            return { url, specifier: '', marker: null };
        t.expect('WS', 'whitespace after URL');
        if (t.check('END', true))
            return { url, specifier: '', marker: null };
        return {
            url,
            specifier: '',
            marker: parseRequirementMarker(t, urlStart, 'semicolon (after URL and whitespace)'),
        };
    }
    const specifierStart = t.position;
    const specifier = parseSpecifierTokens(t);
    t.consume('WS');
    if (t.check('END', true))
        return { url: '', specifier, marker: null };
    const expected = specifier === ''
        ? 'semicolon (after name with no version specifier)'
        : 'comma (within version specifier), semicolon (after version specifier)';
    return { url: '', specifier, marker: parseRequirementMarker(t, specifierStart, expected) };
}
function parseRequirementMarker(t, spanStart, expected) {
    if (!t.check('SEMICOLON'))
        throw t.error(`Expected ${expected} or end`, spanStart);
    t.read();
    const marker = parseMarkerTokens(t);
    t.consume('WS');
    return marker;
}
function parseExtras(t) {
    if (!t.check('LEFT_BRACKET', true))
        return [];
    return t.enclosed('LEFT_BRACKET', 'RIGHT_BRACKET', 'extras', () => {
        t.consume('WS');
        const extras = [];
        if (t.check('IDENTIFIER')) {
            extras.push(t.read());
            for (;;) {
                t.consume('WS');
                if (t.check('IDENTIFIER', true))
                    throw t.error('Expected comma between extra names');
                if (!t.check('COMMA'))
                    break;
                t.read();
                t.consume('WS');
                extras.push(t.expect('IDENTIFIER', 'extra name after comma'));
            }
        }
        t.consume('WS');
        return extras;
    });
}
function parseSpecifierTokens(t) {
    return t.enclosed('LEFT_PARENTHESIS', 'RIGHT_PARENTHESIS', 'version specifier', () => {
        t.consume('WS');
        let text = '';
        while (t.check('SPECIFIER')) {
            const start = t.position;
            text += t.read();
            if (t.check('VERSION_PREFIX_TRAIL', true)) {
                throw t.error('.* suffix can only be used with `==` or `!=` operators', start, t.position + 1);
            }
            if (t.check('VERSION_LOCAL_LABEL_TRAIL', true)) {
                throw t.error('Local version label can only be used with `==` or `!=` operators', start, t.position);
            }
            t.consume('WS');
            if (!t.check('COMMA'))
                break;
            text += t.read();
            t.consume('WS');
        }
        t.consume('WS');
        return text;
    });
}
/** A requirement, or packaging's message for why it is not one. Never throws. */
function parseRequirement(text) {
    const t = new tokenizer_Tokenizer(text);
    let parsed;
    try {
        parsed = parseTokens(t);
    }
    catch (e) {
        if (e instanceof tokenizer_SyntaxProblem)
            return result_err({ message: describeProblem(e, text), column: e.start });
        throw e;
    }
    const specifiers = parseSpecifierSet(parsed.specifier);
    if (!specifiers.ok)
        return result_err({ message: specifiers.error, column: 0 });
    return result_ok({
        name: parsed.name,
        extras: [...new Set(parsed.extras)].sort(),
        specifier: formatSpecifierSet(specifiers.value),
        url: parsed.url === '' ? null : parsed.url,
        marker: parsed.marker === null ? null : formatMarker(parsed.marker),
        markerTree: parsed.marker,
    });
}
/** packaging's `str(Requirement)`. */
function formatRequirement(r) {
    let out = r.name;
    if (r.extras.length > 0)
        out += `[${r.extras.join(',')}]`;
    out += r.specifier;
    if (r.url !== null)
        out += ` @ ${r.url}${r.marker !== null ? ' ' : ''}`;
    if (r.marker !== null)
        out += `; ${r.marker}`;
    return out;
}
/** One line for a diagnostic: packaging's message without its caret drawing, plus the column. */
function requirementProblem(error) {
    const first = error.message.split('\n')[0] ?? error.message;
    return error.message.includes('\n') ? `${first} (at column ${String(error.column + 1)})` : first;
}

;// CONCATENATED MODULE: ./lib/src/facts/redact.js
/**
 * Keeping credentials out of everything pygovern prints: URLs lose their userinfo and the
 * values of secret-looking query parameters, and free text loses every known secret.
 */
/** Query parameters whose values are treated as secrets (case-insensitive). */
const SECRET_PARAMS = /^(access_token|token|auth|api[-_]?key|key|password|passwd|secret|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token)$/i;
const MASK = '***';
/**
 * `https://user:pass@host/p?token=t` → `https://***@host/p?token=***`. Text that is not an
 * absolute URL gets its `//userinfo@` masked the same way.
 */
function redactUrl(url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return url.replace(/\/\/[^/@\s]*@/g, `//${MASK}@`);
    }
    const hadUserinfo = parsed.username !== '' || parsed.password !== '';
    parsed.username = '';
    parsed.password = '';
    for (const name of [...parsed.searchParams.keys()]) {
        if (SECRET_PARAMS.test(name))
            parsed.searchParams.set(name, MASK);
    }
    const text = parsed.href;
    return hadUserinfo ? text.replace('//', `//${MASK}@`) : text;
}
/** Secrets this short would mask ordinary words; userinfo is removed by `redactUrl` anyway. */
const MIN_SECRET_LENGTH = 4;
function createScrubber() {
    const secrets = new Set();
    return {
        add(secret, basicUser) {
            if (secret.length < MIN_SECRET_LENGTH)
                return;
            secrets.add(secret);
            secrets.add(encodeURIComponent(secret));
            if (basicUser !== undefined) {
                secrets.add(Buffer.from(`${basicUser}:${secret}`).toString('base64'));
            }
        },
        scrub(text) {
            let out = text;
            // Longest first, so a secret containing another is masked whole.
            for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
                out = out.split(secret).join(MASK);
            }
            return out;
        },
    };
}

;// CONCATENATED MODULE: ./lib/src/manifests/dependency.js


const VCS_PREFIX = /^(git|hg|svn|bzr)\+/i;
const EXACT = /^(?:===?)([^,*]+)$/;
/** The exact version a specifier pins (`==1.2`, `===1.2`), or null (ranges, wildcards, several). */
function exactVersion(specifier) {
    const match = EXACT.exec(specifier);
    return match?.[1]?.trim() ?? null;
}
/**
 * URLs can carry credentials (`https://user:token@host/…`); the model keeps them redacted so no
 * report can print them. The conventional ssh user `git@` is not a secret and stays.
 */
function safeUrl(url) {
    if (/^[a-z+]+:\/\/git@/i.test(url))
        return url;
    return redactUrl(url);
}
/** Where a direct URL installs from: a VCS checkout, a local path, or an archive download. */
function sourceOfUrl(url) {
    if (VCS_PREFIX.test(url)) {
        const withoutFragment = url.replace(/#.*$/, '');
        const at = withoutFragment.lastIndexOf('@');
        const slash = withoutFragment.lastIndexOf('/');
        const ref = at > slash ? withoutFragment.slice(at + 1) : null;
        const base = at > slash ? withoutFragment.slice(0, at) : withoutFragment;
        return { kind: 'git', url: safeUrl(base), ref };
    }
    if (/^file:/i.test(url))
        return { kind: 'path', path: decodeURI(url.replace(/^file:(\/\/)?/i, '')) };
    return { kind: 'url', url: safeUrl(url) };
}
/** One `Dependency` from a parsed requirement and where it was written. */
function dependencyFrom(req, ctx) {
    const url = req.url === null ? null : safeUrl(req.url);
    const source = ctx.source ??
        (req.url === null ? { kind: 'registry', index: ctx.index ?? null } : sourceOfUrl(req.url));
    return {
        name: req.name,
        normalizedName: names_normalizeName(req.name),
        specifier: req.specifier,
        extras: [...req.extras],
        marker: req.marker,
        url,
        version: ctx.version ?? (source.kind === 'registry' ? exactVersion(req.specifier) : null),
        group: ctx.group,
        editable: ctx.editable ?? false,
        constraint: ctx.constraint ?? false,
        file: ctx.file,
        line: ctx.line,
        source,
        hashes: [...(ctx.hashes ?? [])],
    };
}

;// CONCATENATED MODULE: ./lib/src/manifests/source-tree.js

/**
 * Resolves `target` written in file `from` to a repository path; null when it leaves the
 * repository (`../` above the root, or an absolute path elsewhere).
 */
function joinPath(from, target, tree) {
    let relative;
    if (external_node_path_namespaceObject.posix.isAbsolute(target)) {
        if (tree.root === null)
            return null;
        const root = tree.root.endsWith('/') ? tree.root : `${tree.root}/`;
        const normal = external_node_path_namespaceObject.posix.normalize(target);
        if (!normal.startsWith(root))
            return null;
        relative = normal.slice(root.length);
    }
    else {
        relative = external_node_path_namespaceObject.posix.normalize(external_node_path_namespaceObject.posix.join(external_node_path_namespaceObject.posix.dirname(from), target));
    }
    if (relative === '..' || relative.startsWith('../') || external_node_path_namespaceObject.posix.isAbsolute(relative))
        return null;
    return relative === '.' ? null : relative;
}
/** A tree held in memory: tests, and file contents fetched from a git revision or the API. */
function memoryTree(files, root = null) {
    const encoder = new TextEncoder();
    return {
        root,
        read(path) {
            const content = Object.hasOwn(files, path) ? files[path] : undefined;
            if (content === undefined)
                return null;
            return typeof content === 'string' ? encoder.encode(content) : content;
        },
    };
}

;// CONCATENATED MODULE: ./lib/src/manifests/requirements.js




/** pip 23's requirements-file options (SUPPORTED_OPTIONS + SUPPORTED_OPTIONS_REQ). */
const OPTIONS = [
    { long: '--index-url', short: '-i', value: true },
    { long: '--extra-index-url', value: true },
    { long: '--no-index', value: false },
    { long: '--constraint', short: '-c', value: true },
    { long: '--requirement', short: '-r', value: true },
    { long: '--editable', short: '-e', value: true },
    { long: '--find-links', short: '-f', value: true },
    { long: '--no-binary', value: true },
    { long: '--only-binary', value: true },
    { long: '--prefer-binary', value: false },
    { long: '--require-hashes', value: false },
    { long: '--pre', value: false },
    { long: '--trusted-host', value: true },
    { long: '--use-feature', value: true },
    { long: '--global-option', value: true, perRequirement: true },
    { long: '--hash', value: true, perRequirement: true },
    { long: '--config-settings', short: '-C', value: true, perRequirement: true },
];
const COMMENT = /(^|\s+)#.*$/;
const ENV_VAR = /\$\{([A-Z0-9_]+)\}/g;
const STRONG_HASHES = new Set(['sha256', 'sha384', 'sha512']);
const URL_SCHEMES = new Set([
    'http',
    'https',
    'file',
    'ftp',
    'git',
    'git+http',
    'git+https',
    'git+ssh',
    'git+git',
    'git+file',
    'hg+file',
    'hg+http',
    'hg+https',
    'hg+ssh',
    'hg+static-http',
    'svn',
    'svn+ssh',
    'svn+http',
    'svn+https',
    'svn+svn',
    'svn+file',
    'bzr+http',
    'bzr+https',
    'bzr+ssh',
    'bzr+sftp',
    'bzr+ftp',
    'bzr+lp',
    'bzr+file',
]);
const ARCHIVE = /\.(whl|zip|tar\.gz|tgz|tar|tar\.bz2|tbz|tar\.xz|txz|tlz|tar\.lz|tar\.lzma)$/i;
const NAMED_URL = /^[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*@/;
/**
 * pip's `join_lines` + `ignore_comments`: a line ending in `\` continues on the next one (a
 * comment line ends the continuation), `#` after whitespace starts a comment.
 */
function logicalLines(text) {
    const out = [];
    let pending = [];
    let first = 0;
    const emit = (line, raw) => {
        const stripped = raw.replace(COMMENT, '').trim();
        if (stripped !== '')
            out.push({ line, text: stripped });
    };
    splitLines(text).forEach((raw, index) => {
        const lineNo = index + 1;
        const isComment = /^\s*#/.test(raw);
        if (!raw.endsWith('\\') || isComment) {
            const line = isComment ? ` ${raw}` : raw;
            if (pending.length > 0) {
                pending.push(line);
                emit(first, pending.join(''));
                pending = [];
            }
            else {
                emit(lineNo, line);
            }
        }
        else {
            if (pending.length === 0)
                first = lineNo;
            pending.push(raw.replace(/^\\+|\\+$/g, ''));
        }
    });
    if (pending.length > 0)
        emit(first, pending.join(''));
    return out;
}
/** POSIX shell word splitting as Python's `shlex.split` does it (quotes and backslashes). */
function shellSplit(text) {
    const words = [];
    let word = '';
    let inWord = false;
    let quote = null;
    for (let i = 0; i < text.length; i++) {
        const c = text.charAt(i);
        if (quote === "'") {
            if (c === "'")
                quote = null;
            else
                word += c;
        }
        else if (quote === '"') {
            if (c === '"')
                quote = null;
            else if (c === '\\' && i + 1 < text.length && '\\"$`\n'.includes(text.charAt(i + 1))) {
                word += text.charAt(++i);
            }
            else
                word += c;
        }
        else if (/\s/.test(c)) {
            if (inWord)
                words.push(word);
            word = '';
            inWord = false;
        }
        else {
            inWord = true;
            if (c === "'" || c === '"')
                quote = c;
            else if (c === '\\') {
                if (i + 1 >= text.length)
                    return null;
                word += text.charAt(++i);
            }
            else
                word += c;
        }
    }
    if (quote !== null)
        return null;
    if (inWord)
        words.push(word);
    return words;
}
/** optparse semantics: `--opt=v`, `--opt v`, `-ov`, `-o v`, unique prefixes of long options. */
function parseOptions(words) {
    const values = [];
    for (let i = 0; i < words.length; i++) {
        const word = words[i] ?? '';
        if (word === '--')
            break;
        let spec;
        let attached = null;
        if (word.startsWith('--')) {
            const eq = word.indexOf('=');
            const name = eq === -1 ? word : word.slice(0, eq);
            attached = eq === -1 ? null : word.slice(eq + 1);
            spec = OPTIONS.find((o) => o.long === name);
            if (spec === undefined) {
                const candidates = OPTIONS.filter((o) => o.long.startsWith(name));
                if (candidates.length > 1) {
                    return `ambiguous option: ${name} (${candidates.map((o) => o.long).join(', ')}?)`;
                }
                spec = candidates[0];
            }
            if (spec === undefined)
                return `no such option: ${name}`;
            if (!spec.value && attached !== null)
                return `${spec.long} option does not take a value`;
        }
        else if (word.startsWith('-') && word.length > 1) {
            const name = word.slice(0, 2);
            spec = OPTIONS.find((o) => o.short === name);
            if (spec === undefined)
                return `no such option: ${name}`;
            attached = word.length > 2 ? word.slice(2) : null;
        }
        else {
            continue; // optparse leaves positional words aside; pip ignores them
        }
        if (spec.value && attached === null) {
            const next = words[i + 1];
            if (next === undefined)
                return `${spec.short ?? spec.long} option requires 1 argument`;
            attached = next;
            i++;
        }
        values.push({ spec, value: spec.value ? attached : null });
    }
    return { values };
}
/** pip's `break_args_options`: words before the first one starting with `-` are the requirement. */
function splitArgsAndOptions(line) {
    const tokens = line.split(' ');
    const firstOption = tokens.findIndex((t) => t.startsWith('-'));
    if (firstOption === -1)
        return [line, ''];
    return [tokens.slice(0, firstOption).join(' '), tokens.slice(firstOption).join(' ')];
}
function urlScheme(text) {
    const colon = text.indexOf(':');
    return colon === -1 ? null : text.slice(0, colon).toLowerCase();
}
function isUrl(text) {
    const scheme = urlScheme(text);
    return scheme !== null && URL_SCHEMES.has(scheme);
}
function looksLikePath(text) {
    return text.includes('/') || text.includes('\\') || text.startsWith('.');
}
function eggFragment(url) {
    const match = /[#&]egg=([^&]*)/.exec(url);
    return match?.[1] !== undefined && match[1] !== '' ? match[1] : null;
}
/** `name-1.0-py3-none-any.whl` → name and version (PEP 427 file names). */
function wheelNameVersion(url) {
    const file = decodeURIComponent(url.replace(/[?#].*$/, '').replace(/^.*\//, ''));
    const match = /^([^-]+)-([^-]+)(-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$/i.exec(file);
    if (match?.[1] === undefined || match[2] === undefined)
        return null;
    return { name: match[1], version: match[2] };
}
/** A label for a project known only by where it is (`./libs/foo[x]` → `foo`, an archive → its stem). */
function labelOf(location) {
    const clean = location
        .replace(/[?#].*$/, '')
        .replace(/\/+$/, '')
        .replace(ARCHIVE, '');
    const base = clean.slice(clean.lastIndexOf('/') + 1);
    return base === '' || base === '.' || base === '..' ? location : base;
}
function stripExtras(text) {
    const match = /^(.+)\[([^\]]+)\]$/.exec(text);
    if (match?.[1] === undefined || match[2] === undefined)
        return [text, []];
    return [
        match[1],
        match[2]
            .split(',')
            .map((e) => e.trim().toLowerCase())
            .filter((e) => e !== ''),
    ];
}
/** A `-e` value: a local directory, a `file:` URL or a VCS URL with `#egg=` (pip 23 rules). */
function editableRequirement(value) {
    const [location, extras] = stripExtras(value);
    if (/^file:/i.test(location) || !isUrl(location)) {
        if (isUrl(location) || looksLikePath(location) || !/[<>=!~;@ ]/.test(location)) {
            const name = eggFragment(location) ?? labelOf(location);
            return {
                parts: { name, extras, specifier: '', url: null, marker: null },
                editable: true,
                local: true,
            };
        }
        return {
            error: `${value} is not a valid editable requirement: expected a local path or a VCS URL`,
        };
    }
    let url = value;
    const scheme = urlScheme(url) ?? '';
    if (['git', 'hg', 'svn', 'bzr'].includes(scheme))
        url = `${scheme}+${url}`;
    if (!/^(git|hg|svn|bzr)\+/i.test(url)) {
        return {
            error: `${value} is not a valid editable requirement: it should be a path to a local project or a VCS URL (git+https://…)`,
        };
    }
    const name = eggFragment(url);
    if (name === null) {
        return {
            error: `could not detect the requirement name for '${value}': add #egg=your_package_name`,
        };
    }
    return {
        parts: { name, extras: [], specifier: '', url, marker: null },
        editable: true,
        local: false,
    };
}
function requirementError(text, message) {
    let hint = '';
    if (text.includes('/'))
        hint = ' (it looks like a path)';
    else if (text.includes('=') && !/[<>!~]=|==|[<>]/.test(text)) {
        hint = ' (= is not a valid operator; did you mean ==?)';
    }
    return `invalid requirement ${JSON.stringify(text)}: ${message}${hint}`;
}
/** A requirement argument: PEP 508, a URL (wheel, archive, VCS with `#egg=`), or a local path. */
function plainRequirement(text) {
    const url = isUrl(text);
    const separator = url ? '; ' : ';';
    const cut = text.indexOf(separator);
    const head = (cut === -1 ? text : text.slice(0, cut)).trim();
    const markerText = cut === -1 ? '' : text.slice(cut + separator.length).trim();
    let marker = null;
    if (markerText !== '') {
        const parsed = parseRequirement(`x ; ${markerText}`);
        if (!parsed.ok)
            return {
                error: `invalid marker ${JSON.stringify(markerText)}: ${requirementProblem(parsed.error)}`,
            };
        marker = parsed.value.marker;
    }
    if (url) {
        const wheel = /\.whl([?#]|$)/i.test(head) ? wheelNameVersion(head) : null;
        if (/\.whl([?#]|$)/i.test(head) && wheel === null) {
            return { error: `${head} is not a valid wheel filename` };
        }
        const name = wheel?.name ?? eggFragment(head) ?? labelOf(head);
        const specifier = wheel === null ? '' : `==${wheel.version}`;
        return {
            parts: { name, extras: [], specifier, url: head, marker },
            editable: false,
            local: /^file:/i.test(head),
        };
    }
    if (!NAMED_URL.test(head) && (looksLikePath(head) || ARCHIVE.test(head))) {
        const [location, extras] = stripExtras(head);
        const wheel = /\.whl$/i.test(location) ? wheelNameVersion(location) : null;
        return {
            parts: {
                name: wheel?.name ?? labelOf(location),
                extras,
                specifier: wheel === null ? '' : `==${wheel.version}`,
                url: null,
                marker,
            },
            editable: false,
            local: true,
        };
    }
    const parsed = parseRequirement(head);
    if (!parsed.ok)
        return { error: requirementError(head, requirementProblem(parsed.error)) };
    return {
        parts: { ...parsed.value, marker: marker ?? parsed.value.marker },
        editable: false,
        local: false,
    };
}
function checkHashes(values) {
    for (const value of values) {
        const [algo, digest] = value.split(':', 2);
        if (algo === undefined || digest === undefined || digest === '' || !STRONG_HASHES.has(algo)) {
            return `--hash must be an algorithm (sha256, sha384, sha512) and a value, like --hash=sha256:abcde…; got ${JSON.stringify(value)}`;
        }
    }
    return null;
}
function readFile(state, path, constraint) {
    const bytes = state.tree.read(path);
    if (bytes === null) {
        state.errors.push({ file: path, line: null, message: 'file not found' });
        return;
    }
    const text = decodeText(bytes, path);
    if (!text.ok) {
        state.errors.push(text.error);
        return;
    }
    state.stack.push(path);
    for (const { line, text: raw } of logicalLines(text.value)) {
        const expanded = raw.replace(ENV_VAR, (whole, name) => {
            const value = state.env[name];
            return value === undefined || value === '' ? whole : value;
        });
        readLine(state, path, line, expanded, constraint);
    }
    state.stack.pop();
}
function include(state, from, line, target, constraint) {
    const fail = (message) => state.errors.push({ file: from, line, message });
    if (/^(https?|file):/i.test(target)) {
        fail(`refusing to read ${safeUrl(target)}: includes must be files inside the repository`);
        return;
    }
    const resolved = joinPath(from, target, state.tree);
    if (resolved === null) {
        fail(`refusing to read ${target}: it is outside the repository`);
        return;
    }
    if (state.stack.includes(resolved)) {
        fail(`include cycle: ${[...state.stack, resolved].join(' → ')}`);
        return;
    }
    if (state.tree.read(resolved) === null) {
        fail(`cannot read ${target}: no such file in the repository`);
        return;
    }
    readFile(state, resolved, constraint);
}
function readLine(state, file, line, text, constraint) {
    const fail = (message) => state.errors.push({ file, line, message });
    const [args, optionText] = splitArgsAndOptions(text);
    const words = shellSplit(optionText);
    if (words === null) {
        fail(`cannot split options: ${optionText}`);
        return;
    }
    const parsed = parseOptions(words);
    if (typeof parsed === 'string') {
        fail(`invalid line ${JSON.stringify(text)}: ${parsed}`);
        return;
    }
    const all = (long) => parsed.values.filter((v) => v.spec.long === long).map((v) => v.value ?? '');
    const editables = all('--editable');
    let result = null;
    if (args !== '')
        result = plainRequirement(args);
    else if (editables[0] !== undefined)
        result = editableRequirement(editables[0]);
    if (result === null) {
        // An option line: includes are followed, the rest is kept as written.
        for (const { spec, value } of parsed.values) {
            if (spec.long === '--requirement')
                include(state, file, line, value ?? '', constraint);
            else if (spec.long === '--constraint')
                include(state, file, line, value ?? '', true);
            else if (spec.perRequirement === true) {
                fail(`${spec.long} applies to a requirement, but this line has none`);
            }
            else {
                state.options.push({
                    name: spec.long,
                    value: value === null ? null : safeUrl(value),
                    file,
                    line,
                });
            }
        }
        return;
    }
    if ('error' in result) {
        fail(result.error);
        return;
    }
    const hashes = all('--hash');
    const hashError = checkHashes(hashes);
    if (hashError !== null) {
        fail(hashError);
        return;
    }
    state.dependencies.push(dependencyFrom(result.parts, {
        file,
        line,
        group: 'main',
        editable: result.editable,
        constraint,
        hashes,
        ...(result.local
            ? { source: { kind: 'path', path: localPath(result, args, editables) } }
            : {}),
    }));
}
function localPath(result, args, editables) {
    const written = args !== '' ? (args.split(';')[0]?.trim() ?? args) : (editables[0] ?? '');
    const [location] = stripExtras(result.parts.url ?? written);
    return location.replace(/^file:(\/\/)?/i, '');
}
/** Applies `--index-url` to the registry dependencies (pip applies options file-wide). */
function applyIndex(state) {
    const noIndex = state.options.some((o) => o.name === '--no-index');
    const index = state.options.findLast((o) => o.name === '--index-url')?.value ?? null;
    if (index === null && !noIndex)
        return;
    for (const dep of state.dependencies) {
        if (dep.source.kind === 'registry')
            dep.source = { kind: 'registry', index: noIndex ? 'none' : index };
    }
}
/** Reads a requirements file and the files it includes into one manifest. */
function parseRequirementsFile(path, tree, options = {}) {
    const state = {
        tree,
        env: options.env ?? {},
        dependencies: [],
        errors: [],
        options: [],
        stack: [],
    };
    readFile(state, path, false);
    applyIndex(state);
    return {
        path,
        kind: 'requirements',
        requiresPython: null,
        dependencies: state.dependencies,
        errors: state.errors,
        options: state.options,
        project: null,
    };
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/error.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
function getLineColFromPtr(string, ptr) {
    let lines = string.slice(0, ptr).split(/\r?\n/);
    return [lines.length, lines.pop().length + 1];
}
function makeCodeBlock(string, line, column) {
    let lines = string.split(/\r?\n/);
    let codeblock = '';
    let numberLen = (Math.log10(line + 1) | 0) + 1;
    for (let i = line - 1; i <= line + 1; i++) {
        let l = lines[i - 1];
        if (!l)
            continue;
        codeblock += i.toString().padEnd(numberLen, ' ');
        codeblock += ':  ';
        codeblock += l;
        codeblock += '\n';
        if (i === line) {
            codeblock += ' '.repeat(numberLen + column + 2);
            codeblock += '^\n';
        }
    }
    return codeblock;
}
class TomlError extends Error {
    line;
    column;
    codeblock;
    constructor(message, options) {
        const [line, column] = getLineColFromPtr(options.toml, options.ptr);
        const codeblock = makeCodeBlock(options.toml, line, column);
        super(`Invalid TOML document: ${message}\n\n${codeblock}`, options);
        this.line = line;
        this.column = column;
        this.codeblock = codeblock;
    }
    /** @internal */
    static x(message, ctx, ptr) {
        throw new TomlError(message, { toml: ctx.s, ptr: ptr ?? ctx.p });
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/primitive.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function parseString(ctx) {
    let startPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p++);
    let first = c;
    let isLiteral = c === 0x27; /* ' */
    let isMultiline = c === ctx.s.charCodeAt(ctx.p) && c === ctx.s.charCodeAt(ctx.p + 1);
    if (isMultiline) {
        // Trim initial newline
        if ((c = ctx.s.charCodeAt(ctx.p += 2)) === 0xa /* \n */)
            ctx.p++;
        else if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)
            ctx.p += 2;
    }
    // For the record: it is not worth it to use a fast-path for literal strings using `indexOf`.
    // Doing a char-by-char iteration ends up dispatching less instructions, for the same wall-clock runtime.
    let parsed = '';
    let sliceStart = ctx.p;
    // states:
    //   0 - decoding
    //   1 - decoding escape
    //   2 - whitespace escape (no newline encountered yet, must fail on non-whitespace)
    //   3 - whitespace escape (newline encountered, allowed to transition back to normal decode)
    let state = 0;
    for (; ctx.p < ctx.s.length; ctx.p++) {
        c = ctx.s.charCodeAt(ctx.p);
        // Deal with newlines first, since that simplifies control character checking and handling across all states
        if (isMultiline && (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */))) {
            state = state && 3;
        }
        // Control characters are banned in TOML, so we throw an error if we encounter them
        else if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in strings', ctx);
        }
        // The string might terminate while we're parsing through a newline escape.
        // It must have encountered a newline; otherwise, it'll simply fail in another branch.
        else if ((!state || state === 3) && c === first && (!isMultiline || (ctx.s.charCodeAt(ctx.p + 1) === first && ctx.s.charCodeAt(ctx.p + 2) === first))) {
            if (isMultiline) {
                // If the string ends with 4-5 quotes, then the first 1-2 are part of the string
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
            }
            // If we're in a newline escape still, then there's nothing to add.
            if (!state) {
                // Avoid a useless concat operation if the string can be used as-is.
                let s = ctx.s.slice(sliceStart, ctx.p);
                parsed = parsed ? parsed + s : s;
            }
            ctx.p += isMultiline ? 3 : 1;
            return parsed;
        }
        // Baseline state; keep moving forward unless an escape sequence starts
        else if (!state) {
            if (!isLiteral && c === 0x5c /* \ */) {
                parsed += ctx.s.slice(sliceStart, (sliceStart = ctx.p));
                state = 1;
            }
        }
        else if (state === 1) {
            if (c === 0x78 /* x */ || c === 0x75 /* u */ || c === 0x55 /* U */) { // Unicode escape
                let errPtr = ctx.p++ - 1;
                let value = 0;
                let len = c === 0x78 /* x */ ? 2 : c === 0x75 /* u */ ? 4 : 8;
                for (let j = 0; j < len; j++, ctx.p++) {
                    let hex = ctx.s.charCodeAt(ctx.p);
                    let digit = 
                    /* 0-9 */ hex >= 0x30 && hex <= 0x39 ? hex - 0x30 :
                        /* A-F */ hex >= 0x41 && hex <= 0x46 ? hex - 0x41 + 10 :
                            /* a-f */ hex >= 0x61 && hex <= 0x66 ? hex - 0x61 + 10 : -1;
                    if (digit < 0)
                        TomlError.x('invalid non-hex character in unicode escape', ctx);
                    value = (value << 4) | digit;
                }
                // Because JS does bitwise on signed 32bit integers, all 0xfzzzzzzz values are actually seen as negative
                if (value < 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
                    TomlError.x('invalid unicode escape', ctx, errPtr);
                }
                parsed += String.fromCodePoint(value);
                sliceStart = ctx.p--;
                state = 0;
            }
            // Newline escape sequence. We only need to care about spaces and tabs; newlines are dealt with earlier
            else if (isMultiline && (c === 0x20 || c === 0x9 /* \t */)) {
                state = 2;
            }
            // Basic escape sequence
            else {
                if (c === 0x62 /* b */)
                    parsed += '\b';
                else if (c === 0x74 /* t */)
                    parsed += '\t';
                else if (c === 0x6e /* n */)
                    parsed += '\n';
                else if (c === 0x66 /* f */)
                    parsed += '\f';
                else if (c === 0x72 /* r */)
                    parsed += '\r';
                else if (c === 0x65 /* e */)
                    parsed += '\x1b';
                else if (c === 0x22 /* " */)
                    parsed += '"';
                else if (c === 0x5c /* \ */)
                    parsed += '\\';
                else
                    TomlError.x('unrecognised escape sequence', ctx);
                sliceStart = ctx.p + 1;
                state = 0;
            }
        }
        // Newline escape continuation: keep moving forward until the first non-whitespace char
        else if (c !== 0x20 && c !== 0x9 /* \t */) {
            if (state === 2)
                TomlError.x('invalid escape: only line-ending whitespace may be escaped', ctx, sliceStart);
            // State cannot be zero, or we'd have branched earlier already.
            // If it's a backslash, immediately transition to the escape state so it can be processed.
            state = !isLiteral && c === 0x5c /* \ */ ? 1 : 0;
            sliceStart = ctx.p;
        }
    }
    TomlError.x('unfinished string', ctx, startPtr);
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/date.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})?[Tt ]?(?:(\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|z|[-+]\d{2}:\d{2})?$/i;
class TomlDate extends Date {
    #hasDate = false;
    #hasTime = false;
    #offset = null;
    constructor(date, fasttype, unsafeDelim) {
        let hasDate = true;
        let hasTime = true;
        let offset = 'Z';
        let c;
        if (typeof date === 'string') {
            if (fasttype)
                prep: {
                    // Date-time
                    if (fasttype < 3) {
                        if (+date.slice(11, 13) > 23) {
                            date = '';
                            break prep;
                        }
                        // Local
                        if (fasttype === 2) {
                            offset = null;
                            date += 'Z';
                        }
                        // Offset; keep track of offset if not Z
                        else if ((c = date.charCodeAt(date.length - 1)) !== 0x5a /* Z */ && c !== 0x7a /* z */) {
                            offset = date.slice(date.length - 6);
                        }
                        if (unsafeDelim)
                            date = date.slice(0, 10) + 'T' + date.slice(11);
                    }
                    // Time
                    else if (fasttype === 4) {
                        date = +date.slice(0, 2) > 23 ? '' : `0000-01-01T${date}Z`;
                    }
                    hasDate = fasttype !== 4;
                    hasTime = fasttype !== 3;
                }
            else {
                let match = date.match(DATE_TIME_RE);
                if (match) {
                    if (!match[1]) {
                        hasDate = false;
                        date = `0000-01-01T${date}`;
                    }
                    hasTime = !!match[2];
                    // Make sure to use T instead of a space. Breaks in case of extreme values otherwise.
                    hasTime && date[10] === ' ' && (date = date.replace(' ', 'T'));
                    // Do not allow rollover hours.
                    if (match[2] && +match[2] > 23) {
                        date = '';
                    }
                    else {
                        offset = match[3] || null;
                        if (!offset && hasTime)
                            date += 'Z';
                    }
                }
                else {
                    date = '';
                }
            }
        }
        super(date);
        if (!isNaN(this.getTime())) {
            this.#hasDate = hasDate;
            this.#hasTime = hasTime;
            this.#offset = offset;
        }
    }
    isDateTime() {
        return this.#hasDate && this.#hasTime;
    }
    isLocal() {
        return !this.#hasDate || !this.#hasTime || !this.#offset;
    }
    isDate() {
        return this.#hasDate && !this.#hasTime;
    }
    isTime() {
        return this.#hasTime && !this.#hasDate;
    }
    isValid() {
        return this.#hasDate || this.#hasTime;
    }
    toISOString() {
        let iso = super.toISOString();
        // Local Date
        if (this.isDate())
            return iso.slice(0, 10);
        // Local Time
        if (this.isTime())
            return iso.slice(11, 23);
        // Local DateTime
        if (this.#offset === null)
            return iso.slice(0, -1);
        // Offset DateTime
        if (this.#offset === 'Z' || this.#offset === 'z')
            return iso;
        // This part is quite annoying: JS strips the original timezone from the ISO string representation
        // Instead of using a "modified" date and "Z", we restore the representation "as authored"
        let offset = (+(this.#offset.slice(1, 3)) * 60) + +(this.#offset.slice(4, 6));
        offset = this.#offset[0] === '-' ? offset : -offset;
        let offsetDate = new Date(this.getTime() - (offset * 60e3));
        return offsetDate.toISOString().slice(0, -1) + this.#offset;
    }
    static wrapAsOffsetDateTime(jsDate, offset = 'Z') {
        let date = new TomlDate(jsDate);
        date.#offset = offset;
        return date;
    }
    static wrapAsLocalDateTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#offset = null;
        return date;
    }
    static wrapAsLocalDate(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasTime = false;
        date.#offset = null;
        return date;
    }
    static wrapAsLocalTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasDate = false;
        date.#offset = null;
        return date;
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/extract.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function isDigit(char, base = 10) {
    return base === 16
        ? (char > 0x2f && char < 0x3a) || (char > 0x40 && char < 0x47) || (char > 0x60 && char < 0x67)
        : (char > 0x2f && char < 0x30 + base);
}
function isEndOfValue(char, delim) {
    // Whitespace -- we're permissive on `\r` for performance; it'll be dealt with later anyway
    return char === 0x20 || char === 0x9 /* \t */ || char === 0xa /* \n */ || char === 0xd /* \r */ ||
        // Structure end or next value delimiter
        (delim && (char === delim || char === 0x2c /* , */)) ||
        // Comment
        char === 0x23; /* # */
}
/** @internal */
function extractValue(ctx, end) {
    let errPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p);
    // Structs
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
        ctx.d-- || TomlError.x('document contains excessively nested structures. aborting.', ctx);
        let value = c === 0x5b /* [ */
            ? parseArray(ctx)
            : parseInlineTable(ctx);
        ctx.d++;
        return value;
    }
    // Strings
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
        return parseString(ctx);
    }
    // Booleans
    // We can fast-path because the first character is enough to know the only possible value
    if (c === 0x74 /* t */) { // Only possible valid value is `true`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x72 || ctx.s.charCodeAt(++ctx.p) !== 0x75 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, true;
    }
    if (c === 0x66 /* f */) { // Only possible valid value is `false`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6c || ctx.s.charCodeAt(++ctx.p) !== 0x73 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, false;
    }
    if (c === 0x2b /* + */ || c === 0x2d /* - */) {
        return parseNumber(ctx, ctx.p, ctx.s.charCodeAt(++ctx.p), 0x2c - c, end);
    }
    // Rough heuristic, but `parseDate` falls back to number parsing if it's a false positive.
    // e.g.: `a = 1\n-------------- = 1` would match this heuristic, but gracefully fallback to numbers.
    if (ctx.s.charCodeAt(ctx.p + 4) === 0x2d /* - */ && ctx.s.charCodeAt(ctx.p + 7) === 0x2d /* - */) {
        return parseDate(ctx, c, end);
    }
    // Same logic as above; `parseTime` falls back to number parsing if it's a false positive.
    if (ctx.s.charCodeAt(ctx.p + 2) === 0x3a /* : */) {
        return parseTime(ctx, c, end);
    }
    return parseNumber(ctx, ctx.p, c, 0, end);
}
// State:
// 0: init
// 1: integer
// 2: fractional dot
// 3: fractional
// 4: exponent letter
// 5: exponent
// 6: exponent sign
// 7: exponent with sign
// >9: underscore; see below
//     -> 12: was integer
//     -> 14: was fractional
//     -> 16: was exponent
// states 2-5, 14, 16 are ONLY permitted iif base === 10
function parseNumber(ctx, startPtr, startChr, sign, endChr) {
    let c = startChr;
    let state = 0;
    let hasUnderscores = false;
    // (+/-)inf
    if (c === 0x69 /* i */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x6e || ctx.s.charCodeAt(++ctx.p) !== 0x66)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, (sign || 1) / 0;
    }
    // (+/-)nan
    if (c === 0x6e /* n */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6e)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, NaN;
    }
    // Leading zero
    // Only allowed cases: `0<EOV>`, `0.(...)`, `0e(...)`, `0x(...)`, `0b(...)`, `0o(...)`
    // FWIW, `0e(...)` is a stupid case, but it's not banned per-se so we have to parse it
    if (c === 0x30 /* 0 */) {
        if (++ctx.p >= ctx.s.length || isEndOfValue(c = ctx.s.charCodeAt(ctx.p), endChr))
            return ctx.bi === true ? 0n : 0; // note: conveniently deals with `-0`
        if (!sign) {
            if (c === 0x78 /* x */)
                return parseIntegerBaseN(ctx, startPtr, 16, endChr);
            else if (c === 0x62 /* b */)
                return parseIntegerBaseN(ctx, startPtr, 2, endChr);
            else if (c === 0x6f /* o */)
                return parseIntegerBaseN(ctx, startPtr, 8, endChr);
        }
        if (c === 0x2e /* . */)
            state = 2;
        else if (c === 0x65 /* e */ || c === 0x45 /* E */)
            state = 4;
        else
            TomlError.x('illegal leading zero', ctx, startPtr);
    }
    // If the 1st char is not a digit by now, then it's not a valid TOML value at all
    else if (!isDigit(c))
        TomlError.x('invalid value', ctx, startPtr);
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (!state)
            state = 1; // Detects single-digit numbers we can use a fast parse path for
        // The way the states are numbered is not random: underscores are always permitted in odd-numbered states and
        // never permitted in even-numbered ones.
        if (c === 0x5f /* _ */) {
            if (!(state & 1))
                TomlError.x('illegal underscore', ctx);
            state += 11; // 11 is a marker that makes the state even and greater than 9; see the numbering + rationale above
            hasUnderscores = true;
        }
        // Transition to fractional part.
        else if (state === 1 && c === 0x2e /* . */)
            state = 2;
        // Transition to exponent part.
        else if ((state === 1 || state === 3) && (c === 0x65 /* e */ || c === 0x45 /* E */))
            state = 4;
        // + and - are permitted in state 4 only (handled before entering the function for state 0)
        else if (state === 4 && (c === 0x2b /* + */ || c === 0x2d /* - */)) {
            state = 6;
        }
        // All special cases have been handled; only digits are allowed here
        else if (!isDigit(c))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear state flags
        else if (state > 9)
            state -= 11;
        else if (!(state & 1))
            state++;
    }
    // Single-char number; we can fast-path these very easily.
    if (!state) {
        let val = (startChr - 0x30 /* 0 */) * (sign || 1);
        return ctx.bi === true ? BigInt(val) : val;
    }
    // Even-numbered states absolutely require a digit next; not even end of value is permitted
    if (!(state & 1))
        TomlError.x('unfinished numeric value', ctx, startPtr);
    let str = ctx.s.slice(startPtr, ctx.p);
    if (hasUnderscores)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return state > 1
        ? parseFloat(str)
        : parseInteger(ctx, str, 10, startPtr);
}
function parseIntegerBaseN(ctx, startPtr, base, endChr) {
    let c, underscore = 1;
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (c === 0x5f /* _ */) {
            if (underscore & 1)
                TomlError.x('illegal underscore', ctx);
            underscore = 3;
        }
        // We only need to check if the number is a valid digit, nothing else is permitted
        else if (!isDigit(c, base))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear underscore flag
        else if (underscore & 1)
            underscore--;
    }
    // Trailing underscore is not allowed
    if (underscore & 1)
        TomlError.x('unfinished numeric value', ctx);
    let str = ctx.s.slice(startPtr + 2, ctx.p);
    if (underscore)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return parseInteger(ctx, str, base, startPtr);
}
function parseInteger(ctx, str, base, startPtr) {
    if (ctx.bi !== true)
        int: {
            let val = parseInt(str, base);
            if (!Number.isSafeInteger(val)) {
                if (ctx.bi)
                    break int;
                TomlError.x('integer value cannot be represented losslessly', ctx, startPtr);
            }
            return val;
        }
    return base === 10 ? BigInt(str) : BigInt((base === 2 ? '0b' : base === 8 ? '0o' : '0x') + str);
}
function parseDate(ctx, c, endChr) {
    let startPtr = ctx.p++, unsafeSeparator;
    if (!isDigit(c) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++))) {
        return parseNumber(ctx, ctx.p = startPtr, c, 0, endChr);
    }
    ctx.p += 5;
    if (!isDigit(ctx.s.charCodeAt(ctx.p++)))
        TomlError.x('invalid date-time: date part is malformed', ctx, startPtr);
    if (ctx.p >= ctx.s.length || (((c = ctx.s.charCodeAt(ctx.p)) !== 0x20 || (unsafeSeparator = true, !isDigit(ctx.s.charCodeAt(ctx.p + 1)))) && c !== 0x54 /* T */ && c !== 0x74 /* t */)) {
        let t = ctx.s.slice(startPtr, ctx.p);
        return readDate(ctx, t, 3, false, startPtr);
    }
    if (ctx.s.charCodeAt(ctx.p += 3) !== 0x3a /* : */)
        TomlError.x('invalid date-time: time part is malformed', ctx, startPtr);
    if (ctx.s.charCodeAt(ctx.p += 3) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    if (c = ctx.s.charCodeAt(ctx.p)) {
        if (c === 0x5a /* Z */ || c === 0x7a /* z */) {
            let t = ctx.s.slice(startPtr, ++ctx.p);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, '[+00:00]');
        }
        if (c === 0x2b /* + */ || c === 0x2d /* - */) {
            // Temporal's ZonedDateTime is weird asf when it comes to dealing with traditional offsets...
            // It's 1.2x faster to allocate a new string to pass to ZDT than use Instant.toZonedDateTimeISO
            let t = ctx.s.slice(startPtr, ctx.p += 6);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, !ctx.ld && ('[' + ctx.s.slice(ctx.p - 6, ctx.p) + ']'));
        }
    }
    let t = ctx.s.slice(startPtr, ctx.p);
    return readDate(ctx, t, 2, unsafeSeparator, startPtr);
}
function parseTime(ctx, c, endChr) {
    let start = ctx.p;
    if (!isDigit(c) || !isDigit(ctx.s.charCodeAt(++ctx.p))) {
        return parseNumber(ctx, --ctx.p, c, 0, endChr);
    }
    if (ctx.s.charCodeAt(ctx.p += 4) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    let t = ctx.s.slice(start, ctx.p);
    return readDate(ctx, t, 4, false, start);
}
function readDate(ctx, str, type, unsafeDelim, errPtr, temporalSuffix) {
    if (ctx.ld) {
        let date = new TomlDate(str, type, unsafeDelim);
        if (!date.isValid())
            TomlError.x('invalid date', ctx, errPtr);
        return date;
    }
    try {
        if (temporalSuffix)
            str += temporalSuffix;
        switch (type) {
            case 1: return Temporal.ZonedDateTime.from(str);
            case 2: return Temporal.PlainDateTime.from(str);
            case 3: return Temporal.PlainDate.from(str);
            case 4: return Temporal.PlainTime.from(str);
        }
    }
    catch (e) {
        TomlError.x(e instanceof Error ? e.message : '' + e, ctx, errPtr);
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/util.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function skipComment(ctx) {
    for (; ctx.p < ctx.s.length; ctx.p++) {
        let c = ctx.s.charCodeAt(ctx.p);
        if (c === 0xa /* \n */)
            break;
        if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */) {
            ctx.p++;
            break;
        }
        if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in comments', ctx);
        }
    }
}
/** @internal */
function skipVoid(ctx, banNewLines, banComments) {
    let c;
    while (ctx.p < ctx.s.length) {
        while (ctx.p < ctx.s.length && ((c = ctx.s.charCodeAt(ctx.p)) === 0x20 ||
            c === 0x9 /* \t */ ||
            (!banNewLines &&
                (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)))))
            ctx.p++;
        if (banComments || c !== 0x23 /* # */)
            break;
        skipComment(ctx);
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/struct.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




/** @internal */
function parseKey(ctx, end = 0x3d /* = */) {
    // States:
    // 0: before first char
    // 1: parsing bare key
    // 2: after key component
    let startPtr;
    let state = 0;
    let parsed = [];
    let sliceStart;
    let c = ctx.s.charCodeAt(startPtr = ctx.p);
    do {
        // End of key
        if (c === end) {
            if (!state)
                TomlError.x('unexpected end of key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            return ctx.p++, parsed;
        }
        // Dotted key separator
        else if (c === 0x2e /* . */) {
            if (!state)
                TomlError.x('illegal empty bare key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            state = 0;
        }
        // Quoted key
        else if (!state && (c === 0x22 /* " */ || c === 0x27 /* ' */)) {
            if (c === ctx.s.charCodeAt(ctx.p + 1) && c === ctx.s.charCodeAt(ctx.p + 2))
                TomlError.x('illegal quoted key: multiline strings are not allowed', ctx);
            parsed.push(parseString(ctx));
            state = 2;
            ctx.p--;
        }
        // Whitespace; no-op in state 0 and 2, end of bare key in state 1
        else if (c === 0x20 || c === 0x9 /* \t */) {
            if (state === 1) {
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
                state = 2;
            }
        }
        // If state is post-key, no character is allowed; otherwise ensure it's a bare-key component
        else if (state === 2 || (c < 0x30 && c !== 0x2d /* - */) || (c > 0x39 && c < 0x41) || (c > 0x5a && c < 0x61 && c !== 0x5f /* _ */) || c > 0x7a) {
            TomlError.x('illegal character in key', ctx);
        }
        // Illegal character
        else if (!state) {
            state = 1;
            sliceStart = ctx.p;
        }
    } while (c = ctx.s.charCodeAt(++ctx.p));
    TomlError.x('incomplete key-value: cannot find end of key', ctx, startPtr);
}
/** @internal */
function parseInlineTable(ctx) {
    let startPtr = ctx.p++;
    let res = Object.create(null);
    let seen = new Set();
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x7d /* } */) {
            ctx.p++;
            return res;
        }
        let k;
        let t = res;
        let hasOwn = false;
        let errPtr = ctx.p;
        let key = parseKey(ctx);
        for (let i = 0; i < key.length; i++) {
            if (i)
                t = hasOwn ? t[k] : (t[k] = Object.create(null));
            k = key[i];
            if ((hasOwn = Object.hasOwn(t, k)) && (typeof t[k] !== 'object' || seen.has(t[k]))) {
                TomlError.x('trying to redefine an already defined value', ctx, errPtr);
            }
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor')) {
                t = ctx.uk !== 1 && TomlError.x('document contains an unsafe property', ctx, errPtr);
                break;
            }
            if (!hasOwn && unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
            }
        }
        if (hasOwn) {
            TomlError.x('trying to redefine an already defined value', ctx, errPtr);
        }
        skipVoid(ctx, true, true);
        let value = extractValue(ctx, 0x7d /* } */);
        if (t && typeof (t[k] = value) === 'object')
            seen.add(value);
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x7d /* } */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished table', ctx, startPtr);
}
/** @internal */
function parseArray(ctx) {
    let startPtr = ctx.p++;
    let res = [];
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x5d /* ] */) {
            ctx.p++;
            return res;
        }
        res.push(extractValue(ctx, 0x5d /* ] */));
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x5d /* ] */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished array', ctx, startPtr);
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/parse.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function peekTable(ctx, key, table, meta, type) {
    let t = table;
    let m = meta;
    let k;
    let hasOwn = false;
    let state;
    for (let i = 0; i < key.length; i++) {
        if (i) {
            t = hasOwn ? t[k] : (t[k] = Object.create(null));
            m = (state = m[k]).c;
            if (type === 0 /* Type.DOTTED */ && (state.t === 1 /* Type.EXPLICIT */ || state.t === 2 /* Type.ARRAY */)) {
                return null;
            }
            if (state.t === 2 /* Type.ARRAY */) {
                let l = t.length - 1;
                t = t[l];
                m = m[l].c;
            }
        }
        k = key[i];
        if ((hasOwn = Object.hasOwn(t, k)) && m[k]?.t === 0 /* Type.DOTTED */ && m[k]?.d) {
            return null;
        }
        if (!hasOwn) {
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor'))
                return false;
            if (unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
                Object.defineProperty(m, k, { enumerable: true, configurable: true, writable: true });
            }
            m[k] = {
                t: i < key.length - 1 && type === 2 /* Type.ARRAY */
                    ? 3 /* Type.ARRAY_DOTTED */ : type,
                d: false,
                i: 0,
                c: Object.create(null),
            };
        }
    }
    state = m[k];
    if (state.t !== type && !(type === 1 /* Type.EXPLICIT */ && state.t === 3 /* Type.ARRAY_DOTTED */)) {
        // Bad key type!
        return null;
    }
    if (type === 2 /* Type.ARRAY */) {
        if (!state.d) {
            state.d = true;
            t[k] = [];
        }
        t[k].push(t = Object.create(null));
        state.c[state.i++] = (state = { t: 1 /* Type.EXPLICIT */, d: false, i: 0, c: Object.create(null) });
    }
    if (state.d) {
        // Redefining a table!
        return null;
    }
    state.d = true;
    if (type === 1 /* Type.EXPLICIT */) {
        t = hasOwn ? t[k] : (t[k] = Object.create(null));
    }
    else if (type === 0 /* Type.DOTTED */ && hasOwn) {
        return null;
    }
    return [k, t, state.c];
}
function validateTablePeek(ctx, peek, ptr) {
    if (peek === null || ctx.uk === 2)
        TomlError.x(peek === null
            ? 'trying to redefine an already defined table or value'
            : 'document contains an unsafe property', ctx, ptr);
}
function parse(toml, options = {}) {
    let ctx = {
        s: toml,
        p: 0,
        d: options.maxDepth ?? 1000,
        bi: options.integersAsBigInt ?? false,
        ld: options.useLegacyDate ?? true,
        uk: options.unsafeKeyBehaviour === 'throw' ? 2 : options.unsafeKeyBehaviour === 'drop' ? 1 : 0,
    };
    let res = Object.create(null);
    let meta = Object.create(null);
    let tmp;
    let skipping = false;
    let tbl = res;
    let m = meta;
    // BOM is allowed, skip.
    // JS is UTF-16, so we have to check for the UTF-16 BOM instead of the UTF-8 BOM sequence!
    if (toml.charCodeAt(0) === 0xfeff)
        ctx.p++;
    skipVoid(ctx);
    while (ctx.p < toml.length) {
        if (toml.charCodeAt(ctx.p) === 0x5b /* [ */) {
            let isTableArray = toml.charCodeAt(++ctx.p) === 0x5b; /* [ */
            tmp = ctx.p += +isTableArray;
            skipping = false;
            let k = parseKey(ctx, 0x5d /* ] */);
            if (isTableArray) {
                if (toml.charCodeAt(ctx.p) !== 0x5d /* ] */) {
                    TomlError.x('expected end of table array declaration', ctx);
                }
                ctx.p++;
            }
            let p = peekTable(ctx, k, res, meta, isTableArray ? 2 /* Type.ARRAY */ : 1 /* Type.EXPLICIT */);
            if (!p) {
                validateTablePeek(ctx, p, tmp);
                skipping = true;
            }
            else {
                m = p[2];
                tbl = p[1];
            }
        }
        else {
            tmp = ctx.p;
            let k = parseKey(ctx);
            let p = peekTable(ctx, k, tbl, m, 0 /* Type.DOTTED */);
            if (!p && !skipping)
                validateTablePeek(ctx, p, tmp);
            skipVoid(ctx, true, true);
            let v = extractValue(ctx, void 0);
            if (p && !skipping)
                p[1][p[0]] = v;
        }
        skipVoid(ctx, true);
        if (ctx.p < toml.length && (tmp = toml.charCodeAt(ctx.p)) !== 0xa /* \n */ && (tmp !== 0xd /* \r */ || toml.charCodeAt(ctx.p + 1) !== 0xa /* \n */)) {
            TomlError.x('each key-value declaration must be followed by an end-of-line', ctx);
        }
        skipVoid(ctx);
    }
    return res;
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/stringify.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let BARE_KEY = /^[a-z0-9-_]+$/i;
let HAS_WELLFORMED = !!(''.isWellFormed);
function extendedTypeOf(obj) {
    let type = typeof obj;
    if (type === 'object') {
        if (Array.isArray(obj))
            return 'array';
        if (typeof obj.getUTCDate === 'function' && obj instanceof Date)
            return 'date';
        if (globalThis.Temporal) {
            if (obj.until) {
                if (obj instanceof Temporal.ZonedDateTime)
                    return 'temporal/tz+uc';
                if (obj instanceof Temporal.PlainDateTime || obj instanceof Temporal.PlainDate)
                    return 'temporal/uc';
                if (obj instanceof Temporal.PlainTime || obj instanceof Temporal.Instant)
                    return 'temporal';
                if (obj instanceof Temporal.PlainYearMonth)
                    return 'temporal/x';
            }
            else if ((obj.toPlainDate && obj instanceof Temporal.PlainMonthDay) ||
                (obj.negated && obj instanceof Temporal.Duration)) {
                return 'temporal/x';
            }
        }
    }
    return type;
}
function isArrayOfTables(obj) {
    for (let i = 0; i < obj.length; i++) {
        if (extendedTypeOf(obj[i]) !== 'object')
            return false;
    }
    return obj.length != 0;
}
function formatWellFormedStringUnchecked(s) {
    return JSON.stringify(s).replaceAll('\x7f', '\\u007f');
}
function formatString(s) {
    return formatWellFormedStringUnchecked(HAS_WELLFORMED ? s.toWellFormed() : s);
}
function formatKey(s) {
    if (BARE_KEY.test(s))
        return s;
    if (HAS_WELLFORMED && !s.isWellFormed())
        throw new RangeError('key contains illegal lone surrogates');
    return formatWellFormedStringUnchecked(s);
}
function stringifyValue(val, type, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    switch (type) {
        // @ts-expect-error -- intentional fallthrough case
        case 'number':
            if (isNaN(val))
                return 'nan';
            if (val === Infinity)
                return 'inf';
            if (val === -Infinity)
                return '-inf';
            if (Number.isInteger(val) && (numberAsFloat || !Number.isSafeInteger(val)))
                return val.toFixed(1);
        case 'bigint':
        case 'boolean':
        case 'temporal':
            return val.toString();
        case 'string':
            return formatString(val);
        case 'date':
            if (isNaN(val.getTime()))
                throw new TypeError('cannot serialize invalid date');
            return val.toISOString();
        case 'object':
            return stringifyInlineTable(val, depth, numberAsFloat, strictTemporal);
        case 'array':
            return stringifyArray(val, depth, numberAsFloat, strictTemporal);
        // @ts-expect-error -- intentional fallthrough case
        case 'temporal/tz+uc':
            if (strictTemporal) {
                let tz = val.timeZoneId;
                let tzc = tz.charCodeAt(0);
                if (
                // Classic offset
                tzc !== 0x2b /* + */ && tzc !== 0x2d /* - */ &&
                    (
                    // Fast pre-check pass; see below for the actually accepted values
                    (tzc !== 0x55 /* U */ && tzc !== 0x47 /* G */ && tzc !== 0x5a /* Z */ && tzc !== 0x45 /* E */) ||
                        (
                        // UTC and its aliases; Temporal implementations don't all canonicalise unfortunately
                        tz !== 'UTC' && tz !== 'UCT' && tz !== 'Universal' && tz !== 'Zulu' &&
                            // GMT is a TZ but it's for all intents and purposes equivalent to UTC. Safe to downgrade.
                            !tz.startsWith('GMT') && tz !== 'Greenwich' &&
                            // Etc/* are all safe to downgrade to offset (either UTC, GMT, or offset)
                            !tz.startsWith('Etc/')))) {
                    throw new TypeError('Temporal objects with an IANA timezone are not allowed in Temporal strict mode');
                }
            }
        case 'temporal/uc':
            if (strictTemporal && val.calendarId !== 'iso8601')
                throw new TypeError('Temporal objects with a non-default calendar are not allowed in Temporal strict mode');
            return val.toString({
                calendarName: 'never',
                timeZoneName: 'never',
            });
        case 'temporal/x':
            throw new TypeError('Unsupported ' + val[Symbol.toStringTag]);
    }
}
function stringifyInlineTable(obj, depth, numberAsFloat, strictTemporal) {
    let keys = Object.keys(obj);
    if (keys.length === 0)
        return '{}';
    let res = '{ ';
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (i)
            res += ', ';
        res += formatKey(k) + ' = ' + stringifyValue(obj[k], extendedTypeOf(obj[k]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' }';
}
function stringifyArray(array, depth, numberAsFloat, strictTemporal) {
    if (array.length === 0)
        return '[]';
    let res = '[ ';
    for (let i = 0; i < array.length; i++) {
        if (i)
            res += ', ';
        if (array[i] === null || array[i] === void 0) {
            throw new TypeError('arrays cannot contain null or undefined values');
        }
        res += stringifyValue(array[i], extendedTypeOf(array[i]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' ]';
}
function stringifyArrayTable(array, key, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let res = '';
    for (let i = 0; i < array.length; i++) {
        res += `${res && '\n'}[[${key}]]\n`;
        res += stringifyTable(0, array[i], key, depth, numberAsFloat, strictTemporal);
    }
    return res;
}
function stringifyTable(tableKey, obj, prefix, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let preamble = '';
    let tables = '';
    let keys = Object.keys(obj);
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (obj[k] !== null && obj[k] !== void 0) {
            let type = extendedTypeOf(obj[k]);
            if (type === 'symbol' || type === 'function') {
                throw new TypeError(`cannot serialize values of type '${type}'`);
            }
            let key = formatKey(k);
            if (type === 'array' && isArrayOfTables(obj[k])) {
                tables += (tables && '\n') + stringifyArrayTable(obj[k], prefix ? `${prefix}.${key}` : key, depth - 1, numberAsFloat, strictTemporal);
            }
            else if (type === 'object') {
                let tblKey = prefix ? `${prefix}.${key}` : key;
                tables += (tables && '\n') + stringifyTable(tblKey, obj[k], tblKey, depth - 1, numberAsFloat, strictTemporal);
            }
            else {
                preamble += key;
                preamble += ' = ';
                preamble += stringifyValue(obj[k], type, depth, numberAsFloat, strictTemporal);
                preamble += '\n';
            }
        }
    }
    if (tableKey && (preamble || !tables)) // Create table only if necessary
        preamble = preamble ? `[${tableKey}]\n${preamble}` : `[${tableKey}]`;
    return preamble && tables
        ? `${preamble}\n${tables}`
        : preamble || tables;
}
function stringify(obj, { maxDepth = 1000, numbersAsFloat = false, strictTemporal = false } = {}) {
    if (extendedTypeOf(obj) !== 'object') {
        throw new TypeError('stringify can only be called with an object');
    }
    let str = stringifyTable(0, obj, '', maxDepth, numbersAsFloat, strictTemporal);
    if (str[str.length - 1] !== '\n')
        return str + '\n';
    return str;
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/index.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */





/** @deprecated use `import * as ... from 'smol-toml'` instead */
/* harmony default export */ const dist = ({ parse: parse, stringify: stringify, TomlDate: TomlDate, TomlError: TomlError });

;// CONCATENATED MODULE: ./lib/src/manifests/toml.js
/**
 * TOML documents with the line of every value. smol-toml parses (it passes the toml-test
 * suite when given text from a fatal UTF-8 decoder); a single pass over the same, already
 * validated text records where each key, table and array element is written, so findings can
 * point at the manifest line that declares a dependency.
 */



/** A date smol-toml let through although the day does not exist (February 30). */
class ImpossibleDate extends Error {
    line;
    constructor(message, line) {
        super(message);
        this.line = line;
    }
}
/** smol-toml rolls 1988-02-30 over to March; the text as written must name a real day. */
function checkDate(raw, line) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(raw.trim());
    if (m === null)
        return;
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day > days)
        throw new ImpossibleDate(`${m[0]} is not a date`, line);
}
/** Dates become strings so every consumer sees JSON-like data (in place: the tree is ours). */
function plain(value, dates) {
    if (value instanceof TomlDate) {
        dates.seen = true;
        return value.toISOString();
    }
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++)
            value[i] = plain(value[i], dates);
    }
    else if (typeof value === 'object' && value !== null) {
        const table = value;
        for (const k of Object.keys(table)) {
            const v = table[k];
            if (typeof v === 'object' && v !== null)
                table[k] = plain(v, dates);
        }
    }
    return value;
}
function parseToml(input, file, options = {}) {
    const depth = options.lineDepth ?? Infinity;
    let text;
    if (typeof input === 'string') {
        text = input.startsWith('\uFEFF') ? input.slice(1) : input;
    }
    else {
        // TOML is UTF-8 only: a UTF-16 byte order mark is an error, not an encoding to follow.
        const utf16 = (input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff);
        const decoded = utf16
            ? result_err({ file, line: 1, message: 'the file is UTF-16; TOML files must be UTF-8' })
            : decodeText(input, file);
        if (!decoded.ok)
            return decoded;
        text = decoded.value;
    }
    if (text.startsWith('\uFEFF')) {
        return result_err({
            file,
            line: 1,
            message: 'TOML syntax error: a byte order mark may only start the file',
        });
    }
    let value;
    let lines = null;
    try {
        const dates = { seen: false };
        value = plain(parse(text, { integersAsBigInt: 'asNeeded' }), dates);
        // Dates are checked on the text as written, which the line pass reads anyway.
        if (dates.seen)
            lines = locate(text, depth, checkDate);
    }
    catch (e) {
        if (e instanceof ImpossibleDate)
            return result_err({ file, line: e.line, message: `TOML syntax error: ${e.message}` });
        if (e instanceof TomlError) {
            const first = e.message.split('\n')[0] ?? 'invalid TOML';
            const message = first.replace(/^Invalid TOML document:\s*/i, '');
            return result_err({ file, line: e.line, message: `TOML syntax error: ${message}` });
        }
        return result_err({ file, line: null, message: `TOML syntax error: ${String(e)}` });
    }
    return result_ok({
        value,
        lineOf(path) {
            lines ??= locate(text, depth);
            return lines.get(keyOf(path)) ?? null;
        },
    });
}
/** Map key of a path: string segments and array indexes cannot be confused. */
const SEGMENT = '\u0001';
const INDEX = '\u0002';
const keyOf = (path) => path.map((p) => (typeof p === 'number' ? `${INDEX}${String(p)}` : `${SEGMENT}${p}`)).join('');
const ESCAPES = {
    b: '\b',
    t: '\t',
    n: '\n',
    f: '\f',
    r: '\r',
    e: '\x1b',
    '"': '"',
    '\\': '\\',
};
const CODE = {
    tab: 9,
    newline: 10,
    cr: 13,
    space: 32,
    quote: 34,
    hash: 35,
    apostrophe: 39,
    comma: 44,
    dot: 46,
    equals: 61,
    open: 91,
    backslash: 92,
    close: 93,
    brace: 123,
    unbrace: 125,
};
function isBareKeyChar(c) {
    return ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45);
}
/**
 * Records the line of every key path in valid TOML text, in one pass over its characters
 * (values are skipped, not decoded; only keys are read).
 */
function locate(text, maxDepth = Infinity, onScalar) {
    const lines = new Map();
    /** Current index of each array of tables, by its (resolved) path key. */
    const arrays = new Map();
    const length = text.length;
    let pos = 0;
    let line = 1;
    let tableKey = '';
    let tableDepth = 0;
    /** Keys deeper than `maxDepth` are null: neither built nor recorded. */
    const record = (key, at) => {
        if (key !== null && !lines.has(key))
            lines.set(key, at);
    };
    const child = (key, segment, depth) => key === null || depth > maxDepth ? null : `${key}${segment}`;
    const skipSpaces = () => {
        let c = text.charCodeAt(pos);
        while (c === CODE.space || c === CODE.tab)
            c = text.charCodeAt(++pos);
    };
    /** Whitespace, newlines and comments (inside arrays and inline tables). */
    const skipBlank = () => {
        for (;;) {
            const c = text.charCodeAt(pos);
            if (c === CODE.newline) {
                line++;
                pos++;
            }
            else if (c === CODE.space || c === CODE.tab || c === CODE.cr)
                pos++;
            else if (c === CODE.hash) {
                const end = text.indexOf('\n', pos);
                pos = end === -1 ? length : end;
            }
            else
                return;
        }
    };
    const countLines = (from, to) => {
        for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) {
            line++;
        }
    };
    /** Skips a string; returns its value when `decode` (keys), else ''. */
    const readString = (decode) => {
        const quote = text.charAt(pos);
        const triple = text.startsWith(quote + quote + quote, pos);
        const start = pos;
        pos += triple ? 3 : 1;
        let out = '';
        if (quote === "'") {
            const closing = triple ? "'''" : "'";
            const end = text.indexOf(closing, pos);
            let stop = end === -1 ? length : end;
            if (triple)
                while (text.charCodeAt(stop + 3) === CODE.apostrophe)
                    stop++;
            out = decode ? text.slice(pos, stop) : '';
            pos = stop + closing.length;
        }
        else {
            for (;;) {
                const c = text.charCodeAt(pos);
                if (Number.isNaN(c))
                    break;
                if (c === CODE.quote && (!triple || text.startsWith('"""', pos))) {
                    if (triple) {
                        let extra = 0;
                        while (text.charCodeAt(pos + 3 + extra) === CODE.quote)
                            extra++;
                        if (decode)
                            out += '"'.repeat(extra);
                        pos += 3 + extra;
                    }
                    else
                        pos++;
                    break;
                }
                if (c === CODE.backslash) {
                    const next = text.charAt(pos + 1);
                    if (next === 'u' || next === 'U' || next === 'x') {
                        const size = next === 'u' ? 4 : next === 'U' ? 8 : 2;
                        if (decode) {
                            out += String.fromCodePoint(parseInt(text.slice(pos + 2, pos + 2 + size), 16));
                        }
                        pos += 2 + size;
                    }
                    else if (ESCAPES[next] !== undefined) {
                        if (decode)
                            out += ESCAPES[next];
                        pos += 2;
                    }
                    else {
                        // A line-ending backslash in a multi-line string: the break and indentation go.
                        pos++;
                        while (/[ \t\r\n]/.test(text.charAt(pos)))
                            pos++;
                    }
                    continue;
                }
                if (decode)
                    out += text.charAt(pos);
                pos++;
            }
        }
        if (triple)
            countLines(start, pos);
        return out;
    };
    const readKey = () => {
        const keys = [];
        for (;;) {
            skipSpaces();
            const c = text.charCodeAt(pos);
            if (c === CODE.quote || c === CODE.apostrophe)
                keys.push(readString(true));
            else {
                const start = pos;
                while (isBareKeyChar(text.charCodeAt(pos)))
                    pos++;
                keys.push(text.slice(start, pos));
            }
            skipSpaces();
            if (text.charCodeAt(pos) !== CODE.dot)
                return keys;
            pos++;
        }
    };
    /** The header path with the current element index after every array-of-tables prefix. */
    const resolve = (keys) => {
        let key = '';
        keys.forEach((k, i) => {
            key += `${SEGMENT}${k}`;
            const index = i < keys.length - 1 ? arrays.get(key) : undefined;
            if (index !== undefined)
                key += `${INDEX}${String(index)}`;
        });
        return key;
    };
    const isScalarEnd = (d) => Number.isNaN(d) ||
        d === CODE.comma ||
        d === CODE.close ||
        d === CODE.unbrace ||
        d === CODE.newline ||
        d === CODE.hash;
    const readValue = (key, depth) => {
        const c = text.charCodeAt(pos);
        if (c === CODE.quote || c === CODE.apostrophe) {
            readString(false);
        }
        else if (c === CODE.open) {
            pos++;
            for (let index = 0;; index++) {
                skipBlank();
                if (pos >= length || text.charCodeAt(pos) === CODE.close)
                    break;
                const element = child(key, `${INDEX}${String(index)}`, depth + 1);
                record(element, line);
                readValue(element, depth + 1);
                skipBlank();
                if (text.charCodeAt(pos) === CODE.comma)
                    pos++;
            }
            pos++;
        }
        else if (c === CODE.brace) {
            pos++;
            for (;;) {
                skipBlank();
                if (pos >= length || text.charCodeAt(pos) === CODE.unbrace)
                    break;
                readKeyValue(key, depth);
                skipBlank();
                if (text.charCodeAt(pos) === CODE.comma)
                    pos++;
            }
            pos++;
        }
        else {
            // Numbers, booleans, dates and times (which may contain one space).
            const start = pos;
            while (!isScalarEnd(text.charCodeAt(pos)))
                pos++;
            onScalar?.(text.slice(start, pos), line);
        }
    };
    const readKeyValue = (base, baseDepth) => {
        const at = line;
        let key = base;
        let depth = baseDepth;
        for (const k of readKey()) {
            depth++;
            key = child(key, `${SEGMENT}${k}`, depth);
            record(key, at);
        }
        skipSpaces();
        if (text.charCodeAt(pos) === CODE.equals)
            pos++;
        skipSpaces();
        readValue(key, depth);
    };
    while (pos < length) {
        skipBlank();
        if (pos >= length)
            break;
        if (text.charCodeAt(pos) === CODE.open) {
            const isArray = text.charCodeAt(pos + 1) === CODE.open;
            pos += isArray ? 2 : 1;
            const keys = readKey();
            const resolved = resolve(keys);
            pos += isArray ? 2 : 1;
            // Array-of-tables indexes count as segments: [[a.b]] under [[a]] is a, i, b, j.
            const depth = resolved.split('').filter((c) => c === SEGMENT || c === INDEX).length;
            if (isArray) {
                const index = (arrays.get(resolved) ?? -1) + 1;
                arrays.set(resolved, index);
                if (depth <= maxDepth)
                    record(resolved, line);
                tableKey = `${resolved}${INDEX}${String(index)}`;
                tableDepth = depth + 1;
            }
            else {
                tableKey = resolved;
                tableDepth = depth;
            }
            if (tableDepth > maxDepth)
                tableKey = null;
            record(tableKey, line);
        }
        else {
            readKeyValue(tableKey, tableDepth);
        }
        // The rest of the line: spaces and a comment.
        skipSpaces();
        if (text.charCodeAt(pos) === CODE.hash) {
            const end = text.indexOf('\n', pos);
            pos = end === -1 ? length : end;
        }
        if (text.charCodeAt(pos) === CODE.cr)
            pos++;
        if (text.charCodeAt(pos) === CODE.newline) {
            line++;
            pos++;
        }
    }
    return lines;
}

;// CONCATENATED MODULE: ./lib/src/manifests/toml-values.js
function isTable(value) {
    return (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date));
}
/** The value at a path below `root`, or undefined. */
function at(root, path) {
    let current = root;
    for (const key of path) {
        if (typeof key === 'number') {
            if (!Array.isArray(current))
                return undefined;
            current = current[key];
        }
        else {
            if (!isTable(current) || !Object.hasOwn(current, key))
                return undefined;
            current = current[key];
        }
    }
    return current;
}
/** `a.b."c/d"[2]` for messages. */
function describePath(path) {
    return path
        .map((k, i) => typeof k === 'number'
        ? `[${String(k)}]`
        : `${i === 0 ? '' : '.'}${/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k)}`)
        .join('');
}
/** Where values are read from: the document, its line locator and the error list. */
class TomlReader {
    root;
    file;
    lineOf;
    errors;
    constructor(root, file, lineOf, errors) {
        this.root = root;
        this.file = file;
        this.lineOf = lineOf;
        this.errors = errors;
    }
    get(path) {
        return at(this.root, path);
    }
    line(path) {
        for (let p = [...path]; p.length > 0; p = p.slice(0, -1)) {
            const line = this.lineOf(p);
            if (line !== null)
                return line;
        }
        return null;
    }
    error(path, message) {
        this.errors.push({ file: this.file, line: this.line(path), message });
    }
    /** A table, or null when absent; a value of another type is an error. */
    table(path) {
        const value = this.get(path);
        if (value === undefined)
            return null;
        if (isTable(value))
            return value;
        this.error(path, `${describePath(path)} must be a table`);
        return null;
    }
    /** An array, or null when absent. */
    array(path) {
        const value = this.get(path);
        if (value === undefined)
            return null;
        if (Array.isArray(value))
            return value;
        this.error(path, `${describePath(path)} must be an array`);
        return null;
    }
    string(path) {
        const value = this.get(path);
        if (value === undefined)
            return null;
        if (typeof value === 'string')
            return value;
        this.error(path, `${describePath(path)} must be a string`);
        return null;
    }
    /** Each string of an array with its path; other items are errors. */
    strings(path) {
        const items = this.array(path) ?? [];
        const out = [];
        items.forEach((item, i) => {
            if (typeof item === 'string')
                out.push({ value: item, path: [...path, i] });
            else
                this.error([...path, i], `${describePath([...path, i])} must be a string`);
        });
        return out;
    }
}

;// CONCATENATED MODULE: ./lib/src/manifests/locks.js





function manifestOf(path, kind) {
    return {
        path,
        kind,
        requiresPython: null,
        dependencies: [],
        errors: [],
        options: [],
        project: null,
    };
}
const locks_text = (v) => (typeof v === 'string' ? v : null);
/** A marker in normal form, or the original text with an error when it does not parse. */
function normalMarker(marker, onError) {
    if (marker === null || marker.trim() === '')
        return null;
    const parsed = parseRequirement(`x ; ${marker}`);
    if (parsed.ok)
        return parsed.value.marker;
    onError(`invalid marker ${JSON.stringify(marker)}`);
    return null;
}
/** Reads `[[key]]` entries of a TOML lock, one dependency per entry `read` returns. */
function readTomlLock(path, input, kind, key, read, setup) {
    const manifest = manifestOf(path, kind);
    const doc = parseToml(input, path, { lineDepth: 2 });
    if (!doc.ok) {
        manifest.errors.push(doc.error);
        return manifest;
    }
    const reader = new TomlReader(doc.value.value, path, (p) => doc.value.lineOf(p), manifest.errors);
    setup?.(reader, manifest);
    (reader.array([key]) ?? []).forEach((raw, index) => {
        const at = [key, index];
        if (!isTable(raw) || typeof raw.name !== 'string') {
            reader.error(at, `[[${key}]] entry #${String(index + 1)} has no name`);
            return;
        }
        const entry = read(raw, reader, index);
        if (entry === null)
            return;
        const line = reader.line(at) ?? 1;
        const marker = normalMarker(entry.marker ?? null, (message) => {
            reader.error(at, `${entry.name}: ${message}`);
        });
        manifest.dependencies.push(dependencyFrom({
            name: entry.name,
            extras: [],
            specifier: entry.version === null ? '' : `==${entry.version}`,
            url: null,
            marker,
        }, {
            file: path,
            line,
            group: entry.group ?? 'main',
            source: entry.source,
            version: entry.version,
            hashes: entry.hashes ?? [],
        }));
    });
    return manifest;
}
/** uv.lock: `source = { registry | git | url | path | directory | editable | virtual }`. */
function parseUvLock(path, input) {
    let members = new Set();
    return readTomlLock(path, input, 'uv.lock', 'package', (entry) => {
        const source = isTable(entry.source) ? entry.source : {};
        const name = entry.name;
        // The project and workspace members are built from the repository itself.
        if (locks_text(source.editable) !== null || locks_text(source.virtual) !== null)
            return null;
        if (members.has(names_normalizeName(name)) && locks_text(source.directory) !== null)
            return null;
        return { name, version: locks_text(entry.version), source: uvSource(source) };
    }, (reader) => {
        const listed = reader.get(['manifest', 'members']);
        members = new Set(Array.isArray(listed)
            ? listed.filter((m) => typeof m === 'string').map(names_normalizeName)
            : []);
    });
}
function uvSource(source) {
    const git = locks_text(source.git);
    if (git !== null) {
        const [base = git, fragment] = git.split('#');
        const rev = /[?&](?:rev|tag|branch)=([^&]+)/.exec(base)?.[1] ?? fragment ?? null;
        return { kind: 'git', url: safeUrl(base.replace(/\?.*$/, '')), ref: rev };
    }
    const url = locks_text(source.url);
    if (url !== null)
        return { kind: 'url', url: safeUrl(url) };
    const local = locks_text(source.path) ?? locks_text(source.directory);
    if (local !== null)
        return { kind: 'path', path: local };
    const registry = locks_text(source.registry);
    return {
        kind: 'registry',
        index: registry === null || /^https:\/\/pypi\.org\/simple\/?$/.test(registry)
            ? null
            : safeUrl(registry),
    };
}
/** poetry.lock 1.1 (`category`) and 2.x (`groups`, `markers`), `[package.source]` for non-PyPI. */
function parsePoetryLock(path, input) {
    return readTomlLock(path, input, 'poetry.lock', 'package', (entry) => {
        const source = isTable(entry.source) ? entry.source : null;
        const type = source === null ? null : locks_text(source.type);
        const url = source === null ? null : locks_text(source.url);
        let dep = { kind: 'registry', index: null };
        if (type === 'git' && url !== null) {
            dep = {
                kind: 'git',
                url: safeUrl(url),
                ref: locks_text(source?.resolved_reference) ?? locks_text(source?.reference),
            };
        }
        else if ((type === 'directory' || type === 'file') && url !== null) {
            dep = { kind: 'path', path: url };
        }
        else if (type === 'url' && url !== null) {
            dep = { kind: 'url', url: safeUrl(url) };
        }
        else if (type === 'legacy' && url !== null) {
            dep = { kind: 'registry', index: safeUrl(url) };
        }
        const groups = Array.isArray(entry.groups)
            ? entry.groups.filter((g) => typeof g === 'string')
            : [];
        const category = locks_text(entry.category);
        const group = groups.includes('main')
            ? 'main'
            : groups[0] !== undefined
                ? `group:${groups[0]}`
                : category === 'dev'
                    ? 'dev'
                    : 'main';
        // 2.x writes one marker, or one per group; the main group's marker is the one that applies.
        const markers = isTable(entry.markers)
            ? (locks_text(entry.markers.main) ?? locks_text(Object.values(entry.markers)[0]))
            : locks_text(entry.markers);
        return {
            name: entry.name,
            version: locks_text(entry.version),
            source: dep,
            marker: markers,
            group,
        };
    });
}
/** PEP 751 pylock.toml: `[[packages]]` with `index`, `vcs`, `directory` or `archive`. */
function parsePylock(path, input) {
    return readTomlLock(path, input, 'pylock', 'packages', (entry) => {
        let source = {
            kind: 'registry',
            index: locks_text(entry.index) === null ? null : safeUrl(locks_text(entry.index) ?? ''),
        };
        const vcs = isTable(entry.vcs) ? entry.vcs : null;
        const directory = isTable(entry.directory) ? entry.directory : null;
        const archive = isTable(entry.archive) ? entry.archive : null;
        if (vcs !== null) {
            source = {
                kind: 'git',
                url: safeUrl(locks_text(vcs.url) ?? locks_text(vcs.path) ?? ''),
                ref: locks_text(vcs['commit-id']) ?? locks_text(vcs['requested-revision']),
            };
        }
        else if (directory !== null) {
            // An editable directory is the project being developed, not a dependency of it.
            if (directory.editable === true)
                return null;
            source = { kind: 'path', path: locks_text(directory.path) ?? '' };
        }
        else if (archive !== null) {
            const url = locks_text(archive.url);
            source =
                url !== null
                    ? { kind: 'url', url: safeUrl(url) }
                    : { kind: 'path', path: locks_text(archive.path) ?? '' };
        }
        return {
            name: entry.name,
            version: locks_text(entry.version),
            source,
            marker: locks_text(entry.marker),
        };
    });
}
/** pdm.lock: `[[package]]` with `groups`, `marker`, and `path`/`git`/`url` for non-index packages. */
function parsePdmLock(path, input) {
    return readTomlLock(path, input, 'pdm.lock', 'package', (entry) => {
        let source = { kind: 'registry', index: null };
        const git = locks_text(entry.git);
        if (git !== null)
            source = { kind: 'git', url: safeUrl(git), ref: locks_text(entry.revision) ?? locks_text(entry.ref) };
        else if (locks_text(entry.path) !== null) {
            if (entry.editable === true && locks_text(entry.path) === '.')
                return null;
            source = { kind: 'path', path: locks_text(entry.path) ?? '' };
        }
        else if (locks_text(entry.url) !== null)
            source = { kind: 'url', url: safeUrl(locks_text(entry.url) ?? '') };
        const groups = Array.isArray(entry.groups)
            ? entry.groups.filter((g) => typeof g === 'string')
            : [];
        const group = groups.length === 0 || groups.includes('default') ? 'main' : `group:${groups[0] ?? ''}`;
        return {
            name: entry.name,
            version: locks_text(entry.version),
            source,
            marker: locks_text(entry.marker),
            group,
        };
    });
}
/**
 * Lines of the keys two levels deep in pretty-printed JSON (`"default": {"requests": {`):
 * one pass that only tracks strings and nesting.
 */
function jsonKeyLines(source) {
    const lines = new Map();
    const path = [];
    let depth = 0;
    let line = 1;
    let lastString = null;
    let lastStringLine = 1;
    for (let i = 0; i < source.length; i++) {
        const c = source.charAt(i);
        if (c === '\n')
            line++;
        else if (c === '"') {
            let j = i + 1;
            let value = '';
            while (j < source.length && source.charAt(j) !== '"') {
                if (source.charAt(j) === '\\') {
                    value += source.charAt(j + 1);
                    j += 2;
                }
                else
                    value += source.charAt(j++);
            }
            lastString = value;
            lastStringLine = line;
            i = j;
        }
        else if (c === ':' && lastString !== null) {
            path[depth - 1] = lastString;
            path.length = depth;
            if (depth === 2)
                lines.set(JSON.stringify(path), lastStringLine);
            lastString = null;
        }
        else if (c === '{' || c === '[')
            depth++;
        else if (c === '}' || c === ']')
            depth--;
        else if (c === ',')
            lastString = null;
    }
    return lines;
}
/** Pipfile.lock (JSON): `default` and `develop` sections, each package with `==version`. */
function parsePipfileLock(path, source) {
    const manifest = manifestOf(path, 'pipfile.lock');
    let doc;
    try {
        doc = JSON.parse(source);
    }
    catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const position = /position (\d+)/.exec(message)?.[1];
        const line = position === undefined ? null : source.slice(0, Number(position)).split('\n').length;
        manifest.errors.push({ file: path, line, message: `invalid JSON: ${message}` });
        return manifest;
    }
    if (!isTable(doc)) {
        manifest.errors.push({ file: path, line: 1, message: 'expected a JSON object' });
        return manifest;
    }
    const lines = jsonKeyLines(source);
    const errors = manifest.errors;
    for (const section of Object.keys(doc)) {
        if (section === '_meta')
            continue;
        const packages = doc[section];
        if (!isTable(packages))
            continue;
        for (const [name, raw] of Object.entries(packages)) {
            const line = lines.get(JSON.stringify([section, name])) ?? 1;
            if (!isTable(raw)) {
                errors.push({ file: path, line, message: `${section}.${name} must be an object` });
                continue;
            }
            const version = locks_text(raw.version)?.replace(/^===?/, '') ?? null;
            let dep = { kind: 'registry', index: locks_text(raw.index) };
            if (locks_text(raw.git) !== null)
                dep = { kind: 'git', url: safeUrl(locks_text(raw.git) ?? ''), ref: locks_text(raw.ref) };
            else if (locks_text(raw.path) !== null)
                dep = { kind: 'path', path: locks_text(raw.path) ?? '' };
            else if (locks_text(raw.file) !== null)
                dep = { kind: 'url', url: safeUrl(locks_text(raw.file) ?? '') };
            const marker = normalMarker(locks_text(raw.markers), (message) => errors.push({ file: path, line, message: `${name}: ${message}` }));
            const hashes = Array.isArray(raw.hashes)
                ? raw.hashes.filter((h) => typeof h === 'string')
                : [];
            manifest.dependencies.push(dependencyFrom({
                name,
                extras: Array.isArray(raw.extras)
                    ? raw.extras.filter((e) => typeof e === 'string')
                    : [],
                specifier: version === null ? '' : `==${version}`,
                url: null,
                marker,
            }, {
                file: path,
                line,
                group: section === 'default' ? 'main' : section === 'develop' ? 'dev' : `group:${section}`,
                source: dep,
                version,
                editable: raw.editable === true,
                hashes,
            }));
        }
    }
    return manifest;
}

;// CONCATENATED MODULE: ./lib/src/manifests/pipfile.js
/**
 * Pipenv's `Pipfile`: `[packages]`, `[dev-packages]` and other categories, each package a
 * specifier string (`"*"`, `">=1.0"`) or a table (`version`, `extras`, `markers`, marker
 * variables as keys, `git`/`ref`, `path`, `file`, `editable`, `index`), and `[requires]`.
 */





const MARKER_KEYS = [
    'os_name',
    'sys_platform',
    'platform_machine',
    'platform_python_implementation',
    'platform_release',
    'platform_system',
    'platform_version',
    'python_version',
    'python_full_version',
    'implementation_name',
    'implementation_version',
];
/** Sections that are not package categories. */
const NOT_CATEGORIES = new Set(['source', 'requires', 'pipenv', 'scripts']);
function sourceOf(entry) {
    if (typeof entry.git === 'string') {
        return {
            kind: 'git',
            url: safeUrl(entry.git),
            ref: typeof entry.ref === 'string' ? entry.ref : null,
        };
    }
    if (typeof entry.path === 'string')
        return { kind: 'path', path: entry.path };
    if (typeof entry.file === 'string') {
        return /^[a-z]+:\/\//i.test(entry.file)
            ? { kind: 'url', url: safeUrl(entry.file) }
            : { kind: 'path', path: entry.file };
    }
    if (typeof entry.index === 'string')
        return { kind: 'registry', index: entry.index };
    return null;
}
function groupOf(category) {
    if (category === 'packages')
        return 'main';
    if (category === 'dev-packages')
        return 'dev';
    return `group:${category}`;
}
function parsePipfile(path, input) {
    const manifest = {
        path,
        kind: 'pipfile',
        requiresPython: null,
        dependencies: [],
        errors: [],
        options: [],
        project: null,
    };
    const doc = parseToml(input, path);
    if (!doc.ok) {
        manifest.errors.push(doc.error);
        return manifest;
    }
    const reader = new TomlReader(doc.value.value, path, (p) => doc.value.lineOf(p), manifest.errors);
    const root = doc.value.value;
    for (const category of Object.keys(root)) {
        if (NOT_CATEGORIES.has(category) || !isTable(root[category]))
            continue;
        for (const [name, value] of Object.entries(reader.table([category]) ?? {})) {
            const at = [category, name];
            const entry = typeof value === 'string' ? { version: value } : isTable(value) ? value : null;
            if (entry === null) {
                reader.error(at, `${describePath(at)} must be a version string or a table`);
                continue;
            }
            const version = typeof entry.version === 'string' ? entry.version.trim() : '*';
            const markers = [];
            if (typeof entry.markers === 'string')
                markers.push(entry.markers);
            for (const key of MARKER_KEYS) {
                const v = entry[key];
                if (typeof v === 'string')
                    markers.push(`${key} ${v}`);
            }
            const extras = Array.isArray(entry.extras)
                ? entry.extras.filter((e) => typeof e === 'string')
                : [];
            const text = `${name}${extras.length > 0 ? `[${extras.join(',')}]` : ''}${version === '*' || version === '' ? '' : version}${markers.length > 0
                ? ` ; ${markers.map((m) => (markers.length > 1 ? `(${m})` : m)).join(' and ')}`
                : ''}`;
            const parsed = parseRequirement(text);
            if (!parsed.ok) {
                reader.error(at, `invalid requirement for ${name}: ${JSON.stringify(text)}: ${requirementProblem(parsed.error)}`);
                continue;
            }
            const source = sourceOf(entry);
            manifest.dependencies.push(dependencyFrom(parsed.value, {
                file: path,
                line: reader.line(at) ?? 1,
                group: groupOf(category),
                editable: entry.editable === true,
                ...(source !== null ? { source } : {}),
            }));
        }
    }
    const full = reader.string(['requires', 'python_full_version']);
    const short = reader.string(['requires', 'python_version']);
    if (full !== null)
        manifest.requiresPython = `==${full}`;
    else if (short !== null)
        manifest.requiresPython = `==${short}.*`;
    return manifest;
}

;// CONCATENATED MODULE: ./lib/src/manifests/poetry-constraint.js
/**
 * Poetry's version constraints in PEP 440 terms, as poetry-core reads them: `^` (caret),
 * `~` (tilde), `*`, wildcards, bare versions (exact), `,` or spaces for AND, `||` for OR.
 *
 * PEP 440 has no OR, so the result is a list of alternatives, each a specifier set; one
 * alternative is the common case. `null` means the text is not a constraint Poetry accepts.
 */
const VERSION = /^v?\d+(\.\d+)*([-_.]?(a|b|c|rc|alpha|beta|pre|preview|post|dev)[-_.]?\d*)*(\+[a-z0-9.]+)?$/i;
function releaseParts(version) {
    const match = /^v?(\d+(?:\.\d+)*)/.exec(version);
    return match?.[1] === undefined ? null : match[1].split('.').map(Number);
}
/** `^1.2.3` → `>=1.2.3,<2.0.0`: the leftmost non-zero part may not change. */
function caret(version) {
    const parts = releaseParts(version);
    if (parts === null || !VERSION.test(version))
        return null;
    const index = parts.findIndex((p) => p !== 0);
    // ^0 → <1, ^0.0 → <0.1, ^0.0.0 → <0.0.1; otherwise bump the first non-zero part.
    const bumpAt = index === -1 ? Math.max(parts.length - 1, 0) : index;
    return [`>=${version.replace(/^v/, '')}`, `<${bump(parts, bumpAt)}`];
}
/** `~1.2.3` → `>=1.2.3,<1.3.0`; `~1` → `>=1,<2`. */
function tilde(version) {
    const parts = releaseParts(version);
    if (parts === null || !VERSION.test(version))
        return null;
    const bumpAt = parts.length === 1 ? 0 : 1;
    return [`>=${version.replace(/^v/, '')}`, `<${bump(parts, bumpAt)}`];
}
function bump(parts, at) {
    const out = parts.slice(0, at + 1).map((p, i) => (i === at ? p + 1 : p));
    while (out.length < Math.max(parts.length, 1))
        out.push(0);
    return out.join('.');
}
function single(token) {
    const text = token.trim();
    if (text === '*' || text === '')
        return [];
    if (text.startsWith('^'))
        return caret(text.slice(1).trim());
    if (text.startsWith('~='))
        return [`~=${text.slice(2).trim()}`];
    if (text.startsWith('~'))
        return tilde(text.slice(1).trim());
    const op = /^(===|==|!=|<=|>=|<|>|=)?\s*(.+)$/.exec(text);
    if (op?.[2] === undefined)
        return null;
    const operator = op[1] === undefined || op[1] === '=' ? '==' : op[1];
    const version = op[2].trim();
    if (version === '*')
        return operator === '==' ? [] : null;
    if (version.endsWith('.*')) {
        const valid = /^v?\d+(\.\d+)*\.\*$/.test(version) && (operator === '==' || operator === '!=');
        return valid ? [`${operator}${version.replace(/^v/, '')}`] : null;
    }
    if (!VERSION.test(version))
        return null;
    return [`${operator}${version.replace(/^v/, '')}`];
}
/** Splits an AND group at commas or at whitespace between two constraints (`>=1 <2`). */
function andParts(text) {
    return text
        .replace(/(===|==|!=|<=|>=|<|>|=|~=|\^|~)\s+/g, '$1')
        .split(/\s*,\s*|\s+/)
        .filter((t) => t !== '');
}
function poetryToPep440(constraint) {
    const alternatives = constraint.split(/\s*\|\|?\s*/);
    const out = [];
    for (const alternative of alternatives) {
        const specs = [];
        for (const part of andParts(alternative)) {
            const converted = single(part);
            if (converted === null)
                return null;
            specs.push(...converted);
        }
        out.push(specs.join(','));
    }
    return out;
}
/**
 * A Poetry `python = "…"` constraint as a PEP 508 marker: each alternative becomes
 * `python_version` comparisons (`python_full_version` for three-part versions).
 */
function pythonConstraintMarker(alternatives) {
    const terms = alternatives.map((alt) => alt
        .split(',')
        .filter((s) => s !== '')
        .map((spec) => {
        const match = /^(===|==|!=|<=|>=|<|>|~=)(.+)$/.exec(spec);
        if (match?.[1] === undefined || match[2] === undefined)
            return null;
        const variable = match[2].split('.').length > 2 ? 'python_full_version' : 'python_version';
        return `${variable} ${match[1]} "${match[2]}"`;
    }));
    if (terms.some((t) => t.includes(null)))
        return null;
    const clauses = terms.map((t) => t.join(' and ')).filter((t) => t !== '');
    if (clauses.length === 0)
        return null;
    if (clauses.length === 1)
        return clauses[0] ?? null;
    return clauses.map((c) => (c.includes(' and ') ? `(${c})` : c)).join(' or ');
}

;// CONCATENATED MODULE: ./lib/src/manifests/pyproject.js
/**
 * `pyproject.toml`: PEP 621 `[project]`, PEP 735 `[dependency-groups]`, `[build-system]`,
 * Poetry 1 and 2 (`[tool.poetry]`), PDM dev-dependencies and uv (`[tool.uv]` dev-dependencies
 * and sources). Each dependency keeps the line of the string or key that declares it.
 */






/** A PEP 508 string at `path`, added to `group`; a bad string is an error at its line. */
function addRequirement(ctx, text, path, group) {
    const line = ctx.reader.line(path) ?? 1;
    let requirement = text.trim();
    let editable = false;
    if (/^-e\s/.test(requirement)) {
        // PDM writes editable local projects as `-e path-or-url#egg=name`.
        editable = true;
        requirement = requirement.slice(2).trim();
        const egg = /#egg=([^&\s]+)/.exec(requirement)?.[1];
        if (!/@/.test(requirement.split('#')[0] ?? '') && egg !== undefined) {
            const parts = {
                name: egg,
                extras: [],
                specifier: '',
                url: null,
                marker: null,
            };
            ctx.dependencies.push(dependencyFrom(parts, {
                file: ctx.file,
                line,
                group,
                editable,
                source: { kind: 'path', path: requirement.replace(/#.*$/, '') },
            }));
            return;
        }
    }
    const parsed = parseRequirement(requirement);
    if (!parsed.ok) {
        ctx.reader.error(path, `invalid requirement ${JSON.stringify(text)} in ${describePath(path)}: ${requirementProblem(parsed.error)}`);
        return;
    }
    const normal = names_normalizeName(parsed.value.name);
    const source = normal === ctx.self ? { kind: 'path', path: '.' } : ctx.uvSources.get(normal);
    ctx.dependencies.push(dependencyFrom(parsed.value, {
        file: ctx.file,
        line,
        group,
        editable,
        ...(source ? { source } : {}),
    }));
}
function readProject(ctx) {
    const { reader } = ctx;
    const project = reader.table(['project']);
    if (project === null)
        return { info: null, requiresPython: null };
    for (const { value, path } of reader.strings(['project', 'dependencies'])) {
        addRequirement(ctx, value, path, 'main');
    }
    const optional = reader.table(['project', 'optional-dependencies']) ?? {};
    for (const extra of Object.keys(optional)) {
        for (const { value, path } of reader.strings(['project', 'optional-dependencies', extra])) {
            addRequirement(ctx, value, path, `optional:${extra}`);
        }
    }
    const license = project.license;
    let info = null;
    if (typeof license === 'string')
        info = license;
    else if (isTable(license) && typeof license.text === 'string')
        info = { text: license.text };
    else if (isTable(license) && typeof license.file === 'string')
        info = { file: license.file };
    return {
        info: {
            name: reader.string(['project', 'name']),
            license: info,
            classifiers: reader.strings(['project', 'classifiers']).map((s) => s.value),
        },
        requiresPython: reader.string(['project', 'requires-python']),
    };
}
/** PEP 735: groups of requirement strings and `{include-group = "…"}`, cycles rejected. */
function readDependencyGroups(ctx) {
    const { reader } = ctx;
    const groups = reader.table(['dependency-groups']);
    if (groups === null)
        return;
    const byNormal = new Map(Object.keys(groups).map((name) => [names_normalizeName(name), name]));
    const expand = (name, group, stack) => {
        const path = ['dependency-groups', name];
        reader.array(path)?.forEach((item, i) => {
            const itemPath = [...path, i];
            if (typeof item === 'string') {
                addRequirement(ctx, item, itemPath, group);
            }
            else if (isTable(item) && typeof item['include-group'] === 'string') {
                const target = byNormal.get(names_normalizeName(item['include-group']));
                if (target === undefined) {
                    reader.error(itemPath, `dependency group "${name}" includes unknown group "${item['include-group']}"`);
                }
                else if (stack.includes(target)) {
                    reader.error(itemPath, `dependency group cycle: ${[...stack, target].join(' → ')}`);
                }
                else {
                    expand(target, group, [...stack, target]);
                }
            }
            else {
                reader.error(itemPath, `${describePath(itemPath)} must be a requirement string or {include-group = "…"}`);
            }
        });
    };
    for (const name of Object.keys(groups))
        expand(name, `group:${name}`, [name]);
}
function readBuildSystem(ctx) {
    for (const { value, path } of ctx.reader.strings(['build-system', 'requires'])) {
        addRequirement(ctx, value, path, 'build');
    }
}
function readUv(ctx) {
    const { reader } = ctx;
    for (const { value, path } of reader.strings(['tool', 'uv', 'dev-dependencies'])) {
        addRequirement(ctx, value, path, 'dev');
    }
}
function uvSources(reader) {
    const sources = new Map();
    const table = reader.table(['tool', 'uv', 'sources']) ?? {};
    for (const [name, raw] of Object.entries(table)) {
        // A list of sources with markers: the first one stands for where it comes from.
        const entry = Array.isArray(raw) ? raw[0] : raw;
        if (!isTable(entry))
            continue;
        const source = sourceOfTable(entry);
        if (source !== null)
            sources.set(names_normalizeName(name), source);
        else if (entry.workspace === true)
            sources.set(names_normalizeName(name), { kind: 'path', path: '(workspace member)' });
        else if (typeof entry.index === 'string')
            sources.set(names_normalizeName(name), { kind: 'registry', index: entry.index });
    }
    return sources;
}
/** `git`/`path`/`url` keys of a Poetry or uv table. */
function sourceOfTable(entry) {
    if (typeof entry.git === 'string') {
        const ref = [entry.rev, entry.tag, entry.branch].find((r) => typeof r === 'string') ?? null;
        return { kind: 'git', url: safeUrl(entry.git), ref };
    }
    if (typeof entry.path === 'string')
        return { kind: 'path', path: entry.path };
    if (typeof entry.url === 'string')
        return { kind: 'url', url: safeUrl(entry.url) };
    return null;
}
function readPdm(ctx) {
    const groups = ctx.reader.table(['tool', 'pdm', 'dev-dependencies']) ?? {};
    for (const group of Object.keys(groups)) {
        for (const { value, path } of ctx.reader.strings(['tool', 'pdm', 'dev-dependencies', group])) {
            addRequirement(ctx, value, path, 'dev');
        }
    }
}
/** A marker in packaging's normal form, through the requirement parser. */
function pyproject_normalMarker(text) {
    const parsed = parseRequirement(`x ; ${text}`);
    return parsed.ok ? parsed.value.marker : null;
}
function andMarkers(markers) {
    const present = markers.filter((m) => m !== null && m.trim() !== '');
    if (present.length === 0)
        return null;
    if (present.length === 1)
        return pyproject_normalMarker(present[0] ?? '');
    return pyproject_normalMarker(present.map((m) => `(${m})`).join(' and '));
}
/** One Poetry dependency entry (a constraint string, a table, or a list of tables). */
function addPoetry(ctx, name, value, path, group, extrasOf) {
    const { reader } = ctx;
    if (Array.isArray(value)) {
        // Multiple-constraint form: one entry per Python range or platform.
        value.forEach((v, i) => {
            addPoetry(ctx, name, v, [...path, i], group, extrasOf);
        });
        return;
    }
    const entry = typeof value === 'string' ? { version: value } : isTable(value) ? value : null;
    if (entry === null) {
        reader.error(path, `${describePath(path)} must be a version constraint or a table`);
        return;
    }
    const line = reader.line(path) ?? 1;
    const version = typeof entry.version === 'string' ? entry.version : '*';
    const alternatives = poetryToPep440(version);
    if (alternatives === null) {
        reader.error(path, `${name}: ${JSON.stringify(version)} is not a Poetry version constraint`);
        return;
    }
    const markers = [];
    if (typeof entry.markers === 'string')
        markers.push(entry.markers);
    if (typeof entry.python === 'string') {
        const python = poetryToPep440(entry.python);
        const marker = python === null ? null : pythonConstraintMarker(python);
        if (python === null)
            reader.error(path, `${name}: python = ${JSON.stringify(entry.python)} is not a Poetry constraint`);
        markers.push(marker);
    }
    if (typeof entry.platform === 'string')
        markers.push(`sys_platform == "${entry.platform}"`);
    const source = names_normalizeName(name) === ctx.self ? { kind: 'path', path: '.' } : sourceOfTable(entry);
    const extras = Array.isArray(entry.extras)
        ? entry.extras.filter((e) => typeof e === 'string')
        : [];
    const extra = entry.optional === true ? extrasOf.get(names_normalizeName(name)) : undefined;
    ctx.dependencies.push(dependencyFrom({
        name,
        extras,
        // PEP 440 cannot say "A or B"; alternatives are kept joined by `||`.
        specifier: alternatives.join(' || '),
        url: null,
        marker: andMarkers(markers),
    }, {
        file: ctx.file,
        line,
        group: extra === undefined ? group : `optional:${extra}`,
        editable: entry.develop === true,
        ...(source !== null ? { source } : {}),
        ...(typeof entry.source === 'string' && source === null
            ? { source: { kind: 'registry', index: entry.source } }
            : {}),
    }));
}
/** Poetry 1 (`[tool.poetry.dependencies]` holds everything) and Poetry 2 (`[project]` first). */
function readPoetry(ctx, hasProjectDependencies) {
    const { reader } = ctx;
    const poetry = reader.table(['tool', 'poetry']);
    if (poetry === null)
        return null;
    const extrasOf = new Map();
    for (const [extra, names] of Object.entries(reader.table(['tool', 'poetry', 'extras']) ?? {})) {
        if (!Array.isArray(names))
            continue;
        for (const n of names) {
            if (typeof n === 'string' && !extrasOf.has(names_normalizeName(n)))
                extrasOf.set(names_normalizeName(n), extra);
        }
    }
    let python = null;
    const readTable = (path, group) => {
        for (const [name, value] of Object.entries(reader.table(path) ?? {})) {
            if (name.toLowerCase() === 'python') {
                if (typeof value === 'string' && group === 'main') {
                    const alternatives = poetryToPep440(value);
                    if (alternatives === null)
                        reader.error([...path, name], `python = ${JSON.stringify(value)} is not a Poetry constraint`);
                    else
                        python = alternatives.join(' || ');
                }
                continue;
            }
            if (group === 'main' && hasProjectDependencies) {
                // Poetry 2: [project] declares the dependency; this table only says where it comes from.
                const source = isTable(value) ? sourceOfTable(value) : null;
                const existing = ctx.dependencies.find((d) => d.group === 'main' && d.normalizedName === names_normalizeName(name));
                if (existing !== undefined && source !== null)
                    existing.source = source;
                continue;
            }
            addPoetry(ctx, name, value, [...path, name], group, extrasOf);
        }
    };
    readTable(['tool', 'poetry', 'dependencies'], 'main');
    readTable(['tool', 'poetry', 'dev-dependencies'], 'dev');
    for (const group of Object.keys(reader.table(['tool', 'poetry', 'group']) ?? {})) {
        readTable(['tool', 'poetry', 'group', group, 'dependencies'], `group:${group}`);
    }
    return python;
}
function parsePyproject(path, input) {
    const manifest = {
        path,
        kind: 'pyproject',
        requiresPython: null,
        dependencies: [],
        errors: [],
        options: [],
        project: null,
    };
    const doc = parseToml(input, path);
    if (!doc.ok) {
        manifest.errors.push(doc.error);
        return manifest;
    }
    const reader = new TomlReader(doc.value.value, path, (p) => doc.value.lineOf(p), manifest.errors);
    const name = reader.get(['project', 'name']) ?? reader.get(['tool', 'poetry', 'name']);
    const ctx = {
        reader,
        file: path,
        dependencies: manifest.dependencies,
        self: typeof name === 'string' ? names_normalizeName(name) : null,
        uvSources: uvSources(reader),
    };
    const project = readProject(ctx);
    readDependencyGroups(ctx);
    readBuildSystem(ctx);
    readUv(ctx);
    readPdm(ctx);
    const poetryPython = readPoetry(ctx, Array.isArray(reader.get(['project', 'dependencies'])));
    manifest.project = project.info;
    manifest.requiresPython = project.requiresPython ?? poetryPython;
    return manifest;
}

;// CONCATENATED MODULE: ./lib/src/manifests/setup-cfg.js



const SECTION = /^\[([^\]]+)\]/;
const OPTION = /^([^=:\s][^=:]*?)\s*[=:]\s*(.*)$/;
/**
 * configparser's defaults: `[section]`, `key = value` or `key: value`, continuation lines
 * indented deeper than the key, whole-line comments with `#` or `;` (inline ones are text).
 */
function parseIni(text, file, errors) {
    const sections = new Map();
    let current = null;
    let option = null;
    let optionIndent = 0;
    splitLines(text).forEach((raw, index) => {
        const line = index + 1;
        const trimmed = raw.trim();
        if (trimmed.startsWith('#') || trimmed.startsWith(';'))
            return;
        const indent = raw.length - raw.trimStart().length;
        if (trimmed === '') {
            option?.values.push({ text: '', line });
            return;
        }
        if (option !== null && indent > optionIndent) {
            option.values.push({ text: trimmed, line });
            return;
        }
        option = null;
        const section = SECTION.exec(trimmed);
        if (section?.[1] !== undefined && indent === 0) {
            current = sections.get(section[1]) ?? new Map();
            sections.set(section[1], current);
            return;
        }
        const match = OPTION.exec(trimmed);
        if (current === null) {
            errors.push({ file, line, message: 'text before the first [section]' });
            return;
        }
        if (match?.[1] === undefined || match[2] === undefined) {
            errors.push({
                file,
                line,
                message: `cannot read ${JSON.stringify(trimmed)}: expected key = value`,
            });
            return;
        }
        option = { line, values: match[2] === '' ? [] : [{ text: match[2], line }] };
        optionIndent = indent;
        current.set(match[1].toLowerCase(), option);
    });
    return sections;
}
/**
 * setuptools' list rule: a value on several lines has one item per line; a value on one line
 * is split at `;` (so a marker there breaks it — setuptools warns, we report it). `#` items go.
 */
function listItems(option) {
    const lines = option.values.filter((v) => v.text !== '');
    const items = lines.length === 1 && option.values.length === 1 ? splitSemicolons(lines[0]) : lines;
    return items
        .map((v) => ({ ...v, text: v.text.trim() }))
        .filter((v) => v.text !== '' && !v.text.startsWith('#'));
}
function splitSemicolons(value) {
    if (value === undefined)
        return [];
    return value.text.split(';').map((text) => ({ text, line: value.line }));
}
function readRequirements(option, group, file, out) {
    const first = option.values[0];
    if (first?.text.startsWith('file:') === true) {
        out.errors.push({
            file,
            line: first.line,
            message: `${first.text}: requirements read from another file are not followed; name that file as a manifest instead`,
        });
        return;
    }
    for (const item of listItems(option)) {
        const parsed = parseRequirement(item.text);
        if (parsed.ok) {
            out.dependencies.push(dependencyFrom(parsed.value, { file, line: item.line, group }));
        }
        else {
            const hint = option.values.length === 1 && option.values[0]?.text.includes(';')
                ? ' (on one line setuptools splits at ";", so markers need one requirement per line)'
                : '';
            out.errors.push({
                file,
                line: item.line,
                message: `invalid requirement ${JSON.stringify(item.text)}: ${requirementProblem(parsed.error)}${hint}`,
            });
        }
    }
}
function parseSetupCfg(path, text) {
    const errors = [];
    const dependencies = [];
    const sections = parseIni(text, path, errors);
    const options = sections.get('options');
    const out = { dependencies, errors };
    const install = options?.get('install_requires');
    if (install !== undefined)
        readRequirements(install, 'main', path, out);
    for (const [extra, option] of sections.get('options.extras_require') ?? []) {
        readRequirements(option, `optional:${extra}`, path, out);
    }
    const pythonRequires = options?.get('python_requires');
    const requiresPython = pythonRequires === undefined
        ? null
        : pythonRequires.values
            .map((v) => v.text)
            .join(' ')
            .trim() || null;
    return {
        path,
        kind: 'setup.cfg',
        requiresPython,
        dependencies,
        errors,
        options: [],
        project: null,
    };
}

;// CONCATENATED MODULE: ./lib/src/manifests/registry.js
/**
 * One parser per manifest kind. A parser is pure: it reads the manifest (and, for requirements
 * files, its includes) through a `SourceTree` and returns the `Manifest` with its errors.
 */






/** A parser for formats that are one text file with no includes. */
function fromText(kind, parse) {
    return (path, tree) => {
        const bytes = tree.read(path);
        if (bytes === null)
            return emptyManifest(path, kind, 'file not found');
        const text = decodeText(bytes, path);
        if (!text.ok)
            return { ...emptyManifest(path, kind, text.error.message), errors: [text.error] };
        return parse(path, text.value);
    };
}
/** TOML formats decode their bytes themselves (UTF-8 only, as TOML requires). */
function fromBytes(kind, parse) {
    return (path, tree) => {
        const bytes = tree.read(path);
        return bytes === null ? emptyManifest(path, kind, 'file not found') : parse(path, bytes);
    };
}
function emptyManifest(path, kind, message) {
    return {
        path,
        kind,
        requiresPython: null,
        dependencies: [],
        errors: [{ file: path, line: null, message }],
        options: [],
        project: null,
    };
}
const PARSERS = {
    requirements: (path, tree) => parseRequirementsFile(path, tree),
    'setup.cfg': fromText('setup.cfg', parseSetupCfg),
    pyproject: fromBytes('pyproject', parsePyproject),
    pipfile: fromBytes('pipfile', parsePipfile),
    'uv.lock': fromBytes('uv.lock', parseUvLock),
    'poetry.lock': fromBytes('poetry.lock', parsePoetryLock),
    pylock: fromBytes('pylock', parsePylock),
    'pdm.lock': fromBytes('pdm.lock', parsePdmLock),
    'pipfile.lock': fromText('pipfile.lock', parsePipfileLock),
};
function parseManifest(path, kind, tree) {
    return PARSERS[kind](path, tree);
}

;// CONCATENATED MODULE: ./lib/src/manifests/load.js





/**
 * Parses manifests found on disk. Each is read inside its own repository (so `-r` cannot leave
 * it), and every path in the result is made relative to `base`, as the output contract says.
 */
function loadManifests(found, base) {
    const trees = new Map();
    return found.map((f) => {
        const root = repositoryRoot((0,external_node_path_namespaceObject.dirname)(f.absolutePath), base);
        let tree = trees.get(root);
        if (tree === undefined) {
            tree = fileTree(root);
            trees.set(root, tree);
        }
        const manifest = parseManifest(toPosix((0,external_node_path_namespaceObject.relative)(root, f.absolutePath)), f.kind, tree);
        const fromBase = (p) => toPosix((0,external_node_path_namespaceObject.relative)(base, (0,external_node_path_namespaceObject.join)(root, p)));
        return relocate(manifest, fromBase);
    });
}
/** The same manifest with every path mapped (repository-relative → caller-relative). */
function relocate(manifest, map) {
    return {
        ...manifest,
        path: map(manifest.path),
        dependencies: manifest.dependencies.map((d) => ({ ...d, file: map(d.file) })),
        errors: manifest.errors.map((e) => ({ ...e, file: map(e.file) })),
        options: manifest.options.map((o) => ({ ...o, file: map(o.file) })),
    };
}

;// CONCATENATED MODULE: ./lib/src/commands/deps.js



/** The `deps` JSON contract (DESIGN.md): the manifest fields and each dependency's. */
function depsJson(manifests) {
    return {
        manifests: manifests.map((m) => ({
            path: m.path,
            kind: m.kind,
            requiresPython: m.requiresPython,
            dependencies: m.dependencies.map(dependencyJson),
            errors: m.errors,
        })),
    };
}
function dependencyJson(d) {
    return {
        name: d.name,
        normalizedName: d.normalizedName,
        specifier: d.specifier,
        extras: d.extras,
        marker: d.marker,
        url: d.url,
        version: d.version,
        group: d.group,
        editable: d.editable,
        constraint: d.constraint,
        file: d.file,
        line: d.line,
        source: d.source,
    };
}
/** A table for people: one block per manifest, one row per dependency. */
function depsTable(manifests) {
    const out = [];
    for (const m of manifests) {
        const python = m.requiresPython === null ? '' : `  (Python ${m.requiresPython})`;
        out.push(`${m.path}  [${m.kind}]  ${String(m.dependencies.length)} dependencies${python}`);
        const rows = m.dependencies.map((d) => [
            d.name + (d.extras.length > 0 ? `[${d.extras.join(',')}]` : ''),
            d.version ?? (d.specifier === '' ? '*' : d.specifier),
            d.group + (d.constraint ? ' (constraint)' : ''),
            d.source.kind === 'registry' ? 'PyPI' : d.source.kind,
            `${d.file}:${String(d.line)}`,
        ]);
        out.push(...alignColumns([['package', 'version', 'group', 'source', 'where'], ...rows]).map((r) => `  ${r}`));
        for (const e of m.errors)
            out.push(`  error: ${formatDiagnostic(e)}`);
        out.push('');
    }
    return out.join('\n');
}
function alignColumns(rows) {
    const widths = [];
    for (const row of rows)
        row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
    return rows.map((row) => row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd());
}
/** `pygovern deps`: 0 when every manifest was read cleanly, 2 when some input was bad. */
async function runDeps(command, io) {
    const { manifests: found, errors } = await collectManifests(command.paths, io.cwd);
    const manifests = loadManifests(found, io.cwd);
    io.stdout(command.format === 'json'
        ? `${JSON.stringify(depsJson(manifests), null, 2)}\n`
        : depsTable(manifests));
    const problems = [...errors, ...manifests.flatMap((m) => m.errors)];
    for (const p of problems)
        io.stderr(`${formatDiagnostic(p)}\n`);
    return problems.length > 0 ? 2 : 0;
}

;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: ./lib/src/cli/args.js


/** A mistake in how pygovern was called: printed without a stack trace, exit status 2. */
class UsageError extends Error {
    name = 'UsageError';
}
const FORMATS = ['text', 'markdown', 'json', 'sarif'];
const DEPS_FORMATS = ['json', 'table'];
const FAIL_ON = ['error', 'warning', 'never'];
const USAGE = `Usage:
  pygovern deps  [PATH...] [--json]     the dependencies every manifest declares (a table;
                                        --json for the JSON of the deps contract)
  pygovern check [PATH...] [options]     the full governance check

PATH is a manifest or a directory searched for manifests (default: .).

check options:
  --format text|markdown|json|sarif   output format (default: text)
  --output FILE                       write the report to FILE instead of stdout
  --fail-on error|warning|never       lowest severity that fails (exit 1)
  --config FILE                       policy file (pygovern.toml or pyproject.toml)
  --base GIT-REF                      mark findings the change since GIT-REF introduces
  --index-url URL                     PyPI JSON API root (default https://pypi.org/pypi)
  --simple-url URL                    PEP 691 Simple API root, for indexes without the JSON API
  --osv-url URL                       OSV API root (default https://api.osv.dev)
  --github-api-url URL                GitHub API root (default $GITHUB_API_URL or https://api.github.com)
  --python-version X.Y[,X.Y]          the Pythons the project targets
  --today YYYY-MM-DD                  judge as of this day (default: the current date)
  --cache-dir DIR   --no-cache   --offline

Exit status: 0 pass, 1 policy failure, 2 usage or input error.
Tokens come from the environment: GITHUB_TOKEN, PYGOVERN_INDEX_TOKEN.`;
function oneOf(name, value, allowed) {
    if (value === undefined)
        return null;
    if (allowed.includes(value))
        return value;
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${value}")`);
}
const PYTHON_VERSION = /^\d+\.\d+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Parses argv (without `node` and the script) into a command; throws UsageError. */
function parseCliArgs(argv) {
    const [command, ...rest] = argv;
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
        return { command: 'help', topic: argv[1] ?? null };
    }
    if (command === '--version' || command === 'version')
        return { command: 'version' };
    if (command === 'deps') {
        const { values, positionals } = args_parse(rest, {
            format: { type: 'string' },
            json: { type: 'boolean' },
        });
        const format = typeof values.format === 'string' ? values.format : undefined;
        const chosen = oneOf('format', format, DEPS_FORMATS);
        if (values.json === true && chosen === 'table') {
            throw new UsageError('--json and --format table contradict each other');
        }
        return {
            command: 'deps',
            paths: positionals,
            format: values.json === true ? 'json' : (chosen ?? 'table'),
        };
    }
    if (command === 'check')
        return parseCheck(rest);
    throw new UsageError(`unknown command "${command}"; expected deps or check`);
}
function parseCheck(args) {
    const { values, positionals } = args_parse(args, {
        format: { type: 'string' },
        output: { type: 'string' },
        'fail-on': { type: 'string' },
        config: { type: 'string' },
        base: { type: 'string' },
        'index-url': { type: 'string' },
        'simple-url': { type: 'string' },
        'osv-url': { type: 'string' },
        'github-api-url': { type: 'string' },
        'python-version': { type: 'string' },
        today: { type: 'string' },
        'cache-dir': { type: 'string' },
        'no-cache': { type: 'boolean' },
        offline: { type: 'boolean' },
    });
    const str = (name) => {
        const v = values[name];
        return typeof v === 'string' ? v : null;
    };
    const pythonVersions = str('python-version')
        ?.split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
    for (const v of pythonVersions ?? []) {
        if (!PYTHON_VERSION.test(v))
            throw new UsageError(`--python-version takes X.Y (got "${v}")`);
    }
    const today = str('today');
    if (today !== null && (!DATE.test(today) || Number.isNaN(Date.parse(today)))) {
        throw new UsageError(`--today takes a date YYYY-MM-DD (got "${today}")`);
    }
    for (const name of ['index-url', 'simple-url', 'osv-url', 'github-api-url']) {
        const url = str(name);
        if (url !== null && !URL.canParse(url)) {
            throw new UsageError(`--${name} must be an absolute URL (got "${redactUrl(url)}")`);
        }
    }
    return {
        command: 'check',
        paths: positionals,
        format: oneOf('format', str('format') ?? undefined, FORMATS) ?? 'text',
        output: str('output'),
        failOn: oneOf('fail-on', str('fail-on') ?? undefined, FAIL_ON),
        config: str('config'),
        indexUrl: str('index-url'),
        simpleUrl: str('simple-url'),
        osvUrl: str('osv-url'),
        githubApiUrl: str('github-api-url'),
        pythonVersions: pythonVersions ?? null,
        today,
        cacheDir: str('cache-dir'),
        noCache: values['no-cache'] === true,
        offline: values.offline === true,
        base: str('base'),
    };
}
function args_parse(args, options) {
    try {
        return (0,external_node_util_namespaceObject.parseArgs)({ args: [...args], options, allowPositionals: true, strict: true });
    }
    catch (error) {
        // node:util reports unknown flags and missing values with a sentence we can show as is.
        throw new UsageError(error instanceof Error ? error.message : String(error));
    }
}

;// CONCATENATED MODULE: ./lib/src/cli/main.js


/** The CLI: argv → exit status (0 pass, 1 policy failure, 2 usage or input error). */
async function main(argv, io) {
    try {
        const command = parseCliArgs(argv);
        switch (command.command) {
            case 'help':
                io.stdout(`${USAGE}\n`);
                return 0;
            case 'version':
                io.stdout(`pygovern ${typeof PYGOVERN_VERSION === 'string' ? PYGOVERN_VERSION : 'dev'}\n`);
                return 0;
            case 'deps':
                return await runDeps(command, io);
            case 'check':
                io.stderr('pygovern check: not available yet\n');
                return 2;
        }
    }
    catch (error) {
        if (error instanceof UsageError) {
            io.stderr(`pygovern: ${error.message}\n\n${USAGE}\n`);
            return 2;
        }
        // A bug, not bad input: one line, no stack trace, and a way to report it.
        io.stderr(`pygovern: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
        return 2;
    }
}


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(476);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
