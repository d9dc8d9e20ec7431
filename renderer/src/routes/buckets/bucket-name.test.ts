import { describe, expect, it } from 'vitest';
import { bucketNameProblem, bucketNameScope, folderNameProblem } from './bucket-name.ts';

describe('folder names', () => {
  it('takes one folder name, with or without a trailing slash', () => {
    expect(folderNameProblem('raw')).toBeUndefined();
    expect(folderNameProblem('raw/')).toBeUndefined();
    expect(folderNameProblem('2026 photos')).toBeUndefined();
  });

  it('refuses a slash inside, "." and "..", and names made of spaces, saying why', () => {
    expect(folderNameProblem('a/b')).toMatch(/cannot contain “\/”/);
    expect(folderNameProblem('/a/b/')).toMatch(/cannot contain “\/”/);
    expect(folderNameProblem('.')).toMatch(/cannot be folder names/);
    expect(folderNameProblem('../')).toMatch(/cannot be folder names/);
    expect(folderNameProblem('   ')).toBe('Enter a folder name.');
    expect(folderNameProblem('/')).toBe('Enter a folder name.');
  });
});

describe('bucket names', () => {
  it('explains each S3 naming rule', () => {
    expect(bucketNameProblem('MyBucket')).toMatch(/lowercase/);
    expect(bucketNameProblem('ab')).toMatch(/3 to 63/);
    expect(bucketNameProblem('a..b')).toMatch(/Two dots/);
    expect(bucketNameProblem('photos-2026')).toBeUndefined();
  });
});

describe('what Create bucket says about names', () => {
  it('names the scope of the provider: global on AWS, APPID on COS, this server for local and self-hosted ones', () => {
    expect(bucketNameScope('aws')).toMatch(/global/);
    expect(bucketNameScope('cos')).toMatch(/APPID/);
    expect(bucketNameScope('local')).toBe('Names are unique on this server.');
    expect(bucketNameScope('minio')).toBe('Names are unique on this server.');
    expect(bucketNameScope('r2')).toMatch(/Cloudflare account/);
  });
});
