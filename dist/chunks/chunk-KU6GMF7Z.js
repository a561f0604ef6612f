import { createRequire as __pygovernRequire } from 'node:module'; const require = __pygovernRequire(import.meta.url);
function t(p){let e=p.replace(/\/+$/,"");return e.endsWith("/pypi")?`${e.slice(0,-5)}/simple`:null}export{t as a};
