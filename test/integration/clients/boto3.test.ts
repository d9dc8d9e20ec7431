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

  // Debian's boto3 1.26 presigns with Signature Version 2 unless told `signature_version='s3v4'` (so does `s3cmd
  // signurl`). S3 refuses SigV2 on new buckets with InvalidRequest naming AWS4-HMAC-SHA256; this server called such
  // a URL anonymous (403 AccessDenied). SigV4 presigned GET, PUT and POST (a real multipart/form-data body) work.
  itWithTool(python, 'presigned GET/PUT/POST work with SigV4; SigV2 ones are refused with S3\'s InvalidRequest', async (bin) => {
    const script = join(dir, 'presign.py');
    await writeFile(script, PRESIGN_SCRIPT);
    const { stdout } = await run(bin, [script, h.server.endpoint], { HOME: dir });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string) as Record<string, unknown>;
    expect(result).toEqual({
      v4_put: 200,
      v4_get: [200, 'presigned body', 'attachment; filename="a b.txt"'],
      v4_post: [204, 'posted via form'],
      v2_url: [400, 'InvalidRequest', true],
      v2_post: [400, 'InvalidRequest', true],
    });
  });
});

const PRESIGN_SCRIPT = `
import json, re, sys, urllib.request, urllib.error, uuid
import boto3
from botocore.config import Config
endpoint = sys.argv[1]
def client(**cfg):
    return boto3.client('s3', endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='${CREDENTIALS.accessKeyId}',
                        aws_secret_access_key='${CREDENTIALS.secretAccessKey}', config=Config(s3={'addressing_style': 'path'}, retries={'max_attempts': 1}, **cfg))
v4, default = client(signature_version='s3v4'), client()
def fetch(url, data=None, method='GET', headers={}):
    try:
        r = urllib.request.urlopen(urllib.request.Request(url, data=data, method=method, headers=headers))
        return r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers
def error(body):
    m = re.search(rb'<Code>([^<]*)</Code>.*<Message>([^<]*)</Message>', body)
    return [m.group(1).decode(), b'AWS4-HMAC-SHA256' in m.group(2)] if m else [None, False]
def post(p, content):
    boundary = uuid.uuid4().hex
    body = b''.join(f'--{boundary}\\r\\nContent-Disposition: form-data; name="{k}"\\r\\n\\r\\n{v}\\r\\n'.encode() for k, v in p['fields'].items())
    body += f'--{boundary}\\r\\nContent-Disposition: form-data; name="file"; filename="f.txt"\\r\\nContent-Type: text/plain\\r\\n\\r\\n'.encode() + content + f'\\r\\n--{boundary}--\\r\\n'.encode()
    return fetch(p['url'], body, 'POST', {'Content-Type': f'multipart/form-data; boundary={boundary}'})
v4.create_bucket(Bucket='boto3-presign')
out = {}
out['v4_put'] = fetch(v4.generate_presigned_url('put_object', Params={'Bucket': 'boto3-presign', 'Key': 'p.txt'}), b'presigned body', 'PUT')[0]
status, body, headers = fetch(v4.generate_presigned_url('get_object', Params={'Bucket': 'boto3-presign', 'Key': 'p.txt', 'ResponseContentDisposition': 'attachment; filename="a b.txt"'}))
out['v4_get'] = [status, body.decode(), headers['content-disposition']]
status = post(v4.generate_presigned_post('boto3-presign', 'form/\${filename}', Conditions=[['starts-with', '$key', 'form/'], ['content-length-range', 1, 100]]), b'posted via form')[0]
out['v4_post'] = [status, v4.get_object(Bucket='boto3-presign', Key='form/f.txt')['Body'].read().decode()]
v2_url = default.generate_presigned_url('get_object', Params={'Bucket': 'boto3-presign', 'Key': 'p.txt'})
assert 'AWSAccessKeyId=' in v2_url, v2_url
status, body, _ = fetch(v2_url)
out['v2_url'] = [status] + error(body)
v2_post = default.generate_presigned_post('boto3-presign', 'v2.txt')
assert 'AWSAccessKeyId' in v2_post['fields'], v2_post
status, body, _ = post(v2_post, b'x')
out['v2_post'] = [status] + error(body)
print(json.dumps(out))
`;

