/**
 * PEP 440 versions: parsing with every spelling the PEP normalises, the normal form, and the
 * total order packaging uses. Numbers are bigint: versions like `1.0.post99999999999999999999`
 * exist and must still order correctly.
 */

export type PreLabel = 'a' | 'b' | 'rc';
export type LocalPart = string | bigint;

export interface Version {
  epoch: bigint;
  release: readonly bigint[];
  pre: readonly [PreLabel, bigint] | null;
  post: bigint | null;
  dev: bigint | null;
  local: readonly LocalPart[] | null;
}

// The grammar of PEP 440's appendix, case-insensitive, surrounding whitespace allowed.
const VERSION_PATTERN = new RegExp(
  [
    '^\\s*v?',
    '(?:(?<epoch>[0-9]+)!)?',
    '(?<release>[0-9]+(?:\\.[0-9]+)*)',
    '(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?',
    '(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?',
    '(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?',
    '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?',
    '\\s*$',
  ].join(''),
  'i',
);

const PRE_LABELS: Readonly<Record<string, PreLabel>> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
};

/** Release segments alone (`2.32.3`), as most versions are: read without the full pattern. */
const PLAIN_RELEASE = /^[0-9]+(?:\.[0-9]+)*$/;

/** A version, or null when the text is not PEP 440. Never throws. */
export function parseVersion(text: string): Version | null {
  if (PLAIN_RELEASE.test(text)) {
    return {
      epoch: 0n,
      release: text.split('.').map((p) => BigInt(p)),
      pre: null,
      post: null,
      dev: null,
      local: null,
    };
  }
  const m = VERSION_PATTERN.exec(text);
  const g = m?.groups;
  if (g?.release === undefined) return null;
  const preLabel = g.preL === undefined ? undefined : PRE_LABELS[g.preL.toLowerCase()];
  return {
    epoch: BigInt(g.epoch ?? '0'),
    release: g.release.split('.').map((p) => BigInt(p)),
    pre: preLabel === undefined ? null : [preLabel, BigInt(g.preN ?? '0')],
    post: g.post === undefined ? null : BigInt(g.postN1 ?? g.postN2 ?? '0'),
    dev: g.dev === undefined ? null : BigInt(g.devN ?? '0'),
    local:
      g.local === undefined
        ? null
        : g.local
            .toLowerCase()
            .split(/[-_.]/)
            .map((part) => (/^[0-9]+$/.test(part) ? BigInt(part) : part)),
  };
}

export function isValidVersion(text: string): boolean {
  return parseVersion(text) !== null;
}

/** The normal form (`str(Version(...))` in packaging). */
export function formatVersion(v: Version): string {
  let out = v.epoch === 0n ? '' : `${v.epoch.toString()}!`;
  out += v.release.join('.');
  if (v.pre !== null) out += `${v.pre[0]}${v.pre[1].toString()}`;
  if (v.post !== null) out += `.post${v.post.toString()}`;
  if (v.dev !== null) out += `.dev${v.dev.toString()}`;
  if (v.local !== null) out += `+${v.local.join('.')}`;
  return out;
}

/** `1.0.post1+abc` → `1.0.post1`. */
export function publicVersion(v: Version): Version {
  return v.local === null ? v : { ...v, local: null };
}

/** Epoch and release only: `1!2.0rc1.post3` → `1!2.0`. */
export function baseVersion(v: Version): Version {
  return { epoch: v.epoch, release: v.release, pre: null, post: null, dev: null, local: null };
}

export function isPrerelease(v: Version): boolean {
  return v.pre !== null || v.dev !== null;
}

export function isPostrelease(v: Version): boolean {
  return v.post !== null;
}

export function isDevrelease(v: Version): boolean {
  return v.dev !== null;
}

