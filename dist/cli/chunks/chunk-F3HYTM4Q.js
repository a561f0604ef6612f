import { createRequire as __pygovernRequire } from 'node:module'; const require = __pygovernRequire(import.meta.url);
var c=["cyclonedx","spdx"];export{c as a};
