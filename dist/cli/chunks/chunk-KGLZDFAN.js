import { createRequire as __pygovernRequire } from 'node:module'; const require = __pygovernRequire(import.meta.url);
var n=new WeakMap;function i(t,e,r){e!==r&&n.set(t,e)}function o(t){return n.get(t)??null}export{i as a,o as b};
