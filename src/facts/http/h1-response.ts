/**
 * An HTTP/1.1 response read from the bytes of a connection (RFC 9112): the status line and
 * headers, then the body framed by Content-Length, chunked transfer coding or the end of the
 * connection. Pure: fed chunks as they arrive, it reports the head, each piece of body and the
 * end, and throws `ResponseFormatError` on anything malformed. Every part an untrusted server
 * controls is bounded: the head, a chunk-size line, the trailers.
 */

/** What the reader reports, in order: heads (1xx first), body pieces, one end. */
export interface ResponseSink {
  /** The final head (1xx heads are read and dropped). Names are lower-cased. */
  onHead(status: number, headers: Record<string, string>): void;
  /** A piece of the body, as a view of the chunk fed (valid until the next feed). */
  onData(piece: Buffer): void;
  /** The body is complete; `reusable`: the connection may carry the next request. */
  onEnd(reusable: boolean): void;
}

export class ResponseFormatError extends Error {
  readonly code = 'ERR_PYGOVERN_HTTP_RESPONSE';
}

/** Head (status line and headers) and trailers: servers send a few KiB at most. */
export const MAX_HEAD_BYTES = 64 * 1024;
const MAX_HEADERS = 200;
/** A chunk-size line: 16 hex digits and room for extensions. */
const MAX_CHUNK_LINE_BYTES = 1024;

const CR = 0x0d;
const LF = 0x0a;
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: [^\r\n]*)?$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEX = /^[0-9A-Fa-f]{1,16}$/;
/** What a header value may hold: visible characters, spaces, tabs and obs-text (no CR, LF, NUL). */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

const enum State {
  Head,
  Length,
  ChunkSize,
  ChunkData,
  ChunkEnd,
  Trailers,
  UntilClose,
  Done,
}

/** One request's response. `method` matters: the answer to HEAD has no body. */
export class ResponseReader {
  private state = State.Head;
  /** Bytes of a head, chunk-size line or trailers not yet complete. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Body bytes left in the Content-Length body or the current chunk. */
  private left = 0;
  private keepAlive = true;
  /** A CR after a chunk's data was read; its LF is next. */
  private sawCr = false;

  constructor(
    private readonly method: string,
    private readonly sink: ResponseSink,
  ) {}

  /** True once the final head has been read. */
  get headRead(): boolean {
    return this.state !== State.Head;
  }

