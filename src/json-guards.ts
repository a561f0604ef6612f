/**
 * Reading JSON from services and files we do not control: each guard keeps a value only when it
 * has the expected shape and drops it otherwise, so a decoder never throws on a strange answer.
 * What they drop: `isJsonObject` refuses arrays and null; `nonEmptyString` turns `''` and every
 * non-string (numbers too) into null; `arrayOrEmpty` turns a non-array into `[]`; `objectOrEmpty`
 * turns a non-object into `{}`.
 */
export type JsonObject = Record<string, unknown>;

export const isJsonObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const nonEmptyString = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : null;

export const arrayOrEmpty = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export const objectOrEmpty = (v: unknown): JsonObject => (isJsonObject(v) ? v : {});
