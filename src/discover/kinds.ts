/** Discovery knows a manifest by its path; the table of formats says which paths are which. */
export { MANIFEST_FILE_NAMES, manifestKindOf } from '../manifests/formats.js';
