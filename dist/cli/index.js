#!/usr/bin/env node
import { createRequire as __pygovernRequire } from 'node:module'; const require = __pygovernRequire(import.meta.url);
import{c as h}from"../chunks/chunk-LCXVZFAN.js";import{a as y,b as w}from"../chunks/chunk-7QYVMSK4.js";import{C as s,E as b,q as d,y as l}from"../chunks/chunk-UWGM2AHN.js";import{l as g}from"../chunks/chunk-NZHW5K4A.js";import"../chunks/chunk-I6CJRN64.js";import{parseArgs as P}from"node:util";var A=["text","markdown","json","sarif"],S=["json","table"],m=`Usage:
  pygovern deps  [PATH...] [--json] [--kind KIND]
                                      the dependencies every manifest declares (a table;
                                      --json for the JSON of the deps contract)
  pygovern check [PATH...] [options]  the full governance check
  pygovern sbom  [PATH...] [options]  a bill of materials of what check judges, with its
                                      verdicts (--format cyclonedx|spdx, default cyclonedx;
                                      the check options except --base and --fail-on)

PATH is a manifest or a directory searched for manifests (default: .). A file whose name
pygovern does not know as a manifest is an error (exit 2) unless --kind names its format.

  --kind KIND                         read every FILE named as KIND, whatever its name:
                                      ${d.join("|")}

check options:
  --format text|markdown|json|sarif   output format (default: text)
  --output FILE                       write the report to FILE instead of stdout
  --fail-on error|warning|never       lowest severity that fails (exit 1)
  --config FILE                       policy file (pygovern.toml or pyproject.toml)
  --base GIT-REF                      mark findings the change since GIT-REF introduces
  --index-url URL                     PyPI JSON API root (default https://pypi.org/pypi)
  --simple-url URL                    PEP 691 Simple API root, for indexes without the JSON API
  --osv-url URL                       OSV API root (default https://api.osv.dev)
  --github-api-url URL                GitHub API root (default $GITHUB_API_URL or https://api.github.com)
  --python-version X.Y[,X.Y]          the Pythons the project targets
  --today YYYY-MM-DD                  judge as of this day (default: the current date)
  --cache-dir DIR   --no-cache   --offline
  --timeout SECONDS                   deadline for all facts together (default 300); what is
                                      left when it passes is reported as could not tell

Exit status: 0 pass, 1 policy failure, 2 usage or input error.
Tokens come from the environment: GITHUB_TOKEN, PYGOVERN_INDEX_TOKEN.`;function u(o,t,e){if(t===void 0)return null;if(e.includes(t))return t;throw new s(`--${o} must be one of ${e.join(", ")} (got "${t}")`)}function k(o){return u("kind",typeof o=="string"?o:void 0,d)}var T=/^\d+\.\d+$/,U=/^\d{4}-\d{2}-\d{2}$/;function x(o){let[t,...e]=o;if(t===void 0||t==="help"||t==="--help"||t==="-h")return{command:"help",topic:o[1]??null};if(t==="--version"||t==="version")return{command:"version"};if(t==="deps"){let{values:i,positionals:r}=I(e,{format:{type:"string"},json:{type:"boolean"},kind:{type:"string"}}),f=typeof i.format=="string"?i.format:void 0,a=u("format",f,S);if(i.json===!0&&a==="table")throw new s("--json and --format table contradict each other");return{command:"deps",paths:r,format:i.json===!0?"json":a??"table",kind:k(i.kind)}}if(t==="check")return v(e);if(t==="sbom"){let{format:i,...r}=v(e,"sbom");return{...r,command:"sbom",format:u("format",i,w)??"cyclonedx"}}throw new s(`unknown command "${t}"; expected deps, check or sbom`)}function v(o,t="check"){let{values:e,positionals:i}=I(o,{format:{type:"string"},kind:{type:"string"},output:{type:"string"},...t==="check"?{"fail-on":{type:"string"},base:{type:"string"}}:{},config:{type:"string"},"index-url":{type:"string"},"simple-url":{type:"string"},"osv-url":{type:"string"},"github-api-url":{type:"string"},"python-version":{type:"string"},today:{type:"string"},"cache-dir":{type:"string"},"no-cache":{type:"boolean"},offline:{type:"boolean"},timeout:{type:"string"}}),r=n=>{let p=e[n];return typeof p=="string"?p:null},f=r("python-version")?.split(",").map(n=>n.trim()).filter(n=>n!=="");for(let n of f??[])if(!T.test(n))throw new s(`--python-version takes X.Y (got "${n}")`);let a=r("today");if(a!==null&&(!U.test(a)||Number.isNaN(Date.parse(a))))throw new s(`--today takes a date YYYY-MM-DD (got "${a}")`);let c=r("timeout");if(c!==null&&(!/^\d{1,6}$/.test(c)||Number(c)<1))throw new s(`--timeout takes a whole number of seconds, at least 1 (got "${c}")`);for(let n of["index-url","simple-url","osv-url","github-api-url"]){let p=r(n);if(p!==null&&!URL.canParse(p))throw new s(`--${n} must be an absolute URL (got "${g(p)}")`)}return{command:"check",paths:i,format:t==="sbom"?r("format")??void 0:u("format",r("format")??void 0,A)??"text",kind:k(e.kind),output:r("output"),failOn:u("fail-on",r("fail-on")??void 0,h),config:r("config"),indexUrl:r("index-url"),simpleUrl:r("simple-url"),osvUrl:r("osv-url"),githubApiUrl:r("github-api-url"),pythonVersions:f??null,today:a,cacheDir:r("cache-dir"),noCache:e["no-cache"]===!0,offline:e.offline===!0,base:r("base"),timeoutS:c===null?null:Number(c)}}function I(o,t){try{return P({args:[...o],options:t,allowPositionals:!0,strict:!0})}catch(e){throw new s(e instanceof Error?e.message:String(e))}}async function E(o,t){try{let e=x(o);switch(e.command){case"help":return t.stdout(`${m}
`),0;case"version":return t.stdout(`pygovern ${y}
`),0;case"deps":return await(await import("../chunks/deps-57I4A6VI.js")).runDeps(e,t);case"check":case"sbom":return await(await import("../chunks/check-3GFBZIMY.js")).runCheckCommand(e,t)}}catch(e){return e instanceof s?(t.stderr(`pygovern: ${l(b(e,"cli"))}

${m}
`),2):(t.stderr(`pygovern: internal error: ${l(e instanceof Error?e.message:String(e))}
`),2)}}function N(o){o.on("error",t=>{throw t.code==="EPIPE"&&process.exit(0),t})}function O(){return N(process.stdout),N(process.stderr),{stdout:o=>process.stdout.write(o),stderr:o=>process.stderr.write(o),cwd:process.cwd(),env:process.env,colour:process.stdout.isTTY&&process.env.NO_COLOR===void 0}}process.exitCode=await E(process.argv.slice(2),O());
