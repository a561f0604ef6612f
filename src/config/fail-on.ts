// Its own module so that parsing the command line (src/cli/args.ts) does not load the rule
// catalogue that src/config/policy.ts builds on: `pygovern deps` never needs it.

/** The severities a run fails at (`fail-on`), for the CLI, the action and the policy file. */
export const FAIL_ON = ['error', 'warning', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];
