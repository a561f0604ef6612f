/**
 * The streaming field reader agrees with JSON.parse: on what is JSON at all, and on every value
 * at the places a tree names, wherever the chunks are cut.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import {
  JsonFieldError,
  JsonFieldReader,
  stopsIn,
  type FieldTree,
  type JsonScalar,
} from '../../src/facts/json-fields.js';

type Event = ['open', number] | ['close', number] | ['value', number, JsonScalar];

/** The events the tree asks for, from JSON.parse's value: what the reader must report. */
function expected(tree: FieldTree, value: unknown, out: Event[] = []): Event[] {
  if (Array.isArray(value)) {
    if (tree.items === undefined) return out;
    out.push(['open', tree.id]);
    for (const item of value) expected(tree.items, item, out);
    out.push(['close', tree.id]);
  } else if (typeof value === 'object' && value !== null) {
    if (tree.members === undefined) return out;
    out.push(['open', tree.id]);
    for (const [key, member] of Object.entries(value)) {
      const child = Object.hasOwn(tree.members, key) ? tree.members[key] : undefined;
      if (child !== undefined) expected(child, member, out);
    }
    out.push(['close', tree.id]);
  } else out.push(['value', tree.id, value as JsonScalar]);
  return out;
}

function read(tree: FieldTree, chunks: Buffer[], limits = {}): Event[] {
  const events: Event[] = [];
  const reader = new JsonFieldReader(
    tree,
    {
      open: (id) => events.push(['open', id]),
      close: (id) => events.push(['close', id]),
      value: (id, v) => events.push(['value', id, v]),
    },
    limits,
  );
  for (const chunk of chunks) reader.write(chunk);
  reader.end();
  return events;
}

/** A tree naming every member of a value (and its elements), ids in order of discovery. */
function treeOf(value: unknown, ids = { next: 0 }): FieldTree {
  const id = ids.next++;
  if (Array.isArray(value)) {
    const first: unknown = value.find((v) => typeof v === 'object' && v !== null) ?? value[0];
    return { id, items: treeOf(first, ids) };
  }
  if (typeof value === 'object' && value !== null) {
    const members: Record<string, FieldTree> = {};
    for (const [key, member] of Object.entries(value)) members[key] = treeOf(member, ids);
    return { id, members };
  }
  return { id };
}

const splits = (bytes: Buffer, at: number) => [bytes.subarray(0, at), bytes.subarray(at)];

