/**
 * The HTTP/1.1 response reader against Node's own parser (llhttp, behind node:http): the same
 * bytes, served over a socket, must give the same status, headers and body, however the bytes
 * are cut into chunks; malformed answers are refused with a message, at any chunking.
 */
import { describe, expect, it } from '@jest/globals';
import { get } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import {
  MAX_HEAD_BYTES,
  ResponseFormatError,
  ResponseReader,
} from '../../src/facts/http/h1-response.js';

interface Read {
  heads: { status: number; headers: Record<string, string> }[];
  body: Buffer;
  reusable: boolean | null;
}

/** Feeds the bytes cut at `cuts` (offsets), then the end of the connection when `close`. */
function readAll(bytes: Buffer, cuts: number[], method = 'GET', close = true): Read | string {
  const read: Read = { heads: [], body: Buffer.alloc(0), reusable: null };
  const pieces: Buffer[] = [];
  const reader = new ResponseReader(method, {
    onHead: (status, headers) => read.heads.push({ status, headers }),
    onData: (piece) => pieces.push(Buffer.from(piece)),
    onEnd: (reusable) => (read.reusable = reusable),
  });
  try {
    let at = 0;
    for (const cut of [...cuts, bytes.length]) {
      if (cut > at) reader.feed(bytes.subarray(at, cut));
      at = Math.max(at, cut);
    }
    if (close) reader.end();
  } catch (error) {
    if (error instanceof ResponseFormatError) return error.message;
    throw error;
  }
  read.body = Buffer.concat(pieces);
  return read;
}

const every = (n: number) => Array.from({ length: n }, (_, i) => i);

/** A seeded generator: the same responses on every run. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** A well-formed response of one of the three framings, with its body. */
function generated(rand: () => number, i: number): { bytes: Buffer; body: Buffer } {
  const body = Buffer.from(
    Array.from({ length: Math.floor(rand() * 3000) }, () => Math.floor(rand() * 256)),
  );
  const framing = ['length', 'chunked', 'close'][i % 3] as string;
  const eol = rand() < 0.2 ? '\n' : '\r\n'; // bare LF line ends, which both readers take
  const lines = [`HTTP/1.1 ${String([200, 201, 404, 500][i % 4])} Some Reason`];
  if (rand() < 0.3) lines.unshift(`HTTP/1.1 100 Continue${eol}`); // a 1xx head first
  lines.push(`x-one: ${'v'.repeat(Math.floor(rand() * 40))}`, `X-Mixed-Case: \t spaced value \t`);
  if (rand() < 0.5) lines.push('x-twice: a', 'x-twice: b');
  if (rand() < 0.5) lines.push('content-type: application/json; charset=utf-8');
  if (framing === 'length') lines.push(`content-length: ${String(body.length)}`);
  if (framing === 'chunked') lines.push('transfer-encoding: chunked');
  if (framing === 'close') lines.push('connection: close');
  const head = Buffer.from(`${lines.join(eol)}${eol}${eol}`, 'latin1');
  if (framing !== 'chunked') return { bytes: Buffer.concat([head, body]), body };
  const parts: Buffer[] = [head];
  for (let at = 0; at < body.length;) {
    const size = Math.min(body.length - at, 1 + Math.floor(rand() * 700));
    const ext = rand() < 0.3 ? ';name=value' : '';
    const hex = rand() < 0.5 ? size.toString(16) : size.toString(16).toUpperCase();
    parts.push(Buffer.from(`${hex}${ext}\r\n`), body.subarray(at, at + size), Buffer.from('\r\n'));
    at += size;
  }
  parts.push(Buffer.from(rand() < 0.4 ? '0\r\nx-trailer: t\r\n\r\n' : '0\r\n\r\n'));
  return { bytes: Buffer.concat(parts), body };
}

