/**
 * Text order by UTF-16 code units: the same on every runner, whatever its locale, and cheap
 * (`localeCompare` asks a collator each time, and its order changes with the locale).
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
