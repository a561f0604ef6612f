/**
 * The index URL as written, credentials included, kept beside the redacted one the model
 * shows. Reports print `source.index` (`https://***@host/simple`); only the facts layer asks
 * for the URL it must request, so `user:pass@` reaches that index (as pip sends it) and no
 * output. A WeakMap, not a field: nothing that serialises or spreads a manifest can copy it.
 */
const written = new WeakMap<object, string>();

/** Remembers `raw` for `holder` when it differs from what the model shows. */
export function keepWrittenUrl(holder: object, raw: string, shown: string | null): void {
  if (raw !== shown) written.set(holder, raw);
}

/** The URL as written for `holder` (an option or a dependency source), or null. */
export function writtenUrlOf(holder: object): string | null {
  return written.get(holder) ?? null;
}
