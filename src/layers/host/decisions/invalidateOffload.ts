/** The host says an offloaded object's cached state is no longer valid: NdisInvalidateOffload (reference §6.5). */
import { createProtocolBlockList } from '../../../ndis/blockList.js';
import { OFFLOAD_STATE_TYPE } from '../../../ndis/OFFLOAD_STATE_TYPE.js';
import type { HostContext } from '../HostContext.js';
import { objectRef, pathStateType, type HostObject } from '../HostObject.js';
import { addTo } from '../listSet.js';
import { neighborOf, pathOf } from '../lookup.js';
import type { Tcb } from '../tcp/Tcb.js';
import { mayOperate } from './mayOperate.js';

/** NdisInvalidateOffload of a connection, its path or its neighbor (block lists only). */
export function invalidateOffload(c: HostContext, t: Tcb, layer: 'Tcp' | 'Path' | 'Neighbor'): void {
  const path = pathOf(c.s, t);
  invalidateObject(c, layer === 'Tcp' ? t : layer === 'Path' ? path : neighborOf(c.s, path));
}

/** NdisInvalidateOffload of one object (a connection, a path or a neighbor), if the host may now. */
export function invalidateObject(c: HostContext, o: HostObject): void {
  if (!mayOperate(c, o, 'Invalidate')) return;
  const type = o.kind === 'Tcp' ? OFFLOAD_STATE_TYPE.TcpOffloadState : o.kind === 'Path' ? pathStateType(o) : OFFLOAD_STATE_TYPE.NeighborOffloadState;
  if (o.kind === 'Tcp') o.opsInFlight++;
  addTo(c.s.invalidated, objectRef(o));
  c.ndis.NdisInvalidateOffload(c.s.NdisBindingHandle, createProtocolBlockList(type, o.handle, null));
}
