// Reads the object it was told about and writes a derived `.txt` summary into another bucket, using the
// embedded server's endpoint and credentials from the environment (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_REGION). Works with COS- and S3-format triggers.
//   SUMMARY_BUCKET  target bucket (default: "<source bucket>-summaries"). Writing into the source bucket
//                   under a trigger that matches the summary would loop: the recursion guard stops it.
import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

const s3 = new S3Client({
  endpoint: process.env.AWS_ENDPOINT_URL,
  region: process.env.AWS_REGION ?? 'us-east-1',
  forcePathStyle: true,
});

/** Bucket and key (as written) of one record, in either dialect. */
function target(record) {
  if (record.cos) {
    const { cosBucket, cosObject } = record.cos;
    const lead = `/${cosBucket.appid}/${cosBucket.name}/`;
    return { bucket: cosBucket.name, key: cosObject.key.startsWith(lead) ? cosObject.key.slice(lead.length) : cosObject.key, name: record.event.eventName };
  }
  // S3 URL-encodes keys in events, with '+' for spaces.
  return { bucket: record.s3.bucket.name, key: decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')), name: record.eventName };
}

export async function main_handler(event) {
  const written = [];
  for (const record of event.Records ?? []) {
    const { bucket, key, name } = target(record);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = Buffer.from(await object.Body.transformToByteArray());
    const text = body.toString('utf8');
    const summary = [
      `source: ${bucket}/${key}`,
      `event: ${name}`,
      `bytes: ${body.length}`,
      `lines: ${text === '' ? 0 : text.split('\n').length}`,
      `words: ${text.split(/\s+/).filter(Boolean).length}`,
      `sha256: ${createHash('sha256').update(body).digest('hex')}`,
      `content-type: ${object.ContentType ?? ''}`,
      '',
    ].join('\n');
    const out = { bucket: process.env.SUMMARY_BUCKET || `${bucket}-summaries`, key: `${key}.summary.txt` };
    await s3.send(new PutObjectCommand({ Bucket: out.bucket, Key: out.key, Body: summary, ContentType: 'text/plain; charset=utf-8' }));
    console.log(`wrote ${out.bucket}/${out.key}`);
    written.push(out);
  }
  return { written };
}