  /**
   * Reads a chunk. Bytes after the end of the response are refused: a server may not send
   * an answer nobody asked for, and a connection that did is not reused.
   */
  feed(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      switch (this.state) {
        case State.Head:
          at = this.readHead(chunk, at);
          break;
        case State.Length:
          at = this.readBody(chunk, at);
          if (this.left === 0) this.finish();
          break;
        case State.ChunkSize:
          at = this.readChunkSize(chunk, at);
          break;
        case State.ChunkData:
          at = this.readBody(chunk, at);
          if (this.left === 0) this.state = State.ChunkEnd;
          break;
        case State.ChunkEnd:
          at = this.readChunkEnd(chunk, at);
          break;
        case State.Trailers:
          at = this.readTrailers(chunk, at);
          break;
        case State.UntilClose:
          this.sink.onData(at === 0 ? chunk : chunk.subarray(at));
          at = chunk.length;
          break;
        case State.Done:
          throw new ResponseFormatError('the server sent bytes after the end of the answer');
      }
    }
  }

  /** The connection ended: the end of a body read to the close, else the answer is cut short. */
  end(): void {
    if (this.state === State.Done) return;
    if (this.state === State.UntilClose) {
      this.keepAlive = false;
      this.finish();
      return;
    }
    throw new ResponseFormatError(
      this.state === State.Head
        ? 'the connection closed before the answer was complete'
        : 'the connection closed inside the body',
    );
  }

  /** Hands on the body bytes of the chunk, up to `left` (the length's or the chunk's). */
  private readBody(chunk: Buffer, at: number): number {
    const take = Math.min(this.left, chunk.length - at);
    this.left -= take;
    this.sink.onData(chunk.subarray(at, at + take));
    return at + take;
  }

  private finish(): void {
    this.state = State.Done;
    this.sink.onEnd(this.keepAlive);
  }

  /**
   * Gathers the bytes of a block (a head or the trailers) up to the empty line that ends it,
   * within the limit. Returns the block's text and the offset after it, or null and the
   * chunk's end when the block goes on in the next chunk.
   */
  private gather(chunk: Buffer, at: number, limit: number, what: string): [string | null, number] {
    const end = this.blockEnd(chunk, at);
    const text = this.collect(
      chunk,
      at,
      end,
      limit,
      `${what} is longer than ${String(limit / 1024)} KiB`,
    );
    if (text === null) return [null, chunk.length];
    this.lineStart = false;
    return [text, end];
  }

  /**
   * The bytes from `at` to `end` after those pending from earlier chunks, as Latin-1 text;
   * with `end` -1 they are kept for the next chunk and null is returned. Past `limit` bytes in
   * all, the answer is refused with `tooLong`.
   */
  private collect(
    chunk: Buffer,
    at: number,
    end: number,
    limit: number,
    tooLong: string,
  ): string | null {
    const upTo = end === -1 ? chunk.length : end;
    if (this.pendingBytes + (upTo - at) > limit) throw new ResponseFormatError(tooLong);
    if (end === -1) {
      this.pending.push(chunk.subarray(at));
      this.pendingBytes += chunk.length - at;
      return null;
    }
    const piece = chunk.subarray(at, end);
    const whole =
      this.pending.length === 0
        ? piece
        : Buffer.concat([...this.pending, piece], this.pendingBytes + piece.length);
    this.pending = [];
    this.pendingBytes = 0;
    return whole.toString('latin1');
  }

  /** True after a line's LF: an LF (or CR LF) there ends the block. Kept across chunks. */
  private lineStart = false;

  /** The offset just after the empty line that ends the block, or -1 (lines end in LF or CR LF). */
  private blockEnd(chunk: Buffer, at: number): number {
    let i = at;
    while (i < chunk.length) {
      if (this.lineStart) {
        const byte = chunk[i];
        if (byte === LF) return i + 1;
        if (byte === CR) {
          if (i + 1 === chunk.length) return -1; // the LF may come in the next chunk
          if (chunk[i + 1] === LF) return i + 2;
        }
        this.lineStart = false;
      }
      const lf = chunk.indexOf(LF, i);
      if (lf === -1) return -1;
      this.lineStart = true;
      i = lf + 1;
    }
    return -1;
  }

  private readHead(chunk: Buffer, at: number): number {
    const [text, next] = this.gather(chunk, at, MAX_HEAD_BYTES, 'the answer’s head');
    if (text === null) return next;
    const lines = splitLines(text);
    const statusLine = lines[0] ?? '';
    const match = STATUS_LINE.exec(statusLine);
    if (match === null) {
      throw new ResponseFormatError(
        `not an HTTP/1.1 status line: ${JSON.stringify(statusLine.slice(0, 80))}`,
      );
    }
    const status = Number(match[2]);
    const headers = parseFields(lines, 1);
    if (status < 200) {
      // 101 would switch protocols, which was never asked for; other 1xx precede the answer.
      if (status === 101) throw new ResponseFormatError('the server switched protocols unasked');
      return next;
    }
    this.keepAlive = match[1] === '1' && !hasToken(headers.connection, 'close');
    this.sink.onHead(status, headers);
    this.frameBody(status, headers);
    return next;
  }

  /** How the body is delimited (RFC 9112 §6.3). */
  private frameBody(status: number, headers: Record<string, string>): void {
    if (this.method === 'HEAD' || status === 204 || status === 304) {
      this.finish();
      return;
    }
    const coding = headers['transfer-encoding'];
    if (coding !== undefined) {
      // With both, the length is ignored and the connection not trusted again.
      if (headers['content-length'] !== undefined) this.keepAlive = false;
      const codings = coding.toLowerCase().split(',');
      if (codings[codings.length - 1]?.trim() === 'chunked') this.state = State.ChunkSize;
      else {
        this.keepAlive = false;
        this.state = State.UntilClose;
      }
      return;
    }
    const length = headers['content-length'];
    if (length === undefined) {
      this.keepAlive = false;
      this.state = State.UntilClose;
      return;
    }
    // Repeated Content-Length headers are joined with ", ": all must agree.
    const values = new Set(length.split(',').map((v) => v.trim()));
    const [only] = values;
    if (values.size !== 1 || only === undefined || !/^\d{1,15}$/.test(only)) {
      throw new ResponseFormatError(`bad Content-Length: ${JSON.stringify(length.slice(0, 40))}`);
    }
    this.left = Number(only);
    if (this.left === 0) this.finish();
    else this.state = State.Length;
  }

  private readChunkSize(chunk: Buffer, at: number): number {
    const lf = chunk.indexOf(LF, at);
    const text = this.collect(chunk, at, lf, MAX_CHUNK_LINE_BYTES, 'a chunk-size line is too long');
    if (text === null) return chunk.length;
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;
    const semicolon = line.indexOf(';');
    const size = (semicolon === -1 ? line : line.slice(0, semicolon)).trim();
    if (!HEX.test(size)) {
      throw new ResponseFormatError(`bad chunk size: ${JSON.stringify(line.slice(0, 40))}`);
    }
    this.left = parseInt(size, 16);
    if (!Number.isSafeInteger(this.left)) throw new ResponseFormatError('a chunk is too large');
    if (this.left === 0) {
      this.state = State.Trailers;
      this.lineStart = true; // the empty line may follow at once
    } else this.state = State.ChunkData;
    return lf + 1;
  }

  /** The CRLF after a chunk's data (a bare LF is taken too). */
  private readChunkEnd(chunk: Buffer, at: number): number {
    const byte = chunk[at];
    if (byte === LF) {
      this.state = State.ChunkSize;
      this.sawCr = false;
      return at + 1;
    }
    if (byte === CR && !this.sawCr) {
      this.sawCr = true;
      return at + 1;
    }
    throw new ResponseFormatError('a chunk does not end where its size says');
  }

  /** Trailer fields after the last chunk: read within the limit, then dropped. */
  private readTrailers(chunk: Buffer, at: number): number {
    const [text, next] = this.gather(chunk, at, MAX_HEAD_BYTES, 'the trailers');
    if (text === null) return next;
    parseFields(splitLines(text), 0);
    this.finish();
    return next;
  }
}

