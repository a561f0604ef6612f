/** The version of pygovern (kept equal to package.json's by a test). */
export const PYGOVERN_VERSION = '0.1.0';
