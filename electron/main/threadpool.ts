// Imported first by every entry point: libuv sizes its thread pool on first use, and the embedded
// server's fsyncs queue behind concurrent clients with the default of 4 threads.
process.env.UV_THREADPOOL_SIZE ??= '16';
