/**
 * The host updates an offloaded path's or neighbor's cached state (reference §6.3, "typical triggers"):
 * an ICMP PMTU message changes the path's PathMtu, ARP / neighbor discovery changes the next hop's MAC
 * (the neighbor's DlDestinationAddress). One NdisUpdateOffload with a single path or neighbor block and
 * its CACHED structure; the host keeps the new value, so a later offload carries it too. One update of
 * an object at a time; not while a re-link of the path is in flight.
 */
import { createProtocolBlockList } from '../../../ndis/blockList.js';
import { OFFLOAD_STATE_TYPE } from '../../../ndis/OFFLOAD_STATE_TYPE.js';
import type { HostContext } from '../HostContext.js';
import { objectRef, pathStateType } from '../HostObject.js';
import { addTo } from '../listSet.js';
import { neighborOf, pathOf } from '../lookup.js';
import type { Tcb } from '../tcp/Tcb.js';
import { mayOperate } from './mayOperate.js';

/** The path of `t` has a new PathMtu: kept, and NdisUpdateOffload when the path is offloaded. */
export function updatePathMtu(c: HostContext, t: Tcb, PathMtu: number): void {
  const path = pathOf(c.s, t);
  path.pathMtu = PathMtu;
  if (c.report.wanted) c.report.decision(`${path.label} has PathMtu ${PathMtu} now`, path.label);
  if (!mayOperate(c, path, 'Update')) return;
  addTo(c.s.updating, objectRef(path));
  c.ndis.NdisUpdateOffload(c.s.NdisBindingHandle, createProtocolBlockList(pathStateType(path), path.handle, { Cached: { PathMtu } }));
}

/** The next hop of `t` has a new MAC: kept, and NdisUpdateOffload when the neighbor is offloaded. */
export function updateNeighborMac(c: HostContext, t: Tcb, DlDestinationAddress: string): void {
  const neighbor = neighborOf(c.s, pathOf(c.s, t));
  neighbor.mac = DlDestinationAddress;
  if (c.report.wanted) c.report.decision(`${neighbor.label} has MAC ${DlDestinationAddress} now`, neighbor.label);
  if (!mayOperate(c, neighbor, 'Update')) return;
  addTo(c.s.updating, objectRef(neighbor));
  c.ndis.NdisUpdateOffload(
    c.s.NdisBindingHandle,
    createProtocolBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, neighbor.handle, { Cached: { DlDestinationAddress, HostReachabilityDelta: 0 } }),
  );
}
