/**
 * How the HTTP layer words what went wrong, in one place: every message names the request
 * (`GET https://…`, credentials redacted) and says why in words a person reads in a report.
 */
import { nodeHttp } from '../../node-http.js';
import type { BodyBytes } from './body.js';

/** `HTTP 404 Not Found`. */
export function statusText(status: number): string {
  const reason = nodeHttp().STATUS_CODES[status];
  return `HTTP ${status}${reason === undefined ? '' : ` ${reason}`}`;
}

/** A short, single-line excerpt of an error body for messages. */
export function excerpt(body: BodyBytes): string {
  const text = body.buffer().subarray(0, 400).toString('utf8').replace(/\s+/g, ' ').trim();
  return text === '' ? '' : `: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`;
}

const MIB = 1024 * 1024;
/** `answer larger than 64 MiB`: the limit as people read it. */
export function tooLargeMessage(limit: number, announced?: number): string {
  const size =
    limit >= MIB ? `${String(Math.round((limit / MIB) * 10) / 10)} MiB` : `${String(limit)} bytes`;
  return `answer larger than ${size}${announced === undefined ? '' : ` (Content-Length ${String(announced)})`}`;
}

/** `GET https://… : reason (after 3 attempts)`: the message of a request that failed. */
export const requestFailed = (label: string, reason: string, attempts: number): string =>
  `${label}: ${reason}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`;

/** The client's own refusals, before or instead of a request. */
export const CLIENT = {
  notAbsolute: (shown: string) => `not an absolute URL: ${shown}`,
  notHttp: (shown: string) => `not an http(s) URL: ${shown}`,
  closed: (shown: string) => `HTTP client closed: ${shown}`,
  offlineMiss: (label: string) => `offline and not in the cache: ${label}`,
  compactFailed: (label: string, reason: string) =>
    `the answer could not be reduced to what is used: ${label} (${reason.slice(0, 200)})`,
  unexpected304: (label: string) => `unexpected 304: ${label}`,
  deadline: (seconds: number) => `the facts deadline of ${String(seconds)} s passed`,
} as const;

/** Why a redirect is not followed. */
export const REDIRECT = {
  postNotFollowed: (status: number) => `redirect (${status}) of a POST not followed`,
  invalidLocation: () => `redirect to an invalid location`,
  scheme: (protocol: string) => `redirect to a ${protocol} URL not followed`,
  downgrade: (shown: string) => `redirect from https to http (${shown}) not followed`,
  crossOrigin: (shown: string) => `redirect to another origin (${shown}) not followed`,
  tooMany: (max: number) => `more than ${max} redirects`,
} as const;
