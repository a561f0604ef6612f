import { createRequire as __pygovernRequire } from 'node:module'; const require = __pygovernRequire(import.meta.url);
function i(e,r,n){return{path:e,kind:r,requiresPython:null,dependencies:[],errors:n===void 0?[]:[{file:e,line:null,message:n}],options:[],project:null}}export{i as a};
