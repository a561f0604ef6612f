import { createRequire as __pygovernRequire } from 'node:module'; const require = __pygovernRequire(import.meta.url);
import{a}from"./chunk-HZRWMZW7.js";import"./chunk-LR2AG6JC.js";import"./chunk-7QYVMSK4.js";import"./chunk-BGDIFOVZ.js";import"./chunk-I6CJRN64.js";export{a as renderSbom};
