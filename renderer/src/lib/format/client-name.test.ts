import { describe, expect, it } from 'vitest';
import { clientName, externalClient } from './client-name.ts';

describe('clientName', () => {
  it('names the common S3 tools from the User-Agent they send', () => {
    expect(clientName('aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0 source/x86_64.debian.12 prompt/off command/s3api.put-object')).toBe('aws-cli 2.9.19');
    expect(clientName('Boto3/1.26.27 Python/3.11.2 Linux/6.1.0 Botocore/1.29.27')).toBe('boto3 1.26.27');
    expect(clientName('rclone/v1.60.1-DEV')).toBe('rclone v1.60.1-DEV');
    expect(clientName('aws-sdk-js/3.943.0 ua/2.1 os/linux#6.1.0 lang/js md/nodejs#20.20.2 api/s3#3.943.0 m/E,N')).toBe('AWS SDK for JavaScript 3.943.0');
    expect(clientName('MinIO (linux; amd64) minio-go/v7.0.66 mc/RELEASE.2024')).toBe('MinIO Go client v7.0.66');
  });

  it('shows an unknown agent by its first token, and nothing when none was sent', () => {
    expect(clientName('my-backup-script/0.3 (+https://example.com)')).toBe('my-backup-script/0.3');
    expect(clientName('')).toBeUndefined();
    expect(clientName(undefined)).toBeUndefined();
    expect(externalClient('rclone/v1.60.1-DEV')).toBe('rclone v1.60.1-DEV (external client)');
    expect(externalClient(undefined)).toBe('External client');
  });
});
