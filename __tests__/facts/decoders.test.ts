/** Bodies to values: the ASCII fast path gives the same strings as UTF-8 decoding. */
import { describe, expect, test } from '@jest/globals';
import { decodeJson, decodeText } from '../../src/facts/http/decoders.js';

const json = { 'content-type': 'application/json' };

describe('decoders', () => {
  test('ASCII and non-ASCII UTF-8 JSON decode to the same values the text holds', () => {
    for (const value of [
      { name: 'plain', summary: 'ASCII only' },
      { name: 'accents', summary: 'Café — naïve 🐍', license: 'Apache-2.0 © Ünïcode' },
    ]) {
      const result = decodeJson(Buffer.from(JSON.stringify(value), 'utf8'), json);
      expect(result).toEqual({ ok: true, value });
    }
  });

  test('text: UTF-8 by default or when named, another charset when named', () => {
    const text = 'Requires-Dist: café\n';
    expect(decodeText(Buffer.from(text, 'utf8'), {})).toEqual({ ok: true, value: text });
    expect(
      decodeText(Buffer.from(text, 'utf8'), { 'content-type': 'text/plain; charset=UTF-8' }),
    ).toEqual({ ok: true, value: text });
    expect(
      decodeText(Buffer.from(text, 'latin1'), { 'content-type': 'text/html; charset=iso-8859-1' }),
    ).toEqual({ ok: true, value: text });
  });

  test('a body that is not JSON is an error to retry, not a throw', () => {
    expect(decodeJson(Buffer.from('<html>'), json)).toMatchObject({ ok: false, retry: true });
  });
});
