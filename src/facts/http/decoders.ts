/** From a 2xx body to the value callers get: JSON (content type checked) or text. */
import { TextDecoder } from 'node:util';
import type { Decoder } from './request-loop.js';

const JSON_TYPE = /^application\/(?:json|[\w.+-]+\+json)$/;

function mediaType(headers: Readonly<Record<string, string>>): string {
  return (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
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
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch (error) {
    const reason = String((error as { message?: unknown } | null)?.message ?? error);
    return { ok: false, retry: true, message: `body is not valid JSON (${reason.slice(0, 120)})` };
  }
};

/** Text in the charset the server names (UTF-8 when absent or unknown). */
export const decodeText: Decoder<string> = (body, headers) => {
  const charset = /charset="?([\w-]+)"?/i.exec(headers['content-type'] ?? '')?.[1] ?? 'utf-8';
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return { ok: true, value: decoder.decode(body) };
};
