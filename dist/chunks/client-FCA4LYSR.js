import { createRequire as __pygovernRequire } from 'node:module'; const require = __pygovernRequire(import.meta.url);
import{a as b,b as c,d}from"./chunk-DKS7TZY6.js";import"./chunk-DX627D7M.js";import"./chunk-6N3JHQLK.js";import{c as a}from"./chunk-YEGX3B6X.js";import"./chunk-I6CJRN64.js";export{c as DEFAULT_USER_AGENT,b as SIMPLE_ACCEPT,d as createHttpClient,a as redactUrl};
