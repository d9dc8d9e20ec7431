// The one place XML is produced and parsed (fast-xml-parser). Documents are plain objects built by the
// functions in the *-documents.ts files; request bodies are parsed here with S3's error for bad input.
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { S3Error } from '../errors.ts';

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
  processEntities: true,
  format: false,
});

/** The same output through fast-xml-parser's ordered form, which can interleave element names. */
const orderedBuilder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
  processEntities: true,
  format: false,
});

/**
 * Elements of different names in one given order, as a body field. The plain builder groups equal names, but
 * ListObjectVersions interleaves Version and DeleteMarker in key order, as S3 does.
 */
export class InOrder {
  constructor(readonly elements: readonly (readonly [name: string, value: Record<string, unknown>])[]) {}
}

/** Serialises `{ Root: {...} }`; undefined fields are omitted, arrays repeat the element. */
export function toXml(root: string, body: Record<string, unknown>, xmlns = true): string {
  const doc = xmlns ? { '@_xmlns': S3_XMLNS, ...body } : body;
  const xml = Object.values(body).some((v) => v instanceof InOrder)
    ? (orderedBuilder.build(ordered(root, doc)) as string)
    : (builder.build({ [root]: prune(doc) }) as string);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
}

type OrderedNode = Record<string, unknown>;

/** `name: value` in fast-xml-parser's preserveOrder shape: one node per element, attributes under ':@'. */
function ordered(name: string, value: unknown): OrderedNode[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v) => ordered(name, v));
  if (value instanceof InOrder) return value.elements.flatMap(([n, v]) => ordered(n, v));
  if (value === null || typeof value !== 'object') return [{ [name]: [{ '#text': value }] }];
  const children: OrderedNode[] = [];
  const attributes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('@_')) attributes[k] = v;
    else children.push(...ordered(k, v));
  }
  return [Object.keys(attributes).length ? { [name]: children, ':@': attributes } : { [name]: children }];
}

function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = prune(v);
    return out;
  }
  return value;
}

/** Elements that may repeat in request documents; always parsed as arrays. */
const REPEATED = new Set([
  'Part', 'Object', 'Tag', 'FilterRule', 'Event',
  'TopicConfiguration', 'QueueConfiguration', 'CloudFunctionConfiguration', 'LambdaFunctionConfiguration',
  'CORSRule', 'AllowedMethod', 'AllowedOrigin', 'AllowedHeader', 'ExposeHeader',
]);

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  // Numeric character references (Go's encoder writes quotes in ETags as &#34;).
  htmlEntities: true,
  isArray: (name) => REPEATED.has(name),
});

/** Largest request document accepted (DeleteObjects with 1,000 keys of 1,024 bytes fits). */
export const MAX_XML_BYTES = 2 * 1024 * 1024;

export type XmlNode = Record<string, unknown>;

/** Parses a request body and returns the root element's content; anything unexpected is MalformedXML. */
export function parseXmlBody(body: Buffer, root: string): XmlNode {
  return parseXmlText(wellFormedXml(body), root);
}

/** The body as text once it is well-formed XML without a DTD; MalformedXML otherwise. */
export function wellFormedXml(body: Buffer): string {
  const text = body.toString('utf8');
  // No DTDs: they enable entity-expansion attacks and S3 rejects them too.
  if (text.trim() === '' || /<!DOCTYPE|<!ENTITY/i.test(text) || XMLValidator.validate(text) !== true) {
    throw new S3Error('MalformedXML');
  }
  return text;
}

/** parseXmlBody for text that passed wellFormedXml. */
export function parseXmlText(text: string, root: string): XmlNode {
  let parsed: XmlNode;
  try {
    parsed = parser.parse(text) as XmlNode;
  } catch {
    throw new S3Error('MalformedXML');
  }
  const node = parsed[root];
  if (node === undefined) throw new S3Error('MalformedXML');
  if (node === '' || typeof node !== 'object') return {};
  return node as XmlNode;
}

export function text(node: XmlNode, name: string): string | undefined {
  const v = node[name];
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v && typeof v === 'object' && Object.keys(v).length === 0) return '';
  throw new S3Error('MalformedXML');
}

/** The text of each repeated element `name` (e.g. AllowedOrigin); MalformedXML if one has child elements. */
export function texts(node: XmlNode, name: string): string[] {
  const v = node[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => {
    if (typeof x === 'string') return x;
    if (typeof x === 'number' || typeof x === 'boolean') return String(x);
    if (x && typeof x === 'object' && Object.keys(x).length === 0) return '';
    throw new S3Error('MalformedXML');
  });
}

export function children(node: XmlNode, name: string): XmlNode[] {
  const v = node[name];
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => (x && typeof x === 'object' ? (x as XmlNode) : {}));
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  const v = node[name];
  if (v === undefined) return undefined;
  if (Array.isArray(v)) throw new S3Error('MalformedXML');
  return v && typeof v === 'object' ? (v as XmlNode) : {};
}
