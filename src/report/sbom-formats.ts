/** The SBOM formats, apart from sbom.ts so that parsing arguments loads no licence tables. */
export const SBOM_FORMATS = ['cyclonedx', 'spdx'] as const;
export type SbomFormat = (typeof SBOM_FORMATS)[number];
