// COS -> SCF event payload, field for field as the SCF "COS trigger" event template
// (https://www.tencentcloud.com/document/product/583/9707) and ../shared/events/cos-*.json.
import type { BucketEvent } from '../../shared/bucket-event.ts';
import { deliveredEventName } from '../../shared/event-names.ts';
import { cosShortRegion, type FormatContext } from './format-context.ts';
import { urlPathKey } from './key-encoding.ts';

export interface CosRecord {
  cos: {
    cosSchemaVersion: '1.0';
    cosObject: { url: string; meta: Record<string, string>; vid: string; key: string; size: number };
    cosBucket: { region: string; name: string; appid: string; cosRegion: string; s3Region: string };
    cosNotificationId: string;
  };
  event: {
    eventName: string;
    eventVersion: '1.0';
    eventTime: number;
    eventSource: 'qcs::cos';
    requestParameters: { requestSourceIP: string; requestHeaders: { Authorization: string } };
    eventQueue: string;
    reservedInfo: string;
    reqid: number;
  };
}

export function formatCosRecord(event: BucketEvent, ctx: FormatContext): CosRecord {
  const created = event.type.startsWith('ObjectCreated:');
  const eventTime = Math.floor(Date.parse(event.time) / 1000);
  const short = cosShortRegion(ctx.region);
  const encodedKey = urlPathKey(event.key);
  const url =
    ctx.endpoint !== undefined
      ? `${ctx.endpoint.replace(/\/+$/, '')}/${urlPathKey(event.bucket)}/${encodedKey}`
      : `http://${event.bucket}-${ctx.appid}.cos.${ctx.region}.myqcloud.com/${encodedKey}`;
  // Removal deliveries carry only the request id in meta (see cos-delete-marker.json).
  const meta: Record<string, string> = { 'x-cos-request-id': event.requestId };
  if (created) {
    if (event.contentType !== undefined) meta['Content-Type'] = event.contentType;
    meta['ETag'] = `"${event.etag}"`;
    meta['x-cos-storage-class'] = 'Standard';
    for (const [name, value] of Object.entries(event.metadata ?? {})) meta[`x-cos-meta-${name}`] = value;
  }
  return {
    cos: {
      cosSchemaVersion: '1.0',
      cosObject: {
        url,
        meta,
        // The docs show vid empty; this project carries the version id there (events/README.md).
        vid: event.versionId,
        key: `/${ctx.appid}/${event.bucket}/${event.key}`,
        size: created ? event.size : 0,
      },
      cosBucket: { region: short, name: event.bucket, appid: ctx.appid, cosRegion: ctx.region, s3Region: ctx.region },
      // Spelled as the service spells it.
      cosNotificationId: 'unkown',
    },
    event: {
      eventName: deliveredEventName(event.type, 'cos'),
      eventVersion: '1.0',
      eventTime,
      eventSource: 'qcs::cos',
      requestParameters: {
        requestSourceIP: event.sourceIp,
        requestHeaders: { Authorization: ctx.authorization ?? placeholderAuthorization(event.accessKeyId ?? '', eventTime) },
      },
      eventQueue: `qcs:0:scf:${short}:appid/${ctx.appid}:${ctx.namespace}.${ctx.functionName}.$DEFAULT`,
      reservedInfo: '',
      reqid: 0,
    },
  };
}

/** The embedded server verifies SigV4, not COS signatures: show the COS form with the signing key id. */
function placeholderAuthorization(accessKeyId: string, eventTime: number): string {
  const window = `${eventTime};${eventTime + 3600}`;
  return (
    `q-sign-algorithm=sha1&q-ak=${accessKeyId}&q-sign-time=${window}&q-key-time=${window}` +
    `&q-header-list=host&q-url-param-list=&q-signature=${'0'.repeat(40)}`
  );
}

export function formatCosPayload(events: readonly BucketEvent[], ctx: FormatContext): { Records: CosRecord[] } {
  return { Records: events.map((e) => formatCosRecord(e, ctx)) };
}
