import { createRequire as __pygovernRequire } from 'node:module'; const require = __pygovernRequire(import.meta.url);
import{a}from"./chunk-OZKAXGMW.js";import"./chunk-B4UGTS7R.js";import"./chunk-EWGMJXFJ.js";import"./chunk-BGDIFOVZ.js";import"./chunk-I6CJRN64.js";export{a as renderSbom};
