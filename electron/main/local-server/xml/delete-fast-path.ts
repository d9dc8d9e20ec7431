// A direct reader for the plain shape of DeleteObjects documents (up to 1,000 <Object><Key>…</Key></Object>),
// which the SDKs send: the generic parser builds an object tree for them and costs 5-80 ms per 1,000 keys
// (most of a DeleteObjects request). It runs only on text that already passed the well-formedness check, and
// gives up (undefined) on anything outside that plain shape (namespace prefixes, CDATA, comments, carriage
// returns, entities other than XML's own and numeric ones, unexpected nesting): the generic parser reads those.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
import type { DeleteRequest } from './request-documents.ts';

// A start or end tag with a plain name and optional quoted attributes; sticky, matched at each '<'.
const TAG = /<(\/?)([A-Za-z_][A-Za-z0-9_.-]*)((?:\s+[^\s=<>/"']+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
const DECL = /<\?xml(?:\s[^?]*)?\?>/y;
const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeText(raw: string): string | undefined {
  if (!raw.includes('&')) return raw;
  let bad = false;
  const out = raw.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);|&/g, (m, name: string | undefined) => {
    if (name === undefined) {
      bad = true;
      return m;
    }
    if (name[0] !== '#') {
      const v = XML_ENTITIES[name];
      if (v === undefined) bad = true;
      return v ?? m;
    }
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    if (!(code >= 1 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) {
      bad = true;
      return m;
    }
    return String.fromCodePoint(code);
  });
  return bad ? undefined : out;
}

/** The request, or undefined when the document is not in the plain shape (use the generic parser). */
export function scanDelete(text: string): DeleteRequest | undefined {
  // XML reads CR LF as LF (the generic parser does too); such documents take the generic path.
  if (text.includes('\r')) return undefined;
  const ws = /\s*/y;
  ws.exec(text);
  let i = ws.lastIndex;
  DECL.lastIndex = i;
  if (DECL.exec(text)) i = DECL.lastIndex;
  // Path of open elements under the root, and the text of the current leaf.
  const stack: string[] = [];
  const objects: DeleteRequest['objects'] = [];
  let quiet: string | undefined;
  let current: { key?: string; versionId?: string; etag?: string } | undefined;
  let leafText = '';
  let rootSeen = false;
  let rootClosed = false;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = lt === -1 ? text.slice(i) : text.slice(i, lt);
    if (chunk) {
      if (stack.length === 3 || (stack.length === 2 && stack[1] === 'Quiet')) leafText += chunk;
      else if (chunk.trim() !== '') return undefined;
    }
    if (lt === -1) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(text);
    if (!m) return undefined; // comment, CDATA, processing instruction, prefixed name…
    i = TAG.lastIndex;
    const [, close, name, , selfClose] = m as unknown as [string, string, string, string, string];
    if (rootClosed) return undefined;
    if (!close) {
      if (selfClose) {
        // An empty element: <Key/> is an empty key, like the generic parser reads it; keep it simple otherwise.
        return undefined;
      }
      if (!rootSeen) {
        if (name !== 'Delete') return undefined;
        rootSeen = true;
        stack.push(name);
        continue;
      }
      if (stack.length === 1) {
        if (name === 'Object') current = {};
        else if (name !== 'Quiet') return undefined;
        leafText = '';
      } else if (stack.length === 2 && stack[1] === 'Object') {
        leafText = '';
      } else {
        return undefined; // deeper nesting, or elements inside <Quiet>
      }
      stack.push(name);
      continue;
    }
    if (stack[stack.length - 1] !== name) return undefined;
    stack.pop();
    if (stack.length === 0) {
      rootClosed = true;
      continue;
    }
    if (stack.length === 1) {
      if (name === 'Object') {
        if (current?.key === undefined) return undefined;
        const { key, versionId, etag } = current;
        objects.push({ key, ...(versionId !== undefined ? { versionId } : {}), ...(etag !== undefined ? { etag } : {}) });
        current = undefined;
      } else {
        if (quiet !== undefined) return undefined;
        quiet = decodeText(leafText);
        if (quiet === undefined) return undefined;
      }
      continue;
    }
    // Closing a leaf inside <Object>. Others (LastModifiedTime, Size: directory buckets only) are ignored.
    if (name === 'Key' || name === 'VersionId' || name === 'ETag') {
      const value = decodeText(leafText);
      if (value === undefined || !current) return undefined;
      const field = name === 'Key' ? 'key' : name === 'VersionId' ? 'versionId' : 'etag';
      if (current[field] !== undefined) return undefined;
      current[field] = value;
    }
  }
  if (!rootClosed) return undefined;
  return { quiet: quiet === 'true', objects };
}