/** What node:http reads from the bytes served raw on a socket: status, headers, body. */
async function nodeReads(bytes: Buffer): Promise<{
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}> {
  const server = createServer((socket) => {
    socket.once('data', () => socket.end(bytes));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      // Lenient about bare LF line ends only matters for them: the rest is well formed.
      get({ host: '127.0.0.1', port, path: '/', agent: false, insecureHTTPParser: true }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      }).on('error', reject);
    });
  } finally {
    server.close();
  }
}

describe('the response reader', () => {
  it('reads what node:http (llhttp) reads from 60 generated responses, at any chunking', async () => {
    const rand = random(7);
    for (const i of every(60)) {
      const { bytes, body } = generated(rand, i);
      const reference = await nodeReads(bytes);
      const cuts = [
        [],
        every(bytes.length), // one byte at a time
        every(12)
          .map(() => Math.floor(rand() * bytes.length))
          .sort((a, b) => a - b),
      ];
      for (const at of cuts) {
        const read = readAll(bytes, at);
        if (typeof read === 'string') throw new Error(`response ${String(i)}: ${read}`);
        expect(read.heads).toHaveLength(1);
        expect(read.heads[0]?.status).toBe(reference.status);
        expect(read.heads[0]?.headers).toEqual(reference.headers);
        expect(read.body.equals(reference.body)).toBe(true);
        expect(read.body.equals(body)).toBe(true);
      }
    }
  }, 60_000);

  it('says whether the connection may carry the next request', () => {
    const reusable = (text: string, method = 'GET') => {
      const read = readAll(Buffer.from(text, 'latin1'), [], method, false);
      return typeof read === 'string' ? read : read.reusable;
    };
    expect(reusable('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok')).toBe(true);
    expect(
      reusable('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n'),
    ).toBe(true);
    expect(
      reusable('HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\ncontent-length: 0\r\n\r\n'),
    ).toBe(false);
    expect(reusable('HTTP/1.0 200 OK\r\ncontent-length: 0\r\n\r\n')).toBe(false);
    // Both framings: the length is ignored and the connection not trusted again.
    expect(
      reusable(
        'HTTP/1.1 200 OK\r\ncontent-length: 50\r\ntransfer-encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n',
      ),
    ).toBe(false);
    // No body: HEAD, 204 and 304, whatever Content-Length says.
    expect(reusable('HTTP/1.1 200 OK\r\ncontent-length: 99\r\n\r\n', 'HEAD')).toBe(true);
    expect(reusable('HTTP/1.1 204 No Content\r\n\r\n')).toBe(true);
    expect(reusable('HTTP/1.1 304 Not Modified\r\ncontent-length: 99\r\n\r\n')).toBe(true);
    // Read to the close: not complete until the connection ends.
    expect(reusable('HTTP/1.1 200 OK\r\n\r\nsome body')).toBeNull();
    expect(readAll(Buffer.from('HTTP/1.1 200 OK\r\n\r\nsome body'), [])).toMatchObject({
      reusable: false,
    });
  });

  it('refuses malformed answers with a message, however they are cut', () => {
    const big = 'x'.repeat(MAX_HEAD_BYTES);
    const cases: [string, string, RegExp][] = [
      [
        'no status line',
        'HTP/1.1 200 OK\r\n\r\n',
        /not an HTTP\/1\.1 status line: "HTP\/1\.1 200 OK"/,
      ],
      ['HTTP/2 preface', 'HTTP/2 200\r\n\r\n', /not an HTTP\/1\.1 status line/],
      [
        'a folded header',
        'HTTP/1.1 200 OK\r\nx-a: 1\r\n  folded\r\n\r\n',
        /bad header line: " {2}folded"/,
      ],
      [
        'a header without a colon',
        'HTTP/1.1 200 OK\r\nnocolon\r\n\r\n',
        /bad header line: "nocolon"/,
      ],
      ['a space before the colon', 'HTTP/1.1 200 OK\r\nx-a : 1\r\n\r\n', /bad header line/],
      ['a NUL in a value', 'HTTP/1.1 200 OK\r\nx-a: 1\u0000\r\n\r\n', /bad value of header x-a/],
      [
        'two lengths',
        'HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\nok',
        /bad Content-Length/,
      ],
      ['a negative length', 'HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n', /bad Content-Length/],
      [
        'a bad chunk size',
        'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n',
        /bad chunk size: "zz"/,
      ],
      [
        'a chunk longer than its size',
        'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nokay\r\n0\r\n\r\n',
        /a chunk does not end where its size says/,
      ],
      [
        'a chunk size over 16 digits',
        `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n${'f'.repeat(17)}\r\n`,
        /bad chunk size/,
      ],
      [
        'a chunk-size line too long',
        `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1;${big.slice(0, 2000)}\r\n`,
        /chunk-size line is too long/,
      ],
      [
        'a head too long',
        `HTTP/1.1 200 OK\r\nx-a: ${big}\r\n\r\n`,
        /the answer’s head is longer than 64 KiB/,
      ],
      [
        'trailers too long',
        `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0\r\nx-t: ${big}\r\n\r\n`,
        /the trailers is longer than 64 KiB/,
      ],
      [
        'too many headers',
        `HTTP/1.1 200 OK\r\n${'x-a: 1\r\n'.repeat(201)}\r\n`,
        /more than 200 header fields/,
      ],
      [
        'a protocol switch',
        'HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\n\r\n',
        /switched protocols unasked/,
      ],
      [
        'bytes after the end',
        'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n\r\n',
        /bytes after the end of the answer/,
      ],
      [
        'a body cut short',
        'HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nonly',
        /closed inside the body/,
      ],
      [
        'a chunked body cut short',
        'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nab',
        /closed inside the body/,
      ],
      [
        'a head cut short',
        'HTTP/1.1 200 OK\r\ncontent-le',
        /closed before the answer was complete/,
      ],
    ];
    for (const [name, text, message] of cases) {
      const bytes = Buffer.from(text, 'latin1');
      const whole = readAll(bytes, []);
      const byByte = bytes.length < 4000 ? readAll(bytes, every(bytes.length)) : whole;
      expect([name, typeof whole === 'string' && message.test(whole)]).toEqual([name, true]);
      expect([name, byByte]).toEqual([name, whole]);
    }
  });

  it('reads a head of 64 KiB less a few bytes, split anywhere', () => {
    const value = 'y'.repeat(MAX_HEAD_BYTES - 60);
    const bytes = Buffer.from(`HTTP/1.1 200 OK\r\nx-big: ${value}\r\ncontent-length: 1\r\n\r\n!`);
    for (const cut of [1, 17, bytes.length - 4, bytes.length - 3, bytes.length - 2]) {
      const read = readAll(bytes, [cut]);
      expect(typeof read === 'string' ? read : read.heads[0]?.headers['x-big']).toBe(value);
    }
  });

  it('takes header names that Object.prototype has as plain names, and drops __proto__', () => {
    const read = readAll(
      Buffer.from(
        'HTTP/1.1 200 OK\r\nconstructor: a\r\ntoString: b\r\n__proto__: c\r\nhasOwnProperty: d\r\ncontent-length: 0\r\n\r\n',
      ),
      [],
    );
    const headers = typeof read === 'string' ? {} : (read.heads[0]?.headers ?? {});
    expect(Object.entries(headers)).toEqual([
      ['constructor', 'a'],
      ['tostring', 'b'],
      ['hasownproperty', 'd'],
      ['content-length', '0'],
    ]);
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
  });

  it('drops set-cookie and joins repeated fields as node:http does', () => {
    const read = readAll(
      Buffer.from(
        'HTTP/1.1 200 OK\r\nset-cookie: a=1\r\nVary: accept\r\nvary: accept-encoding\r\ncontent-length: 0\r\n\r\n',
      ),
      [],
    );
    expect(typeof read === 'string' ? read : read.heads[0]?.headers).toEqual({
      vary: 'accept, accept-encoding',
      'content-length': '0',
    });
  });
});
