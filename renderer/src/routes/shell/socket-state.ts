/** Browser mode: the loopback WebSocket as the status bar and the banner describe it. */
export type SocketState = 'connecting' | 'open' | 'reconnecting' | 'unreachable';