describe('boto3 everyday transfers', () => {
  // Managed transfers with threads: multipart upload/download, managed copy above the threshold (UploadPartCopy),
  // paginators over list_objects_v2 and list_object_versions, and a 1,000-key delete_objects.
  itWithTool(python, 'threaded multipart upload/download, managed copy via UploadPartCopy, paginators, delete_objects of 1,000 keys', async (bin) => {
    const { big } = await makeFiles(dir);
    const script = join(dir, 'everyday.py');
    await writeFile(script, EVERYDAY_SCRIPT);
    const { stdout } = await run(bin, [script, h.server.endpoint, big, join(dir, 'everyday.out')], { HOME: dir });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string) as Record<string, unknown>;
    expect(result).toEqual({
      download_ok: true,
      copy_ok: true,
      copy_parts: 3,
      v2_pages: [3, 3, 3, 1],
      version_count: 10,
      delete_marker_count: 2,
      versions_unique: true,
      deleted: 1000,
      errors: 0,
      left: 0,
    });
    const copyEvents = h.events.filter((e) => e.bucket === 'boto3-everyday' && e.key === 'copy.bin').map((e) => e.type);
    expect(copyEvents).toEqual(['ObjectCreated:CompleteMultipartUpload']);
  });
});

const EVERYDAY_SCRIPT = `
import hashlib, json, sys
from concurrent.futures import ThreadPoolExecutor
import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
endpoint, big, out = sys.argv[1:4]
s3 = boto3.client('s3', endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='${CREDENTIALS.accessKeyId}',
                  aws_secret_access_key='${CREDENTIALS.secretAccessKey}', config=Config(s3={'addressing_style': 'path'}, retries={'max_attempts': 1}, max_pool_connections=16))
sha = lambda p: hashlib.sha256(open(p, 'rb').read()).hexdigest()
B = 'boto3-everyday'
s3.create_bucket(Bucket=B)
cfg = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024, max_concurrency=4, use_threads=True)
s3.upload_file(big, B, 'big.bin', Config=cfg)
s3.download_file(B, 'big.bin', out, Config=cfg)
s3.copy({'Bucket': B, 'Key': 'big.bin'}, B, 'copy.bin', Config=cfg)
copy_head = s3.head_object(Bucket=B, Key='copy.bin', PartNumber=1)
s3.download_file(B, 'copy.bin', out + '.copy', Config=cfg)
with ThreadPoolExecutor(16) as ex:
    list(ex.map(lambda i: s3.put_object(Bucket=B, Key=f'many/{i:04d}', Body=b''), range(1000)))
pages = [p.get('KeyCount', 0) for p in s3.get_paginator('list_objects_v2').paginate(Bucket=B, Prefix='many/002', PaginationConfig={'PageSize': 3})]
V = 'boto3-everyday-versions'
s3.create_bucket(Bucket=V)
s3.put_bucket_versioning(Bucket=V, VersioningConfiguration={'Status': 'Enabled'})
for k in ['a', 'b']:
    for i in range(5):
        s3.put_object(Bucket=V, Key=k, Body=b'x' * i)
    s3.delete_object(Bucket=V, Key=k)
versions, markers = [], []
for p in s3.get_paginator('list_object_versions').paginate(Bucket=V, PaginationConfig={'PageSize': 3}):
    versions += [(v['Key'], v['VersionId']) for v in p.get('Versions', [])]
    markers += [(m['Key'], m['VersionId']) for m in p.get('DeleteMarkers', [])]
result = s3.delete_objects(Bucket=B, Delete={'Objects': [{'Key': f'many/{i:04d}'} for i in range(1000)], 'Quiet': False})
print(json.dumps({
    'download_ok': sha(out) == sha(big), 'copy_ok': sha(out + '.copy') == sha(big), 'copy_parts': copy_head.get('PartsCount'),
    'v2_pages': pages, 'version_count': len(versions), 'delete_marker_count': len(markers), 'versions_unique': len(set(versions)) == len(versions),
    'deleted': len(result.get('Deleted', [])), 'errors': len(result.get('Errors', [])),
    'left': s3.list_objects_v2(Bucket=B, Prefix='many/').get('KeyCount'),
}))
`;

