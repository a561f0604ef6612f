// Run by `npm run bench` in its own process, with bench-start-hook.mjs: the least a client can
// spend on the check's GET answers on this machine. A bare Node start, then every URL of the
// JSON file given fetched over keep-alive sockets (as many as the check keeps in flight, one
// request at a time on each), gzip bodies inflated, nothing parsed, checked or cached. Only
// for the bench's fakes: answers must carry Content-Length.
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import zlib from 'node:zlib';

const [urlsFile, concurrency, accept, simpleAccept] = process.argv.slice(2);
const queue = JSON.parse(readFileSync(urlsFile, 'utf8')).map((url) => new URL(url));
let bytes = 0;

/** A keep-alive socket and the chunks it has received and not yet used (joined once each). */
async function connect(url) {
  const socket = net.connect(Number(url.port), url.hostname);
  socket.setNoDelay(true);
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const state = { socket, chunks: [], size: 0, wake: null, closed: false };
  socket.on('data', (data) => {
    state.chunks.push(data);
    state.size += data.length;
    state.wake?.();
  });
  // A fake that closes mid-answer ends the bench with an error instead of a wait for ever.
  socket.on('close', () => {
    state.closed = true;
    state.wake?.();
  });
  return state;
}

/** The received bytes as one buffer (joining only when there is more than one chunk). */
function received(state) {
  if (state.chunks.length > 1) state.chunks = [Buffer.concat(state.chunks, state.size)];
  return state.chunks[0] ?? null;
}

async function fetchOne(state, url) {
  const type = url.pathname.includes('/simple/') ? simpleAccept : accept;
  state.socket.write(
    `GET ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\naccept: ${type}\r\naccept-encoding: gzip\r\nauthorization: Bearer bench\r\n\r\n`,
    'latin1',
  );
  // The head is looked for until found; the body's bytes are then only counted until they
  // are all there, so a large answer is joined once, not once per chunk.
  let total = -1;
  let bodyStart = 0;
  let head = '';
  for (;;) {
    if (total < 0) {
      const pending = received(state);
      const end = pending === null ? -1 : pending.indexOf('\r\n\r\n');
      if (end >= 0) {
        head = pending.latin1Slice(0, end).toLowerCase();
        const length = /\r\ncontent-length: *(\d+)/.exec(head);
        if (length === null) throw new Error(`no Content-Length in the answer to ${url.href}`);
        bodyStart = end + 4;
        total = bodyStart + Number(length[1]);
      }
    }
    if (total >= 0 && state.size >= total) {
      const pending = received(state);
      const body = pending.subarray(bodyStart, total);
      state.chunks = pending.length > total ? [pending.subarray(total)] : [];
      state.size = pending.length - total;
      bytes += (head.includes('content-encoding: gzip') ? zlib.gunzipSync(body) : body).length;
      return;
    }
    if (state.closed) throw new Error(`connection closed before the answer to ${url.href}`);
    await new Promise((resolve) => (state.wake = resolve));
  }
}

/** One request in flight at a time, on a socket per origin that this worker opens when needed. */
async function worker() {
  const sockets = new Map();
  while (queue.length > 0) {
    const url = queue.shift();
    let state = sockets.get(url.host);
    if (state === undefined) {
      state = await connect(url);
      sockets.set(url.host, state);
    }
    await fetchOne(state, url);
  }
  for (const { socket } of sockets.values()) socket.end();
}

await Promise.all(Array.from({ length: Number(concurrency) }, worker));
process.stdout.write(JSON.stringify({ bytes }));
