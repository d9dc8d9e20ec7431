// S3 keeps LastModified to the second: its XML documents carry `…T12:34:56.000Z`, and its Last-Modified header
// has no fraction either. Clients compare the two, so the documents must not carry the milliseconds this server
// records: `aws s3 sync s3://b dir --exact-timestamps` sets a downloaded file's mtime from the whole seconds and
// downloaded every object again on every run while the listing said `.184Z`.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html (LastModified)

/** An ISO time as S3's documents write LastModified: whole seconds, `.000Z`. */
export function s3Timestamp(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(Math.floor(t / 1000) * 1000).toISOString();
}
