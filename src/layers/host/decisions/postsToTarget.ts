/** Whether the host hands a connection's data calls to the target now, or keeps them itself. */
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import type { Tcb } from '../tcp/Tcb.js';

/** May the host post sends and receives (and forward, and disconnect) on this connection now? Only while offloaded with no upload owed. */
export function postsToTarget(t: Tcb): boolean {
  return t.offload === S.TcpConnectionOffloadStateOffloaded && t.uploadOwed === 0;
}
