import { createRequire as __pygovernRequire } from 'node:module'; const require = __pygovernRequire(import.meta.url);
var o="0.1.0";var t=["cyclonedx","spdx"];export{o as a,t as b};
