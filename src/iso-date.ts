/**
 * "Today": a calendar day `YYYY-MM-DD` (UTC), set once at the edge (the CLI's --today or the
 * clock, the action's PYGOVERN_TODAY or the clock) and passed down as it is. The brand keeps a
 * free string from standing in for a checked day.
 */
export type IsoDate = string & { readonly __isoDate: true };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC calendar day of a moment. */
export function isoDate(date: Date): IsoDate {
  return date.toISOString().slice(0, 10) as IsoDate;
}

/** `text` as a day when it is one, `YYYY-MM-DD` that the calendar has (no 2026-02-30); else null. */
export function parseIsoDate(text: string): IsoDate | null {
  if (!DAY.test(text)) return null;
  const moment = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(moment.getTime()) || isoDate(moment) !== text ? null : (text as IsoDate);
}

/** Midnight UTC at the start of the day: for the code that needs a Date. */
export function startOfDay(day: IsoDate): Date {
  return new Date(`${day}T00:00:00Z`);
}