const PRE_ORDER: Readonly<Record<PreLabel, number>> = { a: 0, b: 1, rc: 2 };

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Release segments compare with trailing zeros ignored: 1.0 == 1.0.0. */
function compareRelease(a: readonly bigint[], b: readonly bigint[]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const c = compareBig(a[i] ?? 0n, b[i] ?? 0n);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * The pre-release slot: a dev-only release (`1.0.dev1`) sorts before every pre-release of
 * 1.0, a final release after all of them.
 */
function preKey(v: Version): [number, number, bigint] {
  if (v.pre === null && v.post === null && v.dev !== null) return [-1, 0, 0n];
  if (v.pre === null) return [1, 0, 0n];
  return [0, PRE_ORDER[v.pre[0]], v.pre[1]];
}

function compareLocal(a: readonly LocalPart[] | null, b: readonly LocalPart[] | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    // Numeric parts sort after alphanumeric ones; like kinds compare naturally.
    if (typeof x !== typeof y) return typeof x === 'bigint' ? 1 : -1;
    const c = typeof x === 'bigint' ? compareBig(x, y as bigint) : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c;
  }
  return 0;
}

/** Total order of PEP 440: negative, zero or positive. */
export function compareVersions(a: Version, b: Version): number {
  let c = compareBig(a.epoch, b.epoch);
  if (c !== 0) return c;
  c = compareRelease(a.release, b.release);
  if (c !== 0) return c;
  const [pa, pb] = [preKey(a), preKey(b)];
  c = pa[0] - pb[0] || pa[1] - pb[1] || compareBig(pa[2], pb[2]);
  if (c !== 0) return c;
  // No post-release sorts before any post-release.
  if (a.post !== b.post) {
    if (a.post === null || b.post === null) return a.post === null ? -1 : 1;
    c = compareBig(a.post, b.post);
    if (c !== 0) return c;
  }
  // No dev release sorts after any dev release.
  if (a.dev !== b.dev) {
    if (a.dev === null || b.dev === null) return a.dev === null ? 1 : -1;
    c = compareBig(a.dev, b.dev);
    if (c !== 0) return c;
  }
  return compareLocal(a.local, b.local);
}

/** Compares two version strings; invalid ones sort first, by text. */
export function compareVersionText(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (va === null || vb === null) {
    if (va !== vb) return va === null ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return compareVersions(va, vb);
}

/** PEP 440 equality (`1.0` is `1.0.0`); text equality for what is not PEP 440. */
export function versionsEqual(a: string, b: string): boolean {
  return compareVersionText(a, b) === 0;
}

/**
 * A key equal for versions PEP 440 calls equal (`3.13`, `3.13.0`): the normal form without
 * trailing zero release segments, as packaging's `canonicalize_version`. Text when not PEP 440.
 */
export function versionKey(text: string): string {
  return keyOfVersionText(text) ?? text;
}

/** Release segments already in normal form (no leading zeros): most versions of a page. */
const NORMAL_RELEASE = /^(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))*$/;

/**
 * `versionKey` of a text that is a version, null when it is not one. A release in normal form
 * is its own key once its trailing `.0` segments are cut: no parse, no bigint.
 */
export function keyOfVersionText(text: string): string | null {
  if (NORMAL_RELEASE.test(text)) {
    // Segments in normal form: a `.0` at the end is a zero segment (one pass, no regex).
    let end = text.length;
    while (end > 2 && text.charCodeAt(end - 1) === 0x30 && text.charCodeAt(end - 2) === 0x2e)
      end -= 2;
    return text.slice(0, end);
  }
  const v = parseVersion(text);
  return v === null ? null : keyOfVersion(v);
}

/** `versionKey` of a version already parsed. */
export function keyOfVersion(v: Version): string {
  const release = [...v.release];
  while (release.length > 1 && release.at(-1) === 0n) release.pop();
  return formatVersion({ ...v, release });
}

/** `1.2.3` → `1.2.3` normal form of a string, or null when it is not a version. */
export function normalizeVersion(text: string): string | null {
  const v = parseVersion(text);
  return v === null ? null : formatVersion(v);
}
