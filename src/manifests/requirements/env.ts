/** pip's `${VAR}` expansion: only upper-case names in braces; unset or empty stays as written. */

const ENV_VAR = /\$\{([A-Z0-9_]+)\}/g;

/** `text` with each `${VAR}` set in `env` replaced by its value. */
export function expandEnv(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(ENV_VAR, (whole, name: string) => {
    const value = env[name];
    return value === undefined || value === '' ? whole : value;
  });
}
