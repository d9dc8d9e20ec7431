// Names the client behind an external action from its User-Agent, the way a user would call it: the first
// product token of the common S3 tools, with its version. Unknown agents show their first token as sent.

const KNOWN: [RegExp, string][] = [
  [/(?:^|\s)aws-cli\/(\S+)/i, 'aws-cli'],
  [/(?:^|\s)Boto3\/(\S+)/i, 'boto3'],
  [/(?:^|\s)Botocore\/(\S+)/i, 'botocore'],
  [/(?:^|\s)rclone\/(\S+)/i, 'rclone'],
  [/(?:^|\s)s3cmd\/(\S+)/i, 's3cmd'],
  [/(?:^|\s)aws-sdk-js\/(\S+)/i, 'AWS SDK for JavaScript'],
  [/(?:^|\s)aws-sdk-java\/(\S+)/i, 'AWS SDK for Java'],
  [/(?:^|\s)aws-sdk-go(?:-v2)?\/(\S+)/i, 'AWS SDK for Go'],
  [/(?:^|\s)minio-go\/(\S+)/i, 'MinIO Go client'],
  [/(?:^|\s)MinIO\s*\(/i, 'MinIO client'],
  [/(?:^|\s)Cyberduck\/(\S+)/i, 'Cyberduck'],
  [/(?:^|\s)curl\/(\S+)/i, 'curl'],
];

/** 'aws-cli 2.9.19', 'boto3 1.26.27', … ; undefined when the request sent no User-Agent. */
export function clientName(userAgent: string | undefined): string | undefined {
  const ua = userAgent?.trim();
  if (!ua) return undefined;
  for (const [pattern, name] of KNOWN) {
    const m = pattern.exec(ua);
    if (m) return m[1] ? `${name} ${m[1]}` : name;
  }
  return ua.split(/\s+/)[0]!.slice(0, 60);
}

/** Who made an external action, for its details: 'aws-cli 2.9.19 (external client)', or 'External client'. */
export function externalClient(userAgent: string | undefined): string {
  const name = clientName(userAgent);
  return name ? `${name} (external client)` : 'External client';
}
