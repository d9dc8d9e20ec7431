// A model of S3's versioning rules for tests, as pure functions over one key's versions (newest first), written
// from the S3 user guide ("Working with objects in a versioning-enabled / versioning-suspended bucket"), not from
// the server's code: the model tests compare the real server with it.
export type VersioningStatus = 'Unversioned' | 'Enabled' | 'Suspended';

export interface ModelVersion {
  id: string;
  marker: boolean;
  /** What the version holds (a test's own label for its bytes); empty for delete markers. */
  body: string;
}

/** PUT, POST or copy: Enabled adds a version with the id S3 returned; otherwise the null version is replaced. */
export function withWrite(stack: ModelVersion[], status: VersioningStatus, id: string, body: string): ModelVersion[] {
  if (status === 'Enabled') return [{ id, marker: false, body }, ...stack];
  return [{ id: 'null', marker: false, body }, ...stack.filter((v) => v.id !== 'null')];
}

/** DELETE without a version id: unversioned removes the object; Enabled adds a marker; Suspended a null marker. */
export function withDelete(stack: ModelVersion[], status: VersioningStatus, markerId: string): ModelVersion[] {
  if (status === 'Unversioned') return stack.filter((v) => v.id !== 'null');
  if (status === 'Enabled') return [{ id: markerId, marker: true, body: '' }, ...stack];
  return [{ id: 'null', marker: true, body: '' }, ...stack.filter((v) => v.id !== 'null')];
}

/** DELETE ?versionId: that version or marker is gone for good, in every state. */
export function withoutVersion(stack: ModelVersion[], id: string): ModelVersion[] {
  return stack.filter((v) => v.id !== id);
}

/** A conditional write's or delete's precondition, as the tests send it. */
export type Precondition = { ifNoneMatch: '*' } | { ifMatch: string };

/**
 * What S3 does with a conditional request on a key, judged on the current version only (a delete marker is no
 * object), from the user guide ("How to prevent object overwrites with conditional writes", "How to perform
 * conditional deletes"): If-None-Match: * fails 412 on a live object; If-Match 404s without one and 412s on
 * another ETag. `etagOf` gives the ETag of a version's body.
 */
export function preconditionOutcome(stack: ModelVersion[], p: Precondition, etagOf: (body: string) => string): 'ok' | 'PreconditionFailed' | 'NoSuchKey' {
  const current = stack[0] && !stack[0].marker ? stack[0] : undefined;
  if ('ifNoneMatch' in p) return current ? 'PreconditionFailed' : 'ok';
  if (!current) return 'NoSuchKey';
  return etagOf(current.body) === p.ifMatch ? 'ok' : 'PreconditionFailed';
}
