/**
 * When the host offloads (reference §6.1): a connection goes when it is InHost, its TCP state is
 * synchronized, its own FIN (if it closed) is on the wire, and its path and neighbor are settled; the
 * rest wait (offloadWaiting) or are refused with the reason. Those that go are offloaded with one
 * NdisInitiateOffload.
 *
 * A FIN numbered and not yet sent (closeInHost.ts finNotSent: held behind data the peer's window keeps
 * back) has no way down. The delegated state has no field for it (reference §3.3); SndMax counts what
 * was sent (§6.1: "≥ SndMax = never sent"), so State FIN_WAIT_1 with SndMax at the end of the data
 * would leave the target to infer a FIN owed, which the reference never asks of it; and a FIN reaches
 * the target only as a graceful NdisOffloadTcpDisconnect (§6.9), which the host cannot issue again for
 * a TCB already in FIN_WAIT_1 or LAST_ACK. So the host keeps such a connection until its own TCP has
 * sent the FIN (a choice; the reference is silent). Once the FIN is out, acknowledged or not, it may
 * offload it: SndMax is then one past the data, and the target sees that FIN acknowledged as it sees a
 * disconnect's (targetDisconnect.ts finAcknowledged).
 */
import { TCP_CONNECTION_OFFLOAD_STATE as S, offloadStateShortName } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { isOffloadableTcpState, tcpStateShortName } from '../../../ndis/TCPSTATE.js';
import { buildInitiateTree } from '../handover/buildInitiateTree.js';
import type { HostContext } from '../HostContext.js';
import type { HostState } from '../HostState.js';
import { addTo } from '../listSet.js';
import { neighborOf, pathOf } from '../lookup.js';
import { moveOffload } from '../moveOffload.js';
import type { Tcb } from '../tcp/Tcb.js';
import { finNotSent } from '../tcp/closeInHost.js';

const settled = (o: { offload: number }) =>
  o.offload === S.TcpConnectionOffloadStateInHost || o.offload === S.TcpConnectionOffloadStateOffloaded;

/**
 * A connection's path and neighbor can be linked to: settled, and the path neither being re-linked to a
 * new neighbor (its update in flight: the connection would hang under the neighbor it is leaving) nor
 * waiting to be uploaded for a new next hop.
 */
export function linkable(s: HostState, t: Tcb): boolean {
  const path = pathOf(s, t);
  return settled(path) && settled(neighborOf(s, path)) && path.relinkTo === null && !path.nextHopLater;
}

/** Offloads the connections that can go (InHost, synchronized TCP state, path and neighbor settled): one NdisInitiateOffload. */
export function initiateOffload(c: HostContext, tcbs: readonly Tcb[]): void {
  const s = c.s;
  const going: Tcb[] = [];
  for (const t of tcbs) {
    const why =
      t.offload !== S.TcpConnectionOffloadStateInHost ? `it is ${offloadStateShortName(t.offload)}`
      : !isOffloadableTcpState(t.tcp) ? `TCP state ${tcpStateShortName(t.tcp)} cannot be offloaded`
      : finNotSent(t) ? `its FIN waits behind data the peer's window holds back, and the delegated state cannot say a FIN is owed`
      : undefined;
    if (why) c.report.decision(`does not offload ${t.label}: ${why}`, t.label);
    else if (!linkable(s, t)) {
      // Objects being offloaded or terminated cannot be linked to: offload once they settle.
      addTo(s.offloadsWaiting, t.label);
      if (c.report.wanted) c.report.decision(`offloads ${t.label} once its path and neighbor have finished being offloaded, re-linked or uploaded`, t.label);
    } else going.push(t);
  }
  if (going.length === 0) return;
  const root = buildInitiateTree(c, going);
  for (const t of going) {
    const path = pathOf(s, t);
    if (path.offload === S.TcpConnectionOffloadStateInHost) {
      const neighbor = neighborOf(s, path);
      if (neighbor.offload === S.TcpConnectionOffloadStateInHost) moveOffload(c, neighbor, { type: 'NdisInitiateOffload' });
      neighbor.users++;
      moveOffload(c, path, { type: 'NdisInitiateOffload' });
    }
    path.users++;
    moveOffload(c, t, { type: 'NdisInitiateOffload' });
  }
  c.ndis.NdisInitiateOffload(s.NdisBindingHandle, root);
}
