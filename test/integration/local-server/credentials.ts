// Test credentials shared by the in-process harness and the child-process server.
export const CREDENTIALS = { accessKeyId: 'AKIALOCALTEST', secretAccessKey: 'local-test-secret-key' };
