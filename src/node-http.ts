/**
 * node:http and node:https, loaded with require(). Imported as ES modules, Node builds a
 * module namespace by reading every export, and since Node 22 node:http's lazy `WebSocket`
 * export then loads Node's own copy of undici (nodejs/node#59686): 40 ms and 60 ms of CPU at
 * every start on node 24, the action's runtime, against 7 ms through require().
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

export const nodeHttp = (): typeof import('node:http') =>
  load('node:http') as typeof import('node:http');

export const nodeHttps = (): typeof import('node:https') =>
  load('node:https') as typeof import('node:https');
