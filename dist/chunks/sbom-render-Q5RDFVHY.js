import { createRequire as __pygovernRequire } from 'node:module'; const require = __pygovernRequire(import.meta.url);
import{a}from"./chunk-SSEPQWST.js";import"./chunk-VBHRIIUE.js";import"./chunk-7QYVMSK4.js";import"./chunk-NZHW5K4A.js";import"./chunk-I6CJRN64.js";export{a as renderSbom};
