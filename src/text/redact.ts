/**
 * Keeping credentials out of everything pygovern prints: URLs lose their userinfo and the
 * values of secret-looking query parameters, and free text loses every known secret.
 */

/** Query parameters whose values are treated as secrets (case-insensitive). */
const SECRET_PARAMS =
  /^(access_token|token|auth|api[-_]?key|key|password|passwd|secret|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token)$/i;

const MASK = '***';

/**
 * `https://user:pass@host/p?token=t` → `https://***@host/p?token=***`. Text that is not an
 * absolute URL gets its `//userinfo@` masked the same way.
 */
export function redactUrl(url: string): string {
  // Each request redacts its URL several times (label, log, result): parse it once.
  const known = redacted.get(url);
  if (known !== undefined) return known;
  const text = redactParsed(url);
  if (redacted.size >= MAX_REMEMBERED) redacted.clear();
  redacted.set(url, text);
  return text;
}

const redacted = new Map<string, string>();
const MAX_REMEMBERED = 4096;

function redactParsed(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/\/\/[^/@\s]*@/g, `//${MASK}@`);
  }
  const hadUserinfo = parsed.username !== '' || parsed.password !== '';
  parsed.username = '';
  parsed.password = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAMS.test(name)) parsed.searchParams.set(name, MASK);
  }
  const text = parsed.href;
  return hadUserinfo ? text.replace('//', `//${MASK}@`) : text;
}

/** Removes known secrets from text that leaves the HTTP layer (messages, log lines). */
export interface Scrubber {
  /** Registers a secret; its URL-encoded and Basic (base64) forms are masked too. */
  add(secret: string, basicUser?: string): void;
  scrub(text: string): string;
}

/** Secrets this short would mask ordinary words; userinfo is removed by `redactUrl` anyway. */
const MIN_SECRET_LENGTH = 4;

export function createScrubber(): Scrubber {
  const secrets = new Set<string>();
  // Longest first, so a secret containing another is masked whole; sorted when one is added,
  // not on every line scrubbed (every request scrubs several).
  let ordered: string[] = [];
  return {
    add(secret, basicUser) {
      if (secret.length < MIN_SECRET_LENGTH) return;
      secrets.add(secret);
      secrets.add(encodeURIComponent(secret));
      if (basicUser !== undefined) {
        secrets.add(Buffer.from(`${basicUser}:${secret}`).toString('base64'));
      }
      ordered = [...secrets].sort((a, b) => b.length - a.length);
    },
    scrub(text) {
      let out = text;
      for (const secret of ordered) {
        if (out.includes(secret)) out = out.split(secret).join(MASK);
      }
      return out;
    },
  };
}
