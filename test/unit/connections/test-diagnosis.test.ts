import { describe, expect, it } from 'vitest';
import { awsRegionHint } from '../../../electron/main/connections/test-diagnosis.ts';
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
