/** The host changes an offloaded connection's cached variables: NdisUpdateOffload (reference §6.4). */
import { createProtocolBlockList } from '../../../ndis/blockList.js';
import { OFFLOAD_STATE_TYPE } from '../../../ndis/OFFLOAD_STATE_TYPE.js';
import type { TCP_OFFLOAD_STATE_CACHED } from '../../../ndis/stateStructures.js';
import { DEFAULT_TCP_CACHED } from '../handover/delegatedTcpState.js';
import type { HostContext } from '../HostContext.js';
import { addTo } from '../listSet.js';
import type { Tcb } from '../tcp/Tcb.js';
import { mayOperate } from './mayOperate.js';

/** NdisUpdateOffload of one connection's cached variables. */
export function updateOffload(c: HostContext, t: Tcb, cached: Partial<TCP_OFFLOAD_STATE_CACHED>): void {
  if (!mayOperate(c, t, 'Update')) return;
  const node = createProtocolBlockList(OFFLOAD_STATE_TYPE.TcpOffloadCachedState, t.handle, { Cached: { ...DEFAULT_TCP_CACHED, ...cached } });
  t.opsInFlight++;
  addTo(c.s.updating, t.label);
  c.ndis.NdisUpdateOffload(c.s.NdisBindingHandle, node);
}
