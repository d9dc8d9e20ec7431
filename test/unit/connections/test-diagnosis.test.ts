import { describe, expect, it } from 'vitest';
import { awsRegionHint, temporaryKeyHint } from '../../../electron/main/connections/test-diagnosis.ts';
import type { AppErrorDto } from '../../../electron/shared/errors.ts';

const notFound: AppErrorDto = { code: 'Unreachable', message: 'Host not found at AWS S3 (us-est-1)', hint: 'Check the endpoint host name and your network / DNS.' };

describe('awsRegionHint', () => {
  it('turns "host not found" of an AWS connection without an endpoint into a question about its region', () => {
    const better = awsRegionHint({ provider: 'aws', endpoint: '', region: 'us-est-1' }, notFound);
    expect(better.message).toBe('No AWS S3 endpoint answers for the region "us-est-1" (s3.us-est-1.amazonaws.com was not found)');
    expect(better.hint).toMatch(/Check the region/);
    expect(better.code).toBe('Unreachable');
  });

  it('leaves other providers, typed endpoints and other errors alone', () => {
    expect(awsRegionHint({ provider: 'minio', endpoint: '', region: 'us-east-1' }, notFound)).toBe(notFound);
    expect(awsRegionHint({ provider: 'aws', endpoint: 'https://s3.example.com', region: 'us-east-1' }, notFound)).toBe(notFound);
    const refused: AppErrorDto = { code: 'Unreachable', message: 'Cannot reach the server (ECONNREFUSED)' };
    expect(awsRegionHint({ provider: 'aws', endpoint: '', region: 'us-east-1' }, refused)).toBe(refused);
  });
});

describe('temporaryKeyHint', () => {
  const unknown: AppErrorDto = { code: 'InvalidAccessKeyId', message: 'The access key id is not known to the server', status: 403 };

  it('says a temporary key (ASIA…) needs its session token', () => {
    const better = temporaryKeyHint({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE' }, unknown);
    expect(better).toMatchObject({ code: 'InvalidAccessKeyId', status: 403, message: 'This is a temporary access key (ASIA…), and no session token was given' });
    expect(better.hint).toMatch(/Session token/);
  });

  it('leaves long-term keys, keys given a token, and other errors alone', () => {
    expect(temporaryKeyHint({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, unknown)).toBe(unknown);
    expect(temporaryKeyHint({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE', sessionToken: 'FwoG…' }, unknown)).toBe(unknown);
    const denied: AppErrorDto = { code: 'AccessDenied', message: 'Access denied' };
    expect(temporaryKeyHint({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE' }, denied)).toBe(denied);
  });
});
