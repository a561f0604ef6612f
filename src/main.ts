/** The action's entry: @actions/core wired to runAction, and no stack trace on failure. */
import * as core from '@actions/core';
import { writeFileSync } from 'node:fs';
import { readPayload } from './action/event.js';
import { runAction } from './action/run.js';
import { messageFor } from './diagnostics.js';
import { escapeMarkdown, plainText } from './text/escape.js';

export async function run(): Promise<void> {
  try {
    const event = readPayload(process.env.GITHUB_EVENT_PATH);
    await runAction({
      env: process.env,
      payload: event.payload,
      payloadProblem: event.problem,
      getInput: (name) => core.getInput(name),
      setSecret: (value) => {
        core.setSecret(value);
      },
      info: (line) => {
        core.info(plainText(line));
      },
      warning: (line) => {
        core.warning(plainText(line));
      },
      annotate: (a) => {
        const properties = {
          title: a.title,
          file: a.file,
          ...(a.line === null ? {} : { startLine: a.line }),
        };
        if (a.level === 'error') core.error(a.message, properties);
        else if (a.level === 'warning') core.warning(a.message, properties);
        else core.notice(a.message, properties);
      },
      setOutput: (name, value) => {
        core.setOutput(name, value);
      },
      setFailed: (message) => {
        core.setFailed(plainText(message));
      },
      writeSummary: async (markdown) => {
        if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write();
      },
      cwd: () => process.cwd(),
      writeFile: (path, text) => {
        writeFileSync(path, text);
      },
      // Off a runner (no cache service) there is nothing to restore or save. @actions/cache
      // (and the Azure storage client it brings) is loaded only for a run that uses it.
      restoreCache: async (paths, key, restoreKeys) => {
        const actionsCache = await import('@actions/cache');
        return actionsCache.isFeatureAvailable()
          ? actionsCache.restoreCache(paths, key, restoreKeys)
          : undefined;
      },
      saveCache: async (paths, key) => {
        const actionsCache = await import('@actions/cache');
        if (actionsCache.isFeatureAvailable()) await actionsCache.saveCache(paths, key);
      },
    });
  } catch (error) {
    // Fail closed, and say so where people look: a run that could not finish (GitHub refused a
    // read, a bad input) still writes its outcome and a job summary.
    const message = `pygovern: ${messageFor(error, 'action')}`;
    core.setOutput('outcome', 'fail');
    if (process.env.GITHUB_STEP_SUMMARY) {
      const body = `## ❌ pygovern could not finish\n\n${escapeMarkdown(plainText(message))}\n\nNothing was judged, so the check fails.\n`;
      await core.summary
        .addRaw(body)
        .write()
        .catch(() => undefined);
    }
    core.setFailed(plainText(message));
  }
}
