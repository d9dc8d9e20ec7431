// Access control policy documents. This server behaves like an S3 bucket with Object Ownership set to
// "bucket owner enforced" (the default for new buckets since April 2023): ACLs are disabled, reads answer
// that the owner has FULL_CONTROL, and only an owner-full-control ACL may be written.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
import { S3Error } from '../errors.ts';
import { OWNER } from './bucket-documents.ts';
import { child, children, parseXmlBody, text } from './xml-codec.ts';
import { toXml } from './xml-codec.ts';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAcl.html (and GetBucketAcl) */
export function ownerFullControlPolicy(): string {
  return toXml('AccessControlPolicy', {
    Owner: OWNER,
    AccessControlList: {
      Grant: {
        Grantee: { '@_xmlns:xsi': XSI, '@_xsi:type': 'CanonicalUser', ...OWNER },
        Permission: 'FULL_CONTROL',
      },
    },
  });
}

/**
 * True when an AccessControlPolicy body grants FULL_CONTROL to the owner and nothing to anyone else: the XML form
 * of bucket-owner-full-control, which S3 accepts with ACLs disabled. MalformedXML for anything unreadable.
 */
export function isOwnerOnlyPolicy(body: Buffer): boolean {
  const root = parseXmlBody(body, 'AccessControlPolicy');
  const list = child(root, 'AccessControlList');
  const grants = list ? children(list, 'Grant') : [];
  return grants.length > 0 && grants.every((g) => {
    const grantee = child(g, 'Grantee');
    if (!grantee) throw new S3Error('MalformedXML');
    return text(grantee, 'ID') === OWNER.ID && text(g, 'Permission') === 'FULL_CONTROL';
  });
}
