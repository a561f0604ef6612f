export type {
  LicenseCategory,
  LicenseDecision,
  LicenseInput,
  LicenseMapping,
  LicenseSource,
} from './types.js';
export { categoryRank } from './categories.js';
export { decideLicense, judgeExpression } from './decide.js';
export { checkLicenseLists } from './policy.js';
export type { ListVerdict } from './policy.js';
export { lookupAlias } from './aliases.js';
export { lookupClassifier } from './classifiers.js';
export { recogniseLicenseText } from './texts.js';
