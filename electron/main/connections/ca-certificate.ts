// Certificates a connection trusts besides the system's CAs: the self-signed certificate of a MinIO or Ceph
// server (MinIO's ~/.minio/certs/public.crt) or the root of a private CA. Pasted as PEM; every block must parse
// as an X.509 certificate, so a pasted private key or a cut-off block is refused at save time, not at the first
// TLS handshake.
import { X509Certificate } from 'node:crypto';

const BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export interface ParsedCaCertificates {
  /** The certificate blocks, one per line, without anything around them (comments, bag attributes). */
  pem: string;
}

export function parseCaCertificates(text: string): ParsedCaCertificates | { error: string } {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    return { error: 'That is a private key: paste the certificate (-----BEGIN CERTIFICATE-----), never the key.' };
  }
  const blocks = text.match(BLOCK) ?? [];
  if (blocks.length === 0) return { error: 'Paste PEM certificates, each from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.' };
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      return { error: `Certificate ${i + 1} of ${blocks.length} is not a valid PEM certificate (cut off when copying?).` };
    }
  }
  return { pem: blocks.map((b) => b.trim()).join('\n') + '\n' };
}
