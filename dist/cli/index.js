#!/usr/bin/env node
import { createRequire as __pygovernRequire } from 'node:module'; const require = __pygovernRequire(import.meta.url);
import{a as x}from"./chunks/chunk-F3HYTM4Q.js";import{a as h,e as v,i as l,l as d,m as i,o as $,s as I,x as E}from"./chunks/chunk-ORLLC7GB.js";import"./chunks/chunk-WVW2XFAM.js";import"./chunks/chunk-KGLZDFAN.js";import{a as k,c as P}from"./chunks/chunk-ZMCLRYA2.js";import"./chunks/chunk-T4REQS3E.js";import"./chunks/chunk-RQC3OXKV.js";import"./chunks/chunk-FLB6BNK3.js";import{a as b}from"./chunks/chunk-7BLSHXMY.js";import"./chunks/chunk-R3AE44DD.js";import{parseArgs as R}from"node:util";var M=["text","markdown","json","sarif"],Y=["json","table"],g=`Usage:
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
                                      ${h.join("|")}

check options:
  --format text|markdown|json|sarif   output format (default: text)
  --output FILE                       write the report to FILE instead of stdout
  --charts                            with --format markdown: Mermaid charts of licences,
                                      release age and the dependency tree
  --fail-on error|warning|never       lowest severity that fails (exit 1)
  --config FILE                       policy file (pygovern.toml or pyproject.toml)
  --base GIT-REF                      mark findings the change since GIT-REF introduces
  --index-url URL                     PyPI JSON API root (default https://pypi.org/pypi)
  --simple-url URL                    PEP 691 Simple API root, for indexes without the JSON API
  --osv-url URL                       OSV API root (default https://api.osv.dev)
  --github-api-url URL                GitHub API root (default $GITHUB_API_URL or https://api.github.com)
  --python-version X.Y[,X.Y]          the Pythons the project targets
  --no-transitive   --max-depth N     judge only what manifests name / levels of the
                                      dependency tree below them (default 10)
  --today YYYY-MM-DD                  judge as of this day (default: the current date)
  --cache-dir DIR   --no-cache   --offline
  --timeout SECONDS                   deadline for all facts together (default 300); what is
                                      left when it passes is reported as could not tell

Exit status: 0 pass, 1 policy failure, 2 usage or input error.
Tokens come from the environment: GITHUB_TOKEN, PYGOVERN_INDEX_TOKEN.`;function m(t,e,n){if(e===void 0)return null;if(n.includes(e))return e;throw new i(`--${t} must be one of ${n.join(", ")} (got "${e}")`)}function O(t){return m("kind",typeof t=="string"?t:void 0,h)}var L=/^\d+\.\d+$/;function S(t){let[e,...n]=t;if(e===void 0||e==="help"||e==="--help"||e==="-h")return{command:"help",topic:t[1]??null};if(e==="--version"||e==="version")return{command:"version"};if(e==="deps"){let{values:s,positionals:r}=A(n,{format:{type:"string"},json:{type:"boolean"},kind:{type:"string"}}),o=typeof s.format=="string"?s.format:void 0,a=m("format",o,Y);if(s.json===!0&&a==="table")throw new i("--json and --format table contradict each other");return{command:"deps",paths:r,format:s.json===!0?"json":a??"table",kind:O(s.kind)}}if(e==="check")return N(n);if(e==="sbom"){let{format:s,...r}=N(n,"sbom");return{...r,command:"sbom",format:m("format",s,x)??"cyclonedx"}}throw new i(`unknown command "${e}"; expected deps, check or sbom`)}function N(t,e="check"){let{values:n,positionals:s}=A(t,{format:{type:"string"},kind:{type:"string"},output:{type:"string"},...e==="check"?{"fail-on":{type:"string"},base:{type:"string"},charts:{type:"boolean"}}:{},config:{type:"string"},"index-url":{type:"string"},"simple-url":{type:"string"},"osv-url":{type:"string"},"github-api-url":{type:"string"},"python-version":{type:"string"},"no-transitive":{type:"boolean"},"max-depth":{type:"string"},today:{type:"string"},"cache-dir":{type:"string"},"no-cache":{type:"boolean"},offline:{type:"boolean"},timeout:{type:"string"}}),r=c=>{let u=n[c];return typeof u=="string"?u:null},o=r("python-version")?.split(",").map(c=>c.trim()).filter(c=>c!=="");for(let c of o??[])if(!L.test(c))throw new i(`--python-version takes X.Y (got "${c}")`);let a=r("today"),y=a===null?null:P(a);if(a!==null&&y===null)throw new i(`--today takes a date YYYY-MM-DD (got "${a}")`);let p=r("max-depth");if(p!==null&&(!/^\d{1,4}$/.test(p)||Number(p)<1))throw new i(`--max-depth takes a whole number, at least 1 (got "${p}")`);let f=r("timeout");if(f!==null&&(!/^\d{1,6}$/.test(f)||Number(f)<1))throw new i(`--timeout takes a whole number of seconds, at least 1 (got "${f}")`);let w=n.charts===!0;if(w&&r("format")!=="markdown")throw new i("--charts draws Mermaid charts in Markdown: use it with --format markdown");for(let c of["index-url","simple-url","osv-url","github-api-url"]){let u=r(c);if(u!==null&&!URL.canParse(u))throw new i(`--${c} must be an absolute URL (got "${b(u)}")`)}return{command:"check",paths:s,format:e==="sbom"?r("format")??void 0:m("format",r("format")??void 0,M)??"text",kind:O(n.kind),output:r("output"),failOn:m("fail-on",r("fail-on")??void 0,v),config:r("config"),indexUrl:r("index-url"),simpleUrl:r("simple-url"),osvUrl:r("osv-url"),githubApiUrl:r("github-api-url"),pythonVersions:o??null,noTransitive:n["no-transitive"]===!0,maxDepth:p===null?null:Number(p),today:y,cacheDir:r("cache-dir"),noCache:n["no-cache"]===!0,offline:n.offline===!0,base:r("base"),timeoutS:f===null?null:Number(f),charts:w}}function A(t,e){try{return R({args:[...t],options:e,allowPositionals:!0,strict:!0})}catch(n){throw new i(n instanceof Error?n.message:String(n))}}function C(t){return{manifests:t.map(e=>({path:e.path,kind:e.kind,requiresPython:e.requiresPython,...e.kind==="conda"?{channels:e.condaChannels??[]}:{},dependencies:e.dependencies.map(F),errors:e.errors,notices:(e.notices??[]).map(({rule:n,file:s,line:r,message:o})=>({rule:n,file:s,line:r,message:o}))}))}}function F(t){return{name:t.name,normalizedName:t.normalizedName,specifier:t.specifier,extras:t.extras,marker:t.marker,url:t.url,version:t.version,group:t.group,editable:t.editable,constraint:t.constraint,file:t.file,line:t.line,source:t.source}}function _(t){let e=[];for(let n of t){let s=n.requiresPython===null?"":`  (Python ${n.requiresPython})`;e.push(l(`${n.path}  [${n.kind}]  ${String(n.dependencies.length)} dependencies${s}`));let r=n.dependencies.map(o=>[o.name+(o.extras.length>0?`[${o.extras.join(",")}]`:""),o.version??(o.specifier===""?"*":o.specifier),o.group+(o.constraint?" (constraint)":""),G(o.source),`${o.file}:${String(o.line)}`].map(l));for(let o of H([["package","version","group","source","where"],...r]))e.push(`  ${o}`);for(let o of n.errors)e.push(`  error: ${d(o)}`);for(let o of n.notices??[])e.push(`  notice: ${d(o)}`);e.push("")}return e.join(`
`)}function G(t){return t.kind==="registry"?"PyPI":t.kind==="conda"&&t.channel!==null?`conda (${t.channel})`:t.kind}function H(t){let e=[];for(let n of t)n.forEach((s,r)=>e[r]=Math.max(e[r]??0,s.length));return t.map(n=>n.map((s,r)=>r===n.length-1?s:s.padEnd(e[r]??0)).join("  ").trimEnd())}async function T(t,e){let{manifests:n,errors:s}=await I(t.paths,e.cwd,t.kind),r=await E(n,e.cwd);e.stdout(t.format==="json"?`${JSON.stringify(C(r),null,2)}
`:_(r));let o=[...s,...r.flatMap(a=>a.errors)];for(let a of o)e.stderr(`${d(a)}
`);return o.length>0?2:0}async function j(t,e){try{let n=S(t);switch(n.command){case"help":return e.stdout(`${g}
`),0;case"version":return e.stdout(`pygovern ${k}
`),0;case"deps":return await T(n,e);case"check":case"sbom":return await(await import("./chunks/check-Y66UASH2.js")).runCheckCommand(n,e)}}catch(n){return n instanceof i?(e.stderr(`pygovern: ${l($(n,"cli"))}

${g}
`),2):(e.stderr(`pygovern: internal error: ${l(n instanceof Error?n.message:String(n))}
`),2)}}function D(t){t.on("error",e=>{throw e.code==="EPIPE"&&process.exit(0),e})}function U(){return D(process.stdout),D(process.stderr),{stdout:t=>process.stdout.write(t),stderr:t=>process.stderr.write(t),cwd:process.cwd(),env:process.env,colour:process.stdout.isTTY&&process.env.NO_COLOR===void 0,stderrTerminal:process.stderr}}process.exitCode=await j(process.argv.slice(2),U());
