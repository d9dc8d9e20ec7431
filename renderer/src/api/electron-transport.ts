import type { MethodId, PushEvent } from '../../../electron/shared/contract.ts';
import type { RpcResponse } from '../../../electron/shared/envelope.ts';
import type { PreloadBridge, Transport } from './transport.ts';

/** Electron: preload's allowlisted bridge carries the same envelopes over IPC. */
export class ElectronTransport implements Transport {
  constructor(private readonly bridge: PreloadBridge) {}
  invoke(method: MethodId, input: unknown): Promise<RpcResponse> {
    return this.bridge.invoke(method, input);
  }
  subscribe(listener: (event: PushEvent) => void): () => void {
    return this.bridge.subscribe(listener);
  }
}
