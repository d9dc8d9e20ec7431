import type { ProviderId } from '../../../../electron/shared/dto.ts';

// S3 bucket naming rules, checked before the request so the user sees why at once:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'Use 3 to 63 characters.';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'Use only lowercase letters, digits, dots (.) and hyphens (-).';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'Start and end with a letter or digit.';
  if (name.includes('..')) return 'Two dots in a row are not allowed.';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'A bucket name cannot look like an IP address.';
  if (name.startsWith('xn--') || name.endsWith('-s3alias') || name.endsWith('--ol-s3')) return 'This prefix or suffix is reserved by S3.';
  return undefined;
}

// One folder at a time, as the S3 consoles do: "a/b" would silently make two, and "." / ".." keys break every
// tool that mirrors the bucket to disk (they mean "this folder" and "the parent" there).
export function folderNameProblem(name: string): string | undefined {
  const trimmed = name.replace(/^\/+|\/+$/g, '');
  if (!trimmed.trim()) return 'Enter a folder name.';
  if (trimmed.includes('/')) return 'A folder name cannot contain “/”. Create one folder, open it, then create the next inside it.';
  if (trimmed === '.' || trimmed === '..') return '“.” and “..” cannot be folder names: downloads and sync tools read them as this folder and its parent.';
  if (new TextEncoder().encode(trimmed).length > 1000) return 'Folder names are limited by the 1,024-byte key length.';
  return undefined;
}

/** What the Create bucket dialog says about names on this kind of connection (their scope differs by provider). */
export function bucketNameScope(provider: ProviderId | undefined): string {
  switch (provider) {
    case 'aws':
    case 'wasabi':
      return 'Names are global on this service: pick something no other account uses.';
    case 'cos':
      return 'COS bucket names end with your APPID, e.g. photos-1250000000.';
    case 'b2':
      return 'Names are global on Backblaze B2: pick something no other account uses.';
    case 'r2':
      return 'Names are unique within your Cloudflare account.';
    default:
      return 'Names are unique on this server.';
  }
}