/** A deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const DOCS = [
  '{"name":"x","files":[{"filename":"x-1.0.tar.gz","size":12,"yanked":false},{"filename":"x-2.0.whl","yanked":"bad build","hashes":{"sha256":"ab"}}],"versions":["1.0","2.0"]}',
  '  [1, -0, 0.5, -12.5e+3, 1E-2, 2e10, true, false, null, "", "a\\"b\\\\c\\/d\\b\\f\\n\\r\\t", "\\u00e9\\ud83d\\udc0d"]  ',
  '{"é":"naïve 🐍","k\\u0065y":"escaped key","nested":{"a":[[],{},[{"b":[1,{"c":"deep"}]}]]}}',
  '"just a string"',
  '42',
  '-0.0e0',
  '[]',
  '{}',
];

describe('JsonFieldReader', () => {
  test('reports the values JSON.parse gives, wherever the chunks are cut', () => {
    for (const doc of DOCS) {
      const bytes = Buffer.from(doc);
      const value: unknown = JSON.parse(doc);
      const tree = treeOf(value);
      const want = expected(tree, value);
      expect(read(tree, [bytes])).toEqual(want);
      for (let at = 0; at <= bytes.length; at++)
        expect(read(tree, splits(bytes, at))).toEqual(want);
      const bytewise = [...bytes].map((b) => Buffer.from([b]));
      expect(read(tree, bytewise)).toEqual(want);
    }
  });

  test('the recorded PyPI and Simple API answers read as JSON.parse reads them', () => {
    const root = fileURLToPath(new URL('../../corpus/pypi-json', import.meta.url));
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) =>
        statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)],
      );
    const jsons = files(root).filter((f) => f.endsWith('.json'));
    expect(jsons.length).toBeGreaterThan(5);
    for (const file of jsons) {
      const bytes = readFileSync(file);
      const value: unknown = JSON.parse(bytes.toString('utf8'));
      const tree = treeOf(value);
      const chunks = [];
      for (let at = 0; at < bytes.length; at += 1000) chunks.push(bytes.subarray(at, at + 1000));
      expect(read(tree, chunks)).toEqual(expected(tree, value));
    }
  });

  test.each([
    '',
    ' ',
    '[1,]',
    '{"a":1,}',
    '[1 2]',
    '{"a" 1}',
    '{"a":}',
    '{1:2}',
    '{"a":1',
    '[',
    ']',
    '[1]]',
    '{}{}',
    '01',
    '1.',
    '.5',
    '-',
    '1e',
    '1e+',
    '+1',
    '0x10',
    'tru',
    'nul',
    'True',
    'NaN',
    '"unclosed',
    '"bad \\x escape"',
    '"bad \\u12G4"',
    '"tab\tinside"',
    '"line\nbreak"',
    "'single'",
    '[1]x',
  ])('rejects what JSON.parse rejects: %j', (doc) => {
    expect(() => JSON.parse(doc) as unknown).toThrow();
    expect(() => read({ id: 0 }, [Buffer.from(doc)])).toThrow(JsonFieldError);
  });

  test('agrees with JSON.parse on documents with a byte changed, added or removed', () => {
    const next = random(7);
    const base = Buffer.from(DOCS[0] ?? '');
    const tree = treeOf(JSON.parse(base.toString()));
    const alphabet = Buffer.from('{}[]:,"\\ 0123456789.eE+-truefalsnul\n\t');
    let rejected = 0;
    for (let k = 0; k < 3000; k++) {
      const at = Math.floor(next() * base.length);
      const byte = alphabet[Math.floor(next() * alphabet.length)] ?? 0x20;
      const op = Math.floor(next() * 3);
      const doc =
        op === 0
          ? Buffer.concat([base.subarray(0, at), Buffer.from([byte]), base.subarray(at + 1)])
          : op === 1
            ? Buffer.concat([base.subarray(0, at), Buffer.from([byte]), base.subarray(at)])
            : Buffer.concat([base.subarray(0, at), base.subarray(at + 1)]);
      let value: unknown;
      try {
        value = JSON.parse(doc.toString('latin1'));
      } catch {
        rejected++;
        expect(() => read(tree, splits(doc, at))).toThrow(JsonFieldError);
        continue;
      }
      expect(read(tree, splits(doc, at))).toEqual(expected(tree, value));
    }
    // Both kinds were tried.
    expect(rejected).toBeGreaterThan(500);
    expect(rejected).toBeLessThan(2900);
  });

  test('a whole chunk and one byte at a time give the same values and the same errors', () => {
    // Whole chunks take the one-step paths (numbers, literals, `,"` and `":`); one byte at a
    // time takes only the byte-by-byte states: both must say the same, at the same byte.
    const next = random(11);
    const outcome = (tree: FieldTree, chunks: Buffer[]) => {
      try {
        return read(tree, chunks);
      } catch (error) {
        return error instanceof JsonFieldError ? error.message : error;
      }
    };
    const alphabet = Buffer.from('{}[]:,"\\ 0123456789.eE+-truefalsnul\n\t');
    let errors = 0;
    for (const base of DOCS.slice(0, 3).map((d) => Buffer.from(d))) {
      const tree = treeOf(JSON.parse(base.toString()));
      for (let k = 0; k < 1500; k++) {
        const at = Math.floor(next() * base.length);
        const byte = alphabet[Math.floor(next() * alphabet.length)] ?? 0x20;
        const doc =
          k % 2 === 0
            ? Buffer.concat([base.subarray(0, at), Buffer.from([byte]), base.subarray(at + 1)])
            : Buffer.concat([base.subarray(0, at), Buffer.from([byte]), base.subarray(at)]);
        const whole = outcome(tree, [doc]);
        if (typeof whole === 'string') errors++;
        expect(
          outcome(
            tree,
            [...doc].map((b) => Buffer.from([b])),
          ),
        ).toEqual(whole);
      }
    }
    expect(errors).toBeGreaterThan(1000);
  });

  test('bounds nesting and the length of what it decodes, naming the byte', () => {
    const deep = `${'['.repeat(65)}${']'.repeat(65)}`;
    expect(() => read({ id: 0 }, [Buffer.from(deep)])).toThrow(
      'nested deeper than 64 levels at byte 64',
    );
    expect(read({ id: 0 }, [Buffer.from(deep)], { maxDepth: 65 })).toEqual([]);
    const long = Buffer.from(JSON.stringify({ a: 'x'.repeat(100), b: 'y'.repeat(100) }));
    const tree = { id: 0, members: { a: { id: 1 } } };
    expect(() => read(tree, splits(long, 50), { maxValueBytes: 99 })).toThrow(
      'a key or value longer than 99 bytes',
    );
    // Numbers too: their text is held until they end.
    expect(() =>
      read(tree, [Buffer.from(`{"a":${'9'.repeat(200)}}`)], { maxValueBytes: 99 }),
    ).toThrow('a key or value longer than 99 bytes at byte 104');
    // A value not asked for is not held, whatever its length.
    const onlyB = { id: 0, members: { c: { id: 1 } } };
    expect(read(onlyB, splits(long, 50), { maxValueBytes: 99 })).toEqual([
      ['open', 0],
      ['close', 0],
    ]);
  });

  test('a member given twice is reported twice, in order (its reader keeps the last)', () => {
    const tree = { id: 0, members: { dup: { id: 1, members: { three: { id: 2 } } } } };
    expect(read(tree, [Buffer.from('{"dup":1,"dup":"two","dup":{"three":3}}')])).toEqual([
      ['open', 0],
      ['value', 1, 1],
      ['value', 1, 'two'],
      ['open', 1],
      ['value', 2, 3],
      ['close', 1],
      ['close', 0],
    ]);
  });

  test('bytes that are not UTF-8 decode to U+FFFD', () => {
    const doc = Buffer.concat([Buffer.from('["a'), Buffer.from([0xff]), Buffer.from('b"]')]);
    expect(read({ id: 0, items: { id: 1 } }, [doc])).toEqual([
      ['open', 0],
      ['value', 1, 'a\ufffdb'],
      ['close', 0],
    ]);
  });
});

describe('stopsIn (four bytes at a time)', () => {
  const isStop = (b: number) => b === 0x22 || b === 0x5c || b < 0x20;
  const word = (bytes: number[]) => new Int32Array(new Uint8Array(bytes).buffer)[0] as number;
  // Fillers next to the byte tried: printable, high (UTF-8) and the neighbours of each stop.
  const fillers = [0x20, 0x21, 0x23, 0x41, 0x5b, 0x5d, 0x7f, 0x80, 0xa2, 0xdc, 0xff];

  test('says yes exactly when one of the four bytes is a quote, a backslash or a control', () => {
    const wrong: string[] = [];
    for (let b = 0; b < 256; b++) {
      for (let at = 0; at < 4; at++) {
        for (const filler of fillers) {
          const bytes = [filler, filler, filler, filler];
          bytes[at] = b;
          if (stopsIn(word(bytes)) !== isStop(b)) wrong.push(bytes.join(','));
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  test('a stop anywhere is seen whatever the other bytes are', () => {
    const wrong: string[] = [];
    for (let a = 0; a < 256; a++) {
      for (let b = 0; b < 256; b += 3) {
        const bytes = [a, b, 0x41, 0x80];
        if (stopsIn(word(bytes)) !== bytes.some(isStop)) wrong.push(bytes.join(','));
      }
    }
    expect(wrong).toEqual([]);
  });
});
