// The only two IPC channels between preload and main. Shared by electron/preload and
// electron/main/rpc/ipc-transport.ts so the names cannot drift apart.
/** Renderer -> main request: `invoke(RPC_CHANNEL, method, input)` answered with an RpcResponse. */
export const RPC_CHANNEL = 'bucketscope:rpc';
/** Main -> renderer push: `send(EVENT_CHANNEL, pushEvent)`. */
export const EVENT_CHANNEL = 'bucketscope:event';
