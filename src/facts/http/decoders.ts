/** From a 2xx body to the value callers get: JSON (content type checked) or text. */
import { isAscii } from 'node:buffer';
import { TextDecoder } from 'node:util';
import type { BodyBytes } from './body.js';
import type { Decoder } from './request-loop.js';

const JSON_TYPE = /^application\/(?:json|[\w.+-]+\+json)$/;

function mediaType(headers: Readonly<Record<string, string>>): string {
  return (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

const UTF8 = new TextDecoder('utf-8');

/**
 * UTF-8 to a string. Index answers are almost always ASCII: then the bytes are the string's
 * one-byte characters as they are, which skips UTF-8 decoding and makes a string JSON.parse
 * reads a third faster.
 */
function utf8(body: Buffer): string {
  return isAscii(body) ? body.toString('latin1') : UTF8.decode(body);
}

/** JSON bodies must say so in Content-Type (`application/json` or `…+json`). */
export const decodeJson: Decoder<unknown> = (body, headers) => {
  const type = mediaType(headers);
  if (!JSON_TYPE.test(type)) {
    return {
      ok: false,
      retry: false,
      message: `expected JSON, got ${type === '' ? 'no content type' : type}`,
    };
  }
  try {
    return { ok: true, value: JSON.parse(utf8(body.buffer())) as unknown };
  } catch (error) {
    const reason = String((error as { message?: unknown } | null)?.message ?? error);
    return { ok: false, retry: true, message: `body is not valid JSON (${reason.slice(0, 120)})` };
  }
};

/** Text in the charset the server names (UTF-8 when absent or unknown). */
export const decodeText: Decoder<string> = (body, headers) => ({
  ok: true,
  value: textOf(body, headers),
});

/** The bytes as is, for a caller that reads them itself (see `HttpClient.getBytes`). */
export const decodeBytes: Decoder<BodyBytes> = (body) => ({ ok: true, value: body });

/** Text of a body in the charset its Content-Type names (UTF-8 when absent or unknown). */
export function textOf(body: BodyBytes, headers: Readonly<Record<string, string>>): string {
  const charset = /charset="?([\w-]+)"?/i.exec(headers['content-type'] ?? '')?.[1] ?? 'utf-8';
  if (/^utf-?8$/i.test(charset)) return utf8(body.buffer());
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(body.buffer());
}
