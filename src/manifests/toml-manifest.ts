/**
 * Every TOML manifest starts alike: the bytes become a TOML document, and a reader over it
 * records each problem in the manifest's errors. A document that does not parse is one error.
 */
import { emptyManifest } from './empty.js';
import { parseToml, type TomlOptions } from './toml.js';
import { TomlReader } from './toml-values.js';
import type { Manifest, ManifestKind } from './types.js';

export type TomlManifest =
  { manifest: Manifest; reader: TomlReader } | { manifest: Manifest; reader: null };

export function readTomlManifest(
  path: string,
  input: Uint8Array | string,
  kind: ManifestKind,
  options: TomlOptions = {},
): TomlManifest {
  const manifest = emptyManifest(path, kind);
  const doc = parseToml(input, path, options);
  if (!doc.ok) {
    manifest.errors.push(doc.error);
    return { manifest, reader: null };
  }
  const reader = new TomlReader(doc.value.value, path, (p) => doc.value.lineOf(p), manifest.errors);
  return { manifest, reader };
}
