/** The host reads an offloaded connection's delegated state: NdisQueryOffloadState. */
import { createProtocolBlockList } from '../../../ndis/blockList.js';
import { OFFLOAD_STATE_TYPE } from '../../../ndis/OFFLOAD_STATE_TYPE.js';
import { delegatedTcpState } from '../handover/delegatedTcpState.js';
import type { HostContext } from '../HostContext.js';
import type { Tcb } from '../tcp/Tcb.js';
import { mayOperate } from './mayOperate.js';

/** NdisQueryOffloadState of one connection: the target fills the delegated structure (with the backlog sizes). */
export function queryOffload(c: HostContext, t: Tcb): void {
  if (!mayOperate(c, t, 'Query')) return;
  const node = createProtocolBlockList(OFFLOAD_STATE_TYPE.TcpOffloadDelegatedState, t.handle, { Delegated: delegatedTcpState(t.tcp) });
  t.opsInFlight++;
  c.ndis.NdisQueryOffloadState(c.s.NdisBindingHandle, node);
}
