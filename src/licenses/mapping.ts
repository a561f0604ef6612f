/** Constructors for the entries of the licence tables (aliases, classifiers, texts, mentions). */
import type { LicenseCategory, LicenseMapping } from './types.js';

/** An exact SPDX expression. */
export const spdx = (expression: string): LicenseMapping => ({ kind: 'spdx', expression });

/** A family without the exact licence; OSI-approved unless said otherwise. */
export const family = (
  name: string,
  category: LicenseCategory,
  osiApproved: boolean | null = true,
): LicenseMapping => ({ kind: 'family', family: name, category, osiApproved });

/** Names no licence. */
export const NONE: LicenseMapping = { kind: 'none' };
