/**
 * The GitHub reads a run needs first (the files a push changed, a policy file at the base),
 * over node:http(s) instead of Octokit: loading Octokit and undici costs more than a push that
 * changes no manifest does in all. Only the plain answer is handled here — 200, and 404 for a
 * file that does not exist. Anything else (a redirect, a rate limit, an error, a proxy to go
 * through, an answer too large or too slow) is left to Octokit, which makes the call again
 * with its retries, rate-limit waits and messages.
 */
import type { IncomingMessage, RequestOptions, ClientRequest } from 'node:http';
import { nodeHttp, nodeHttps } from '../node-http.js';
import { PYGOVERN_VERSION } from '../version.js';

/** A plain answer: its body for a 200, none for a 404; null: let Octokit make the call. */
export type LightAnswer = { status: 200; body: Buffer } | { status: 404 } | null;

export interface LightReads {
  get(path: string, raw: boolean): Promise<LightAnswer>;
}

/** Larger answers are left to Octokit (the contents API serves files up to 100 MB). */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
/** A slower answer is left to Octokit. */
const TIMEOUT_MS = 30_000;

/** Whether requests to the API go through a proxy (Octokit's client knows how). */
function usesProxy(env: Readonly<Record<string, string | undefined>>): boolean {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some(
    (name) => (env[name] ?? '') !== '',
  );
}

/** Octokit's token scheme: `bearer` for a JWT (an app's), `token` for the others. */
const authorization = (token: string) =>
  `${token.split('.').length === 3 ? 'bearer' : 'token'} ${token}`;

/** The reads over node:http(s); null when they cannot be made this way (a proxy, another scheme). */
export function lightReads(
  baseUrl: string,
  token: string,
  env: Readonly<Record<string, string | undefined>>,
): LightReads | null {
  if (usesProxy(env) || !URL.canParse(baseUrl)) return null;
  const base = new URL(baseUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') return null;
  const prefix = base.pathname.replace(/\/+$/, '');
  // Only the module the address needs is loaded (node:https brings TLS).
  type Request = (options: RequestOptions, answer: (res: IncomingMessage) => void) => ClientRequest;
  let loaded: Request | null = null;
  const requestOf = () =>
    (loaded ??= base.protocol === 'https:' ? nodeHttps().request : nodeHttp().request);
  return {
    get: async (path, raw) => {
      const request = requestOf();
      return new Promise<LightAnswer>((settle) => {
        // The socket timeout only bounds silence; this bounds the whole answer (a slow drip too).
        const whole = setTimeout(() => {
          req.destroy();
          done(null);
        }, TIMEOUT_MS);
        const done = (answer: LightAnswer) => {
          clearTimeout(whole);
          settle(answer);
        };
        const req = request(
          {
            protocol: base.protocol,
            hostname: base.hostname,
            port: base.port,
            path: `${prefix}${path}`,
            method: 'GET',
            headers: {
              accept: raw ? 'application/vnd.github.v3.raw' : 'application/vnd.github.v3+json',
              authorization: authorization(token),
              'user-agent': `pygovern/${PYGOVERN_VERSION}`,
            },
            timeout: TIMEOUT_MS,
          },
          (res: IncomingMessage) => {
            const status = res.statusCode;
            if (status === 404) {
              res.resume();
              done({ status: 404 });
              return;
            }
            if (status !== 200) {
              res.resume();
              done(null);
              return;
            }
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > MAX_ANSWER_BYTES) {
                req.destroy();
                done(null);
              } else chunks.push(chunk);
            });
            res.on('end', () => {
              done({ status: 200, body: Buffer.concat(chunks) });
            });
            // An answer cut short ends in an error or a close without its end.
            res.on('error', () => {
              done(null);
            });
            res.on('close', () => {
              done(null);
            });
          },
        );
        req.on('timeout', () => req.destroy());
        req.on('error', () => {
          done(null);
        });
        req.end();
      });
    },
  };
}
