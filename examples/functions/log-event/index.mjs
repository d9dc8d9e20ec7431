// Logs every record of the event it receives, in either dialect (COS -> SCF or S3 -> Lambda).
// Handler: index.main_handler (index.handler works too).
export async function main_handler(event, context) {
  console.log(`${context.function_name ?? context.functionName} request ${context.request_id ?? context.awsRequestId}`);
  for (const record of event.Records ?? []) {
    if (record.cos) {
      const { cosObject, cosBucket } = record.cos;
      console.log(`${record.event.eventName} ${cosBucket.name} ${cosObject.key} size=${cosObject.size} vid=${cosObject.vid}`);
    } else {
      const { bucket, object } = record.s3;
      console.log(`${record.eventName} ${bucket.name} ${object.key} size=${object.size ?? '-'} version=${object.versionId ?? '-'}`);
    }
  }
  return { records: (event.Records ?? []).length };
}

export const handler = main_handler;
