/**
 * The MinIO client commands that point a MinIO server's notifications at Bucketscope's webhook receiver.
 * MinIO sends `auth_token` as `Authorization: Bearer <token>`; the target is applied after a restart.
 * https://min.io/docs/minio/linux/administration/monitoring/publish-events-to-webhook.html
 */
export function minioWebhookCommands(url: string, token: string): string {
  return (
    `mc admin config set ALIAS notify_webhook:bucketscope endpoint=${url} auth_token=${token}\n` +
    `mc admin service restart ALIAS\n` +
    `mc event add ALIAS/BUCKET arn:minio:sqs::bucketscope:webhook --event put,delete`
  );
}
