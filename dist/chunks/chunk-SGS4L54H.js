import { createRequire as __pygovernRequire } from 'node:module'; const require = __pygovernRequire(import.meta.url);
var e=/^\d{4}-\d{2}-\d{2}$/;function r(n){return n.toISOString().slice(0,10)}function o(n){if(!e.test(n))return null;let t=new Date(`${n}T00:00:00Z`);return Number.isNaN(t.getTime())||r(t)!==n?null:n}function u(n){return new Date(`${n}T00:00:00Z`)}export{r as a,o as b,u as c};
