/** Bodies to values: the ASCII fast path gives the same strings as UTF-8 decoding. */
import { describe, expect, test } from '@jest/globals';
import { BodyBytes } from '../../src/facts/http/body.js';
import { decodeJson, decodeText } from '../../src/facts/http/decoders.js';

/** A body split in two chunks, as the network hands it over. */
const body = (bytes: Buffer) =>
  new BodyBytes([bytes.subarray(0, 3), bytes.subarray(3)], bytes.length);

const json = { 'content-type': 'application/json' };

describe('decoders', () => {
  test('ASCII and non-ASCII UTF-8 JSON decode to the same values the text holds', () => {
    for (const value of [
      { name: 'plain', summary: 'ASCII only' },
      { name: 'accents', summary: 'Café — naïve 🐍', license: 'Apache-2.0 © Ünïcode' },
    ]) {
      const result = decodeJson(body(Buffer.from(JSON.stringify(value), 'utf8')), json);
      expect(result).toEqual({ ok: true, value });
    }
  });

  test('text: UTF-8 by default or when named, another charset when named', () => {
    const text = 'Requires-Dist: café\n';
    expect(decodeText(body(Buffer.from(text, 'utf8')), {})).toEqual({ ok: true, value: text });
    expect(
      decodeText(body(Buffer.from(text, 'utf8')), { 'content-type': 'text/plain; charset=UTF-8' }),
    ).toEqual({ ok: true, value: text });
    expect(
      decodeText(body(Buffer.from(text, 'latin1')), {
        'content-type': 'text/html; charset=iso-8859-1',
      }),
    ).toEqual({ ok: true, value: text });
  });

  test('a body that is not JSON is an error to retry, not a throw', () => {
    expect(decodeJson(body(Buffer.from('<html>')), json)).toMatchObject({ ok: false, retry: true });
  });
});
