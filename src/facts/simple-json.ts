/**
 * A PEP 691 JSON project page read from its bytes: the fields pygovern uses of each file,
 * `name`, `project-status` and PEP 700 `versions`, pulled by `JsonFieldReader` without
 * building the page (a big project's page is tens of megabytes of hashes and URLs).
 */
import { JsonFieldError, JsonFieldReader, type FieldSink, type JsonScalar } from './json-fields.js';

/** One file of a JSON page, as listed (the URL as given, maybe relative). */
export interface JsonPageFile {
  filename: string;
  url: string | null;
  requiresPython: string | null;
  /** false, true, or the reason. */
  yanked: boolean | string;
  uploadTime: string | null;
  /** `core-metadata` (or the older `dist-info-metadata`) is there and not false. */
  coreMetadata: boolean;
}

/** Where a page's files go as they are read (a big page is not held whole). */
export interface FileSink {
  /** A `files` list starts: a member given twice counts as its last, as JSON.parse reads it. */
  start(): void;
  file(file: JsonPageFile): void;
}

/** A page but its files (given to the `FileSink`). */
export interface JsonPage {
  name: string | null;
  /** `project-status`: its `status` (or `state`) and `reason`, when it is an object. */
  status: { status: string | null; reason: string | null } | null;
  versions: string[] | null;
}

/** Places of the page, as the field tree names them. */
const At = {
  Page: 0,
  Name: 1,
  Files: 2,
  File: 3,
  Filename: 4,
  Url: 5,
  RequiresPython: 6,
  Yanked: 7,
  UploadTime: 8,
  CoreMetadata: 9,
  DistInfoMetadata: 10,
  Status: 11,
  StatusStatus: 12,
  StatusState: 13,
  StatusReason: 14,
  Versions: 15,
  Version: 16,
  Ignored: 17,
} as const;
type At = (typeof At)[keyof typeof At];

/** A member that may be an object or a scalar: only whether it is there and not false counts. */
const presence = (id: At) => ({ id, members: {}, items: { id: At.Ignored } });

/** The page's tree; `url` only when the URLs are wanted (the longest string of each file). */
const treeOf = (withUrls: boolean) => ({
  id: At.Page,
  members: {
    name: { id: At.Name },
    files: {
      id: At.Files,
      items: {
        id: At.File,
        members: {
          filename: { id: At.Filename },
          ...(withUrls ? { url: { id: At.Url } } : {}),
          'requires-python': { id: At.RequiresPython },
          yanked: { id: At.Yanked },
          'upload-time': { id: At.UploadTime },
          'core-metadata': presence(At.CoreMetadata),
          'dist-info-metadata': presence(At.DistInfoMetadata),
        },
      },
    },
    'project-status': {
      id: At.Status,
      members: {
        status: { id: At.StatusStatus },
        state: { id: At.StatusState },
        reason: { id: At.StatusReason },
      },
    },
    versions: { id: At.Versions, items: { id: At.Version } },
  },
});
const TREES = { withUrls: treeOf(true), withoutUrls: treeOf(false) };

/** A member as read: undefined when absent; true for an object where only presence counts. */
type Member = JsonScalar | undefined;

/** A file's members as they come, checked when the file's object ends. */
class FileFields {
  filename: Member = undefined;
  url: Member = undefined;
  requiresPython: Member = undefined;
  yanked: Member = undefined;
  uploadTime: Member = undefined;
  coreMetadata: Member = undefined;
  distInfoMetadata: Member = undefined;
}

const text = (v: Member): string | null => (typeof v === 'string' && v !== '' ? v : null);

class PageSink implements FieldSink {
  isPage = false;
  filesListed = false;
  name: Member = undefined;
  file: FileFields | null = null;
  status: {
    status: Member;
    state: Member;
    reason: Member;
  } | null = null;
  versions: string[] | null = null;

  constructor(
    private readonly withUrls: boolean,
    private readonly files: FileSink,
  ) {}

  open(id: number): void {
    switch (id) {
      case At.Page:
        this.isPage = true;
        break;
      case At.Files:
        this.filesListed = true;
        this.files.start();
        break;
      case At.File:
        this.file = new FileFields();
        break;
      case At.CoreMetadata:
        if (this.file !== null) this.file.coreMetadata = true;
        break;
      case At.DistInfoMetadata:
        if (this.file !== null) this.file.distInfoMetadata = true;
        break;
      case At.Status:
        this.status = { status: undefined, state: undefined, reason: undefined };
        break;
      case At.Versions:
        this.versions = [];
        break;
      default:
        break;
    }
  }

  close(id: number): void {
    if (id !== At.File || this.file === null) return;
    const f = this.file;
    this.file = null;
    if (typeof f.filename !== 'string') return;
    if (this.withUrls && typeof f.url !== 'string') return;
    const metadata = f.coreMetadata ?? f.distInfoMetadata;
    this.files.file({
      filename: f.filename,
      url: typeof f.url === 'string' ? f.url : null,
      requiresPython: text(f.requiresPython),
      yanked: typeof f.yanked === 'string' ? f.yanked || true : f.yanked === true,
      uploadTime: text(f.uploadTime),
      coreMetadata: metadata !== undefined && metadata !== null && metadata !== false,
    });
  }

  value(id: number, value: JsonScalar): void {
    const f = this.file;
    switch (id) {
      case At.Name:
        this.name = value;
        break;
      case At.Files:
        this.filesListed = false;
        break;
      case At.Filename:
        if (f !== null) f.filename = value;
        break;
      case At.Url:
        if (f !== null) f.url = value;
        break;
      case At.RequiresPython:
        if (f !== null) f.requiresPython = value;
        break;
      case At.Yanked:
        if (f !== null) f.yanked = value;
        break;
      case At.UploadTime:
        if (f !== null) f.uploadTime = value;
        break;
      case At.CoreMetadata:
        if (f !== null) f.coreMetadata = value;
        break;
      case At.DistInfoMetadata:
        if (f !== null) f.distInfoMetadata = value;
        break;
      case At.Status:
        this.status = null;
        break;
      case At.StatusStatus:
        if (this.status !== null) this.status.status = value;
        break;
      case At.StatusState:
        if (this.status !== null) this.status.state = value;
        break;
      case At.StatusReason:
        if (this.status !== null) this.status.reason = value;
        break;
      case At.Versions:
        this.versions = null;
        break;
      case At.Version:
        if (typeof value === 'string') this.versions?.push(value);
        break;
      default:
        break;
    }
  }
}

/**
 * The page in these chunks, null when the JSON is no project page (no `files` list), or the
 * reason it is not JSON. `withUrls: false` reads no URL (files need none to date releases).
 */
export function readJsonPage(
  chunks: Iterable<Buffer>,
  withUrls: boolean,
  files: FileSink,
): JsonPage | null | { invalid: string } {
  const sink = new PageSink(withUrls, files);
  const reader = new JsonFieldReader(withUrls ? TREES.withUrls : TREES.withoutUrls, sink);
  try {
    for (const chunk of chunks) reader.write(chunk);
    reader.end();
  } catch (error) {
    if (error instanceof JsonFieldError) return { invalid: error.message };
    throw error;
  }
  if (!sink.isPage || !sink.filesListed) return null;
  const { status } = sink;
  return {
    name: text(sink.name),
    status:
      status === null
        ? null
        : { status: text(status.status) ?? text(status.state), reason: text(status.reason) },
    versions: sink.versions,
  };
}
