/**
 * Every form in which a token may sit in a file of the workspace, so that none of them reaches
 * a log, comment, summary, annotation or report: `actions/checkout` stores the token in
 * `.git/config` as `AUTHORIZATION: basic base64("x-access-token:" + token)`.
 */
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** The token, base64 of `x-access-token:TOKEN` and base64 of the token (with and without `=`). */
export function secretForms(token: string | null): string[] {
  if (token === null || token.trim() === '') return [];
  const encoded = [b64(`x-access-token:${token}`), b64(token)];
  const unpadded = encoded.map((f) => f.replace(/=+$/, ''));
  // Encodings of a short test token would mask ordinary words; a real token is long.
  const derived = [...encoded, ...unpadded].filter((f) => f.length >= 8);
  return [...new Set([token, ...derived])];
}

const MASK = '***';

/**
 * The same plain data with every secret replaced by `***` in every string (object keys too),
 * so whatever renders it afterwards cannot leak one. Shared and cyclic references are kept.
 */
export function maskSecrets<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  // Longest first, so a secret containing another is masked whole.
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  const maskText = (text: string): string =>
    ordered.reduce((t, s) => (t.includes(s) ? t.split(s).join(MASK) : t), text);
  const seen = new Map<object, unknown>();
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') return maskText(v);
    if (typeof v !== 'object' || v === null) return v;
    const done = seen.get(v);
    if (done !== undefined) return done;
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      seen.set(v, out);
      for (const item of v) out.push(visit(item));
      return out;
    }
    if (Object.getPrototypeOf(v) !== Object.prototype) return v; // Dates, buffers: no text
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    for (const [key, item] of Object.entries(v)) out[maskText(key)] = visit(item);
    return out;
  };
  return visit(value) as T;
}