/** The lines of a block, without their CR LF and without the empty line that ends it. */
function splitLines(text: string): string[] {
  const lines = text.split('\n');
  lines.length -= 2; // the block ends with "\n\n": two empty pieces after the split
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.endsWith('\r')) lines[i] = line.slice(0, -1);
  }
  return lines;
}

/** Header fields from `lines[from]` on: lower-cased names, repeated ones joined with ", ". */
function parseFields(lines: string[], from: number): Record<string, string> {
  if (lines.length - from > MAX_HEADERS) {
    throw new ResponseFormatError(`more than ${String(MAX_HEADERS)} header fields`);
  }
  // A plain object (a null-prototype one was most of the reader's time): inherited names are
  // looked past with hasOwn, and `__proto__` is dropped like set-cookie.
  const fields: Record<string, string> = {};
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] as string;
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon);
    // A line folded onto the previous one (obs-fold) is refused, as RFC 9112 allows.
    if (!TOKEN.test(name)) {
      throw new ResponseFormatError(`bad header line: ${JSON.stringify(line.slice(0, 80))}`);
    }
    const value = line.slice(colon + 1).trim();
    if (!FIELD_VALUE.test(value)) {
      throw new ResponseFormatError(`bad value of header ${name.slice(0, 40)}`);
    }
    const key = name.toLowerCase();
    if (key === 'set-cookie' || key === '__proto__') continue;
    fields[key] = Object.hasOwn(fields, key) ? `${fields[key] as string}, ${value}` : value;
  }
  return fields;
}

/** Whether a comma-separated header holds the token (case-insensitive). */
function hasToken(value: string | undefined, token: string): boolean {
  if (value === undefined) return false;
  return value
    .toLowerCase()
    .split(',')
    .some((part) => part.trim() === token);
}
