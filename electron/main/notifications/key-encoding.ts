// Object keys in event payloads. S3 URL-encodes the key the way HTML forms do (space -> '+', everything but
// alphanumerics and `*-._` percent-encoded) and leaves '/' alone:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
// COS puts the plain key in `cosObject.key` and a path-encoded one (space -> %20) in `cosObject.url`.

export function s3EventKey(key: string): string {
  return new URLSearchParams({ k: key }).toString().slice(2).replace(/%2F/g, '/');
}

/** Percent-encodes each path segment (RFC 3986 unreserved kept), keeping the slashes. */
export function urlPathKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/**
 * Decodes a key from a received notification, tolerating every form servers use: `+` for space
 * (AWS, MinIO), `%20`, and `%2F` for '/'.
 */
export function decodeEventKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, '%20'));
  } catch {
    return encoded;
  }
}
