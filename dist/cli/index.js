#!/usr/bin/env node
import { createRequire as __pygovernRequire } from 'node:module'; const require = __pygovernRequire(import.meta.url);
import{a as w}from"../chunks/chunk-A3D5DZS3.js";import{a as I}from"../chunks/chunk-KHYLIVAR.js";import{a as m,i as f,m as n,o as x}from"../chunks/chunk-K2RXMAQF.js";import"../chunks/chunk-NGTPRENA.js";import{b}from"../chunks/chunk-SGS4L54H.js";import"../chunks/chunk-6YVR6HHG.js";import{a as k}from"../chunks/chunk-6N3JHQLK.js";import"../chunks/chunk-QTVG7LX6.js";import"../chunks/chunk-ALGTGGNM.js";import"../chunks/chunk-BXTWIK3Z.js";import"../chunks/chunk-OGBSJEKV.js";import{c as v}from"../chunks/chunk-YEGX3B6X.js";import"../chunks/chunk-I6CJRN64.js";import{parseArgs as $}from"node:util";var U=["text","markdown","json","sarif"],R=["json","table"],h=`Usage:
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
                                      ${m.join("|")}

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
Tokens come from the environment: GITHUB_TOKEN, PYGOVERN_INDEX_TOKEN.`;function l(r,t,e){if(t===void 0)return null;if(e.includes(t))return t;throw new n(`--${r} must be one of ${e.join(", ")} (got "${t}")`)}function N(r){return l("kind",typeof r=="string"?r:void 0,m)}var j=/^\d+\.\d+$/;function O(r){let[t,...e]=r;if(t===void 0||t==="help"||t==="--help"||t==="-h")return{command:"help",topic:r[1]??null};if(t==="--version"||t==="version")return{command:"version"};if(t==="deps"){let{values:i,positionals:o}=P(e,{format:{type:"string"},json:{type:"boolean"},kind:{type:"string"}}),u=typeof i.format=="string"?i.format:void 0,a=l("format",u,R);if(i.json===!0&&a==="table")throw new n("--json and --format table contradict each other");return{command:"deps",paths:o,format:i.json===!0?"json":a??"table",kind:N(i.kind)}}if(t==="check")return E(e);if(t==="sbom"){let{format:i,...o}=E(e,"sbom");return{...o,command:"sbom",format:l("format",i,I)??"cyclonedx"}}throw new n(`unknown command "${t}"; expected deps, check or sbom`)}function E(r,t="check"){let{values:e,positionals:i}=P(r,{format:{type:"string"},kind:{type:"string"},output:{type:"string"},...t==="check"?{"fail-on":{type:"string"},base:{type:"string"},charts:{type:"boolean"}}:{},config:{type:"string"},"index-url":{type:"string"},"simple-url":{type:"string"},"osv-url":{type:"string"},"github-api-url":{type:"string"},"python-version":{type:"string"},"no-transitive":{type:"boolean"},"max-depth":{type:"string"},today:{type:"string"},"cache-dir":{type:"string"},"no-cache":{type:"boolean"},offline:{type:"boolean"},timeout:{type:"string"}}),o=s=>{let d=e[s];return typeof d=="string"?d:null},u=o("python-version")?.split(",").map(s=>s.trim()).filter(s=>s!=="");for(let s of u??[])if(!j.test(s))throw new n(`--python-version takes X.Y (got "${s}")`);let a=o("today"),g=a===null?null:b(a);if(a!==null&&g===null)throw new n(`--today takes a date YYYY-MM-DD (got "${a}")`);let c=o("max-depth");if(c!==null&&(!/^\d{1,4}$/.test(c)||Number(c)<1))throw new n(`--max-depth takes a whole number, at least 1 (got "${c}")`);let p=o("timeout");if(p!==null&&(!/^\d{1,6}$/.test(p)||Number(p)<1))throw new n(`--timeout takes a whole number of seconds, at least 1 (got "${p}")`);let y=e.charts===!0;if(y&&o("format")!=="markdown")throw new n("--charts draws Mermaid charts in Markdown: use it with --format markdown");for(let s of["index-url","simple-url","osv-url","github-api-url"]){let d=o(s);if(d!==null&&!URL.canParse(d))throw new n(`--${s} must be an absolute URL (got "${v(d)}")`)}return{command:"check",paths:i,format:t==="sbom"?o("format")??void 0:l("format",o("format")??void 0,U)??"text",kind:N(e.kind),output:o("output"),failOn:l("fail-on",o("fail-on")??void 0,w),config:o("config"),indexUrl:o("index-url"),simpleUrl:o("simple-url"),osvUrl:o("osv-url"),githubApiUrl:o("github-api-url"),pythonVersions:u??null,noTransitive:e["no-transitive"]===!0,maxDepth:c===null?null:Number(c),today:g,cacheDir:o("cache-dir"),noCache:e["no-cache"]===!0,offline:e.offline===!0,base:o("base"),timeoutS:p===null?null:Number(p),charts:y}}function P(r,t){try{return $({args:[...r],options:t,allowPositionals:!0,strict:!0})}catch(e){throw new n(e instanceof Error?e.message:String(e))}}async function A(r,t){try{let e=O(r);switch(e.command){case"help":return t.stdout(`${h}
`),0;case"version":return t.stdout(`pygovern ${k}
`),0;case"deps":return await(await import("../chunks/deps-NVTL5F3Q.js")).runDeps(e,t);case"check":case"sbom":return await(await import("../chunks/check-2EQZSVOG.js")).runCheckCommand(e,t)}}catch(e){return e instanceof n?(t.stderr(`pygovern: ${f(x(e,"cli"))}

${h}
`),2):(t.stderr(`pygovern: internal error: ${f(e instanceof Error?e.message:String(e))}
`),2)}}function S(r){r.on("error",t=>{throw t.code==="EPIPE"&&process.exit(0),t})}function T(){return S(process.stdout),S(process.stderr),{stdout:r=>process.stdout.write(r),stderr:r=>process.stderr.write(r),cwd:process.cwd(),env:process.env,colour:process.stdout.isTTY&&process.env.NO_COLOR===void 0,stderrTerminal:process.stderr}}process.exitCode=await A(process.argv.slice(2),T());
