// Bucket CORS configuration and the preflight request. https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html
import { S3Error } from '../errors.ts';
import type { Handler } from '../context.ts';
import { corsConfiguration, corsHeaders, matchCorsRule, parseCorsConfiguration, requestedHeaders } from '../cors.ts';
import { readSmallBody } from '../request-body.ts';
import { MAX_XML_BYTES } from '../xml/xml-codec.ts';
import { requireBucket } from './common.ts';

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketCors.html */
export const getBucketCors: Handler = async (ctx) => {
  const rules = requireBucket(ctx).cors ?? [];
  if (rules.length === 0) throw new S3Error('NoSuchCORSConfiguration', undefined, { BucketName: ctx.bucket });
  return { headers: { 'content-type': 'application/xml' }, body: corsConfiguration(rules) };
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html (replaces the configuration) */
export const putBucketCors: Handler = async (ctx) => {
  requireBucket(ctx);
  const rules = parseCorsConfiguration(await readSmallBody(ctx, MAX_XML_BYTES));
  await ctx.store.updateBucket(ctx.bucket, { cors: rules });
  return {};
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketCors.html */
export const deleteBucketCors: Handler = async (ctx) => {
  requireBucket(ctx);
  await ctx.store.updateBucket(ctx.bucket, { cors: [] });
  return { status: 204 };
};

/**
 * OPTIONS (preflight): 200 with the first matching rule's headers, 403 AccessForbidden when the bucket has no CORS
 * configuration or no rule allows the origin, method and headers. https://docs.aws.amazon.com/AmazonS3/latest/API/RESTOPTIONSobject.html
 */
export const corsPreflight: Handler = async (ctx) => {
  const origin = ctx.headers.origin;
  const method = ctx.headers['access-control-request-method'];
  if (!origin || !method) throw new S3Error('BadRequest', 'Insufficient information. Origin request header needed.');
  const rules = requireBucket(ctx).cors ?? [];
  if (rules.length === 0) throw new S3Error('AccessForbidden', 'CORSResponse: CORS is not enabled for this bucket.');
  const wanted = requestedHeaders(ctx.headers['access-control-request-headers']);
  const rule = matchCorsRule(rules, origin, method, wanted);
  if (!rule) {
    throw new S3Error('AccessForbidden', 'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.');
  }
  return { headers: corsHeaders(rule, origin, wanted) };
};
