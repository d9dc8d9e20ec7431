// Provider presets: what the connection form fills in when a provider is picked. The user can override
// every field. Checksum mode: since @aws-sdk/client-s3 3.729 the SDK sends CRC32 checksums by default and,
// for streamed bodies, `aws-chunked` with trailing checksums
// (https://docs.aws.amazon.com/sdkref/latest/guide/feature-dataintegrity.html). AWS supports that; many
// S3-compatible servers reject or corrupt such uploads, so their presets use WHEN_REQUIRED, which sends
// checksums only for the operations that need them.
import type { ProviderId, ProviderPreset } from '../../shared/dto.ts';

export const PRESETS: readonly ProviderPreset[] = [
  {
    id: 'local',
    label: 'Local (embedded server)',
    endpoint: 'http://127.0.0.1',
    region: 'us-east-1',
    forcePathStyle: true,
    // The embedded server verifies aws-chunked bodies and trailing checksums: the SDK defaults must work.
    checksumMode: 'WHEN_SUPPORTED',
    dialect: 'cos',
    help: 'The S3-compatible server built into Bucketscope. Its endpoint and keys are managed by the app.',
  },
  {
    id: 'aws',
    label: 'Amazon S3',
    endpoint: '',
    region: 'us-east-1',
    forcePathStyle: false,
    checksumMode: 'WHEN_SUPPORTED',
    dialect: 's3',
    help: 'Leave the endpoint empty to use the AWS endpoint of the region. Use an IAM user access key.',
  },
  {
    id: 'cos',
    label: 'Tencent Cloud COS',
    endpoint: 'https://cos.{region}.myqcloud.com',
    region: 'ap-guangzhou',
    forcePathStyle: false,
    checksumMode: 'WHEN_REQUIRED',
    dialect: 'cos',
    help: 'Bucket names include the APPID (examplebucket-1250000000). Use a SecretId / SecretKey from CAM.',
  },
  {
    id: 'minio',
    label: 'MinIO',
    endpoint: 'http://localhost:9000',
    region: 'us-east-1',
    forcePathStyle: true,
    checksumMode: 'WHEN_REQUIRED',
    dialect: 's3',
    help: 'The server URL (API port, 9000 by default), not the console port.',
  },
  {
    id: 'r2',
    label: 'Cloudflare R2',
    endpoint: 'https://{account}.r2.cloudflarestorage.com',
    region: 'auto',
    forcePathStyle: true,
    checksumMode: 'WHEN_REQUIRED',
    dialect: 's3',
    help: 'Replace {account} with your Cloudflare account id. Create an R2 API token for the keys.',
  },
  {
    id: 'ceph',
    label: 'Ceph RGW',
    endpoint: 'http://localhost:7480',
    region: 'us-east-1',
    forcePathStyle: true,
    checksumMode: 'WHEN_REQUIRED',
    dialect: 's3',
    help: 'The RADOS Gateway URL; the region is the zonegroup api_name ("default" on many clusters).',
  },
  {
    id: 'b2',
    label: 'Backblaze B2',
    endpoint: 'https://s3.{region}.backblazeb2.com',
    region: 'us-west-004',
    forcePathStyle: false,
    checksumMode: 'WHEN_REQUIRED',
    dialect: 's3',
    help: 'The region is part of the bucket\'s S3 endpoint shown in the B2 console. Use an application key.',
  },
  {
    id: 'wasabi',
    label: 'Wasabi',
    endpoint: 'https://s3.{region}.wasabisys.com',
    region: 'us-east-1',
    forcePathStyle: false,
    checksumMode: 'WHEN_REQUIRED',
    dialect: 's3',
    help: 'Use the service URL of the bucket\'s region.',
  },
  {
    id: 'custom',
    label: 'Other S3-compatible',
    endpoint: '',
    region: 'us-east-1',
    forcePathStyle: true,
    checksumMode: 'WHEN_REQUIRED',
    dialect: 's3',
    help: 'Any server speaking the S3 API. Path-style and "when required" checksums work with most of them.',
  },
];

export function presetFor(id: ProviderId): ProviderPreset {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`Unknown provider "${id}"`);
  return preset;
}

/** Presets the user can pick in the form (the embedded server's connection is created by the app). */
export function selectablePresets(): ProviderPreset[] {
  return PRESETS.filter((p) => p.id !== 'local').map((p) => ({ ...p }));
}

/**
 * Fills `{region}` in an endpoint template from the connection's region; any other placeholder left
 * (`{account}`) is the user's to fill, reported by the caller.
 */
export function resolveEndpoint(endpoint: string, region: string): string {
  return endpoint.replaceAll('{region}', region);
}

export function unresolvedPlaceholder(endpoint: string): string | undefined {
  return /\{[a-z]+\}/i.exec(endpoint)?.[0];
}
