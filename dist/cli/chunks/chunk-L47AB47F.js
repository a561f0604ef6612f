import { createRequire as __pygovernRequire } from 'node:module'; const require = __pygovernRequire(import.meta.url);
function e(t,r){return t?.isTTY===!0&&(r.CI===void 0||r.CI===""||r.CI==="0")}export{e as a};
