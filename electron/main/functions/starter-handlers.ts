// Starter handlers written by `functions.scaffold`: the smallest useful handler, which logs what an event
// says (event name, bucket, key) for both payload shapes a trigger can deliver:
//   COS/SCF: { Records: [{ event: { eventName }, cos: { cosBucket: { name }, cosObject: { key } } }] }
//   S3/Lambda: { Records: [{ eventName, s3: { bucket: { name }, object: { key } } }] }
// (see ../../shared/events/ and https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html)
import type { RuntimeKind } from '../../shared/triggers.ts';

export const NODE_STARTER = `// Runs for every event a trigger sends to this function.
// event: { Records: [...] } in COS (SCF) or S3 (Lambda) form; context: request id, limits, remaining time.
// The embedded S3 server's endpoint and credentials are in process.env (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ...).
export async function main_handler(event, context) {
  const records = event.Records ?? [];
  for (const r of records) {
    // COS: name under event.eventName, key as /<appid>/<bucket>/<key>; S3: URL-encoded key, a space as '+'.
    const name = r.event?.eventName ?? r.eventName;
    const bucket = r.cos?.cosBucket?.name ?? r.s3?.bucket?.name;
    const key = r.cos
      ? r.cos.cosObject.key.split('/').slice(3).join('/')
      : decodeURIComponent(r.s3.object.key.replaceAll('+', ' '));
    console.log(\`\${name} \${bucket} \${key}\`);
  }
  return { ok: true, records: records.length, requestId: context.request_id ?? context.awsRequestId };
}
`;

export const PYTHON_STARTER = `# Runs for every event a trigger sends to this function.
# event: {"Records": [...]} in COS (SCF) or S3 (Lambda) form; context: request id, limits, remaining time.
# The embedded S3 server's endpoint and credentials are in os.environ (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ...).
from urllib.parse import unquote_plus


def main_handler(event, context):
    records = event.get("Records", [])
    for r in records:
        # COS: name under event.eventName, key as /<appid>/<bucket>/<key>; S3: URL-encoded key, a space as '+'.
        if "cos" in r:
            name = r["event"]["eventName"]
            bucket = r["cos"]["cosBucket"]["name"]
            key = r["cos"]["cosObject"]["key"].split("/", 3)[3]
        else:
            name = r["eventName"]
            bucket = r["s3"]["bucket"]["name"]
            key = unquote_plus(r["s3"]["object"]["key"])
        print(f"{name} {bucket} {key}")
    return {"ok": True, "records": len(records)}
`;

/** The file name and text of a runtime's starter handler (exported as `index.main_handler`). */
export function starterFor(runtime: Exclude<RuntimeKind, 'webhook'>): { file: string; text: string } {
  return runtime === 'python' ? { file: 'index.py', text: PYTHON_STARTER } : { file: 'index.mjs', text: NODE_STARTER };
}
