// S3 versioning rules as pure functions over a key's version list (newest first).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
//   unversioned: one null version, replaced on write, removed on delete
//   Enabled:     every write adds a version with a new id; a plain delete adds a delete marker
//   Suspended:   writes and plain deletes replace the null version (a null delete marker for deletes)
//   delete ?versionId=v removes exactly that version or marker for good in every state.
import { randomBytes } from 'node:crypto';
import type { ObjectVersion, VersioningState } from './storage/object-store.ts';

export const NULL_VERSION = 'null';

let lastTime = 0;
let counter = 0;

/** New version ids sort by creation time (then random), are URL-safe and 32 characters like S3's. */
export function newVersionId(): string {
  const now = Date.now();
  counter = now === lastTime ? counter + 1 : 0;
  lastTime = now;
  const head = now.toString(36).padStart(9, '0') + counter.toString(36).padStart(3, '0');
  return head + randomBytes(15).toString('base64url');
}

export function isValidVersionId(id: string): boolean {
  return id === NULL_VERSION || /^[0-9a-z]{12}[A-Za-z0-9_-]{20}$/.test(id);
}

export interface WriteOutcome {
  versions: ObjectVersion[];
  written: ObjectVersion;
}

/** Adds `draft` as the current version; its versionId is chosen by the bucket state. */
export function applyWrite(versions: ObjectVersion[], state: VersioningState, draft: Omit<ObjectVersion, 'versionId'>): WriteOutcome {
  if (state === 'Enabled') {
    const written = { ...draft, versionId: newVersionId() };
    return { versions: [written, ...versions], written };
  }
  const written = { ...draft, versionId: NULL_VERSION };
  return { versions: [written, ...versions.filter((v) => v.versionId !== NULL_VERSION)], written };
}

export interface DeleteOutcome {
  versions: ObjectVersion[];
  /** The delete marker created, if any. */
  marker?: ObjectVersion;
  /** The version removed for good, if any. */
  removed?: ObjectVersion;
}

/** DELETE without a version id. */
export function applyDelete(versions: ObjectVersion[], state: VersioningState, now: string): DeleteOutcome {
  if (state === 'Unversioned') {
    const removed = versions.find((v) => v.versionId === NULL_VERSION);
    return removed ? { versions: versions.filter((v) => v !== removed), removed } : { versions };
  }
  const marker: ObjectVersion = {
    versionId: state === 'Enabled' ? newVersionId() : NULL_VERSION,
    deleteMarker: true,
    lastModified: now,
    etag: '',
    size: 0,
    headers: {},
    metadata: {},
    segments: [],
    tags: [],
  };
  const rest = state === 'Enabled' ? versions : versions.filter((v) => v.versionId !== NULL_VERSION);
  return { versions: [marker, ...rest], marker };
}

/** DELETE ?versionId=v: removing a delete marker that is current makes the previous version current again. */
export function applyDeleteVersion(versions: ObjectVersion[], versionId: string): DeleteOutcome {
  const removed = versions.find((v) => v.versionId === versionId);
  return removed ? { versions: versions.filter((v) => v !== removed), removed } : { versions };
}

/** The version a read addresses: the given id, or the current one. */
export function findVersion(versions: ObjectVersion[], versionId: string | undefined): ObjectVersion | undefined {
  return versionId === undefined ? versions[0] : versions.find((v) => v.versionId === versionId);
}
