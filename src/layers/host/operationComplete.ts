/**
 * The host's side of an update, invalidate or query completing (reference §6.3-§6.5): the operation is
 * no longer in flight (a terminate waiting for it may go), a re-link takes effect, and a FAILURE means
 * the host uploads those objects' connections.
 */
import { forEachBlock, tcpStateOf, type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from '../../ndis/blockList.js';
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import { continueRelinks, relinkComplete } from './decisions/relinkPath.js';
import { offloadWaiting } from './decisions/offloadWaiting.js';
import { terminateOffload, uploadOwed } from './decisions/terminateOffload.js';
import type { HostContext } from './HostContext.js';
import { recordOfHandle } from './hostHandles.js';
import { objectRef } from './HostObject.js';
import { removeFrom } from './listSet.js';
import type { Tcb } from './tcp/Tcb.js';

/** The completions this covers, by the Protocol* handler that brings them. */
export type OperationCompleteHandler = 'ProtocolUpdateOffloadComplete' | 'ProtocolInvalidateOffloadComplete' | 'ProtocolQueryOffloadComplete';

/** Update, invalidate, query: a FAILURE means the host uploads those objects' connections. */
export function operationComplete(c: HostContext, type: OperationCompleteHandler, OffloadBlockList: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): void {
  const failed: Tcb[] = [];
  const owed: Tcb[] = [];
  forEachBlock(OffloadBlockList, (node) => {
    const o = recordOfHandle(c.s, node.OffloadHandle);
    if (o && o.kind !== 'Tcp' && type === 'ProtocolUpdateOffloadComplete' && c.s.updating.includes(objectRef(o))) {
      removeFrom(c.s.updating, objectRef(o)); // a PathMtu or neighbor MAC update (updatePathOrNeighbor), or a re-link's linker
      return;
    }
    if (o?.kind === 'Path' && type === 'ProtocolUpdateOffloadComplete') relinkComplete(c, o, node.Status);
    if (o?.kind !== 'Tcp') return;
    const t = o;
    t.opsInFlight = Math.max(0, t.opsInFlight - 1);
    if (type === 'ProtocolUpdateOffloadComplete') removeFrom(c.s.updating, t.label);
    if (t.opsInFlight === 0 && t.uploadOwed !== 0 && node.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS) owed.push(t);
    if (node.Status !== NDIS_STATUS.NDIS_STATUS_SUCCESS) failed.push(t);
    else if (type === 'ProtocolQueryOffloadComplete' && c.report.wanted) {
      const d = tcpStateOf(node)?.Delegated;
      c.report.decision(`reads ${t.label}: SendBacklogSize ${d?.SendBacklogSize}, ReceiveBacklogSize ${d?.ReceiveBacklogSize}`, t.label);
    }
  });
  if (failed.length) {
    c.report.decision(`${type} failed for ${failed.map((t) => t.label).join(', ')}: uploads them`);
    terminateOffload(c, failed);
  }
  uploadOwed(c, owed);
  if (type === 'ProtocolUpdateOffloadComplete') {
    if (c.s.relinks.length > 0) continueRelinks(c); // a neighbor may be free to link to now
    offloadWaiting(c); // a path re-linked: the connections waiting for it go
  }
}
