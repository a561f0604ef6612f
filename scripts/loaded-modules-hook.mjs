// Loaded with `node --import`: appends the URL of every module this process loads, one a line,
// to the file $PYGOVERN_LOADED (what a start-up loads: __tests__/e2e/bundle.test.ts).
import { register } from 'node:module';

const hooks = `
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(${JSON.stringify(process.env.PYGOVERN_LOADED ?? '')}, url + '\\n');
  return next(url, context);
}
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
