// Browser-form POST uploads: the policy document is signed with the SigV4 signing key, and every condition
// must hold. https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
import { S3Error } from '../errors.ts';
import { ALGORITHM, SIGV2_REFUSED, hmacHex, parseAmzDate, parseCredential, signaturesEqual, signingKey } from './sigv4.ts';
import type { SecretLookup } from './verify-request.ts';

export interface PostPolicyResult {
  accessKeyId: string;
  /** From a content-length-range condition. */
  lengthRange?: [number, number];
}

/** Form fields never listed in conditions. */
const EXEMPT = new Set(['x-amz-signature', 'file', 'policy']);

const denied = (why: string): S3Error => new S3Error('AccessDenied', `Invalid according to Policy: ${why}`);

/** `fields` maps lower-case field names to values; `key` already has ${filename} substituted. */
export async function verifyPostPolicy(fields: Record<string, string>, bucket: string, lookup: SecretLookup, now = Date.now()): Promise<PostPolicyResult> {
  if (fields.awsaccesskeyid !== undefined) throw new S3Error('InvalidRequest', SIGV2_REFUSED);
  const policyB64 = fields.policy;
  const signature = fields['x-amz-signature'];
  if (policyB64 === undefined || signature === undefined) {
    throw new S3Error('AccessDenied', 'Anonymous POST uploads are not allowed; sign a policy with AWS Signature Version 4.');
  }
  if (fields['x-amz-algorithm'] !== ALGORITHM) throw new S3Error('InvalidArgument', 'x-amz-algorithm must be AWS4-HMAC-SHA256', { ArgumentName: 'x-amz-algorithm' });
  const scope = parseCredential(fields['x-amz-credential'] ?? '');
  if (!scope) throw new S3Error('InvalidArgument', 'Invalid x-amz-credential', { ArgumentName: 'x-amz-credential' });
  if (Number.isNaN(parseAmzDate(fields['x-amz-date'] ?? ''))) throw new S3Error('InvalidArgument', 'Invalid x-amz-date', { ArgumentName: 'x-amz-date' });
  const secret = lookup(scope.accessKeyId);
  if (secret === undefined) throw new S3Error('InvalidAccessKeyId', undefined, { AWSAccessKeyId: scope.accessKeyId });
  const key = await signingKey(secret, scope);
  if (!signaturesEqual(hmacHex(key, policyB64), signature)) throw new S3Error('SignatureDoesNotMatch');

  let policy: { expiration?: unknown; conditions?: unknown };
  try {
    policy = JSON.parse(Buffer.from(policyB64, 'base64').toString('utf8')) as typeof policy;
  } catch {
    throw new S3Error('InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.');
  }
  const expiration = typeof policy.expiration === 'string' ? Date.parse(policy.expiration) : Number.NaN;
  if (Number.isNaN(expiration)) throw new S3Error('InvalidArgument', 'Invalid Policy: Policy missing expiration.');
  if (expiration < now) throw denied('Policy expired.');
  if (!Array.isArray(policy.conditions)) throw new S3Error('InvalidArgument', 'Invalid Policy: Policy missing conditions.');

  const covered = new Set<string>();
  const result: PostPolicyResult = { accessKeyId: scope.accessKeyId };
  const value = (name: string): string => (name === 'bucket' ? bucket : fields[name] ?? '');
  for (const c of policy.conditions as unknown[]) {
    if (Array.isArray(c)) {
      const [op, rawName, arg] = c as [unknown, unknown, unknown];
      const opName = String(op).toLowerCase();
      if (opName === 'content-length-range') {
        result.lengthRange = [Number(rawName), Number(arg)];
        continue;
      }
      const name = String(rawName).replace(/^\$/, '').toLowerCase();
      covered.add(name);
      const actual = value(name);
      const ok = opName === 'eq' ? actual === String(arg) : opName === 'starts-with' ? actual.startsWith(String(arg)) : false;
      if (!ok) throw denied(`Policy Condition failed: ${JSON.stringify(c)}`);
    } else if (c && typeof c === 'object') {
      for (const [rawName, expected] of Object.entries(c)) {
        const name = rawName.replace(/^\$/, '').toLowerCase();
        covered.add(name);
        if (value(name) !== String(expected)) throw denied(`Policy Condition failed: ${JSON.stringify(['eq', `$${name}`, expected])}`);
      }
    }
  }
  for (const name of Object.keys(fields)) {
    if (EXEMPT.has(name) || name.startsWith('x-ignore-') || covered.has(name)) continue;
    throw denied(`Extra input fields: ${name}`);
  }
  return result;
}
