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
