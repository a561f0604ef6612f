/** Which paths are requirements files, by name alone. */

/** A requirements file is a `.txt`/`.in` whose path mentions requirements or constraints. */
const REQUIREMENTS_EXT = /\.(txt|in)$/;
const REQUIREMENTS_WORD = /requirement|constraint/i;

/** Whether a path is a requirements file by name; `explicit`: the user named it, any `.txt`/`.in` is. */
export function isRequirementsPath(path: string, explicit: boolean): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return REQUIREMENTS_EXT.test(base) && (explicit || REQUIREMENTS_WORD.test(path));
}
