// boto3 (Debian's python3-boto3 via /usr/bin/python3): client calls and the managed multipart transfer.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startHarness, type Harness, CREDENTIALS } from '../local-server/support.ts';
import { findTool, itWithTool, makeFiles, run } from './support.ts';

const hasBoto3 = (): boolean => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import boto3'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const python = findTool(['/usr/bin/python3'], 'apt-get install -y python3-boto3', hasBoto3);
let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await startHarness();
  dir = await mkdtemp(join(tmpdir(), 'bs-boto3-'));
});
afterAll(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

const SCRIPT = `
import hashlib, json, sys
import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
endpoint, small, big, out = sys.argv[1:5]
s3 = boto3.client('s3', endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='${CREDENTIALS.accessKeyId}',
                  aws_secret_access_key='${CREDENTIALS.secretAccessKey}', config=Config(s3={'addressing_style': 'path'}, retries={'max_attempts': 1}))
sha = lambda p: hashlib.sha256(open(p, 'rb').read()).hexdigest()
s3.create_bucket(Bucket='boto3-bucket')
s3.put_object(Bucket='boto3-bucket', Key='docs/small.txt', Body=open(small, 'rb').read())
cfg = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024)
s3.upload_file(big, 'boto3-bucket', 'big.bin', Config=cfg)
keys = [o['Key'] for o in s3.list_objects_v2(Bucket='boto3-bucket')['Contents']]
small_back = hashlib.sha256(s3.get_object(Bucket='boto3-bucket', Key='docs/small.txt')['Body'].read()).hexdigest()
s3.download_file('boto3-bucket', 'big.bin', out, Config=cfg)
etag = s3.head_object(Bucket='boto3-bucket', Key='big.bin')['ETag']
deleted = s3.delete_objects(Bucket='boto3-bucket', Delete={'Objects': [{'Key': k} for k in keys]})['Deleted']
s3.delete_bucket(Bucket='boto3-bucket')
buckets = s3.list_buckets()['Buckets']
print(json.dumps({'keys': keys, 'small_ok': small_back == sha(small), 'big_ok': sha(out) == sha(big), 'etag': etag,
                  'deleted': sorted(d['Key'] for d in deleted), 'buckets': len(buckets)}))
`;

describe('boto3', () => {
  itWithTool(python, 'creates a bucket, puts, lists, gets, uploads multipart, deletes and removes the bucket', async (bin) => {
    const { small, big } = await makeFiles(dir);
    const script = join(dir, 'client.py');
    await writeFile(script, SCRIPT);
    const { stdout } = await run(bin, [script, h.server.endpoint, small, big, join(dir, 'big.out')], { HOME: dir });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string) as Record<string, unknown>;
    expect(result).toMatchObject({ keys: ['big.bin', 'docs/small.txt'], small_ok: true, big_ok: true, deleted: ['big.bin', 'docs/small.txt'], buckets: 0 });
    expect(result.etag).toMatch(/-3"$/);
    expect(h.events.map((e) => e.type)).toEqual(['ObjectCreated:Put', 'ObjectCreated:CompleteMultipartUpload', 'ObjectRemoved:Delete', 'ObjectRemoved:Delete']);
  });
});
