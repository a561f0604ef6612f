import { createHash } from 'node:crypto';
import type { Finding } from '../checks/types.js';

/**
 * A stable id of a finding across runs (rule, package, version, key): SARIF's partial
 * fingerprint, and the hidden mark that stops a review comment from being posted twice.
 */
export function fingerprintOf(f: Finding): string {
  return createHash('sha256')
    .update(`${f.rule}|${f.normalizedName ?? f.manifest}|${f.version ?? ''}|${f.key}`)
    .digest('hex')
    .slice(0, 24);
}
