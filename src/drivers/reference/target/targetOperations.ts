/**
 * The target's state-manipulation handlers (reference §6.1, §6.3-§6.5; terminate is targetTerminate):
 * each stores nothing beyond the call, writes a Status on every node, and completes asynchronously (NDIS
 * makes the completion a pending item).
 */
import { probeInFlightAt } from './persistTimer.js';
import { forEachBlock, isNeighborBlock, isPathBlock, isTcpBlock, tcpStateOf, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../../ndis/blockList.js';
import { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import { netBufferListsOf } from '../../../ndis/NET_BUFFER_LIST.js';
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../../ndis/stateStructures.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON } from '../../../ndis/TCP_UPLOAD_REASON.js';
import { cloneData } from '../../../data/cloneData.js';
import { fourTupleText } from '../../../wire/FourTuple.js';
import { initiateOffload } from './initiateOffload.js';
import { dependentKey, ENTRIES_STATUS, objectOf, objectOrStatus, pathKeyOf, tcpObjectsUnder, type TargetCall } from './TargetCall.js';
import { delegatedOf, objectById, objectOfContext, TargetFlags, type TargetObject } from './TargetState.js';
import { takeBufferedData } from './receiveOf.js';
import { indicateWhenInitiateReturned } from './targetIndications.js';
import { receiveBacklogSize } from './targetReceiveHoldings.js';
import { failsForHardware, reportHardwareFailure, tagForHardwareReport } from './targetHardwareFailure.js';
import { sendBacklogSize, transmitQueued } from './targetSend.js';
import { handOverRetransmitTimer, takeRetransmitTimer } from './targetRetransmit.js';
import { handOverKeepAlive, takeKeepAlive } from './targetKeepAlive.js';

/**
 * The delegated variables the target keeps ("NIC memory"), copied in from the host's structure: every
 * field of TCP_OFFLOAD_STATE_DELEGATED but the initiate/terminate/query extras (send chain pointers,
 * buffered data, backlog sizes).
 */
function ownDelegated(d: TCP_OFFLOAD_STATE_DELEGATED): TCP_OFFLOAD_STATE_DELEGATED {
  return {
    State: d.State, Flags: d.Flags, RcvNxt: d.RcvNxt, RcvWnd: d.RcvWnd, SndUna: d.SndUna, SndNxt: d.SndNxt, SndMax: d.SndMax,
    SndWnd: d.SndWnd, MaxSndWnd: d.MaxSndWnd, SendWL1: d.SendWL1, CWnd: d.CWnd, SsThresh: d.SsThresh, SRtt: d.SRtt, RttVar: d.RttVar,
    TsRecent: d.TsRecent, TsRecentAge: d.TsRecentAge, TsTime: d.TsTime, TotalRT: d.TotalRT, DupAckCount: d.DupAckCount,
    SndWndProbeCount: d.SndWndProbeCount, KeepAlive: { ...d.KeepAlive }, Retransmit: { ...d.Retransmit }, DWnd: d.DWnd,
  };
}

/** Copies the delegated variables the target keeps into a host-provided structure (terminate, query). */
export function copyDelegatedOut(o: TargetObject, out: TCP_OFFLOAD_STATE_DELEGATED): void {
  Object.assign(out, ownDelegated(delegatedOf(o)));
}

/** MiniportInitiateOffload: store the tree, offload depth-first, complete asynchronously. */
export function MiniportInitiateOffload(c: TargetCall, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
  const s = c.s;
  initiateOffload(OffloadBlockList, {
    admit: (layer, connection) => {
      const key = connection ? fourTupleText(connection) : undefined;
      const planned = key !== undefined ? s.plannedFailures[key] : undefined;
      if (planned !== undefined) {
        delete s.plannedFailures[key!];
        return planned;
      }
      return s.used[layer] >= s.capacity[layer] ? ENTRIES_STATUS[layer] : NDIS_STATUS.NDIS_STATUS_SUCCESS;
    },
    create: (node, layer, parent, connection) => {
      const id = s.freeSlots.pop() ?? s.objects.length;
      const serial = s.nextSerial++;
      // The walk offloads only a node whose Type names a layer and whose state structures follow it.
      const tcp = layer === 'Tcp' ? tcpStateOf(node) : undefined;
      const delegated = tcp?.Delegated;
      if (layer === 'Tcp' && !delegated) throw new Error('MiniportInitiateOffload: a new TCP object without TCP_OFFLOAD_STATE_DELEGATED');
      const own = !tcp && (isNeighborBlock(node) || isPathBlock(node)) ? node.State : null;
      if (!node.NdisOffloadHandle) throw new Error('MiniportInitiateOffload: a new object without an NdisOffloadHandle');
      const o: TargetObject = {
        // The target copies what it keeps: the tree goes back to the host with the completion.
        id, serial, layer, NdisOffloadHandle: { ...node.NdisOffloadHandle }, parent: parent?.id ?? null,
        dependents: tcp ? null : {}, state: own ? cloneData(own) : null, cached: tcp?.Cached ? { ...tcp.Cached } : null,
        delegated: delegated ? ownDelegated(delegated) : null,
        localPort: connection?.localPort ?? 0, remotePort: connection?.remotePort ?? 0,
        life: 'Offloaded', flags: 0, disconnect: null, receive: null,
        // Outstanding send data comes with the TCP object: the target holds it from now on (as it would the host's memory).
        sendQueue: tcp && node.NetBufferListChain ? netBufferListsOf(node.NetBufferListChain).map((n) => ({ ...n, Next: null })) : null,
      };
      for (const n of o.sendQueue ?? []) n.MiniportReserved = { ...o.NdisOffloadHandle };
      s.objects[id] = o;
      // A zero-window probe the host had in flight (windowHandover): the target answers for it now.
      if (o.delegated && probeInFlightAt(o.delegated)) o.persist = { probeAt: o.delegated.SndUna, timer: false };
      // Buffered receive data is copied now and delivered before anything received later.
      if (delegated) takeBufferedData(o, delegated.BufferedData);
      s.used[layer]++;
      if (connection) delete s.resetConnections[fourTupleText(connection)];
      if (parent?.dependents) parent.dependents[dependentKey(o)] = id;
      if (layer === 'Path') s.paths[pathKeyOf(o)] = id;
      return o;
    },
    existing: (context) => objectOfContext(s, context),
    contextOf: (o) => ({ owner: s.name, id: o.id }),
  });
  c.ndis.NdisMInitiateOffloadComplete(s.NdisMiniportHandle, OffloadBlockList);
  // A connection is live as soon as it is offloaded: send what was handed down and not yet sent.
  forEachBlock(OffloadBlockList, (node) => {
    const o = node.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS ? objectOf(c, node) : null;
    if (o?.layer === 'Tcp') {
      takeRetransmitTimer(c, o);
      takeKeepAlive(c, o);
      transmitQueued(c, o);
    }
  });
}

/** MiniportUpdateOffload: apply cached variables; a neighbor with path dependents re-links them. */
export function MiniportUpdateOffload(c: TargetCall, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
  forEachBlock(OffloadBlockList, (node, parent) => {
    const o = objectOrStatus(c, node);
    if (!o) return;
    if (isTcpBlock(node)) {
      const cached = node.State?.Cached;
      if (cached && o.layer === 'Tcp') o.cached = { ...cached };
    } else if (isNeighborBlock(node) || isPathBlock(node)) {
      const cached = node.State?.Cached;
      if (cached && o.state) o.state = { ...o.state, Cached: { ...cached } };
    }
    const newParent = parent ? objectOf(c, parent) : null;
    if (newParent && o.layer === 'Path' && newParent.layer === 'Neighbor' && o.parent !== newParent.id) {
      const old = objectById(c.s, o.parent);
      if (old?.dependents) delete old.dependents[dependentKey(o)];
      o.parent = newParent.id;
      if (newParent.dependents) newParent.dependents[dependentKey(o)] = o.id;
    }
    node.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
  });
  c.ndis.NdisMUpdateOffloadComplete(c.s.NdisMiniportHandle, OffloadBlockList);
}

/**
 * MiniportInvalidateOffload: mark invalid, complete, then ask to upload every affected connection — a
 * connection still being offloaded (a neighbor or path shared with it) only once its initiate completion returned.
 */
export function MiniportInvalidateOffload(c: TargetCall, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
  const affected: TargetObject[] = [];
  const corrupt: TargetObject[] = [];
  forEachBlock(OffloadBlockList, (node) => {
    const o = objectOrStatus(c, node);
    if (!o) return;
    if (failsForHardware(o, node)) return void corrupt.push(o);
    o.flags |= TargetFlags.Invalidated;
    for (const t of tcpObjectsUnder(c, o)) if (!affected.includes(t)) affected.push(t);
    node.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
  });
  const report = tagForHardwareReport(c, OffloadBlockList, corrupt);
  c.ndis.NdisMInvalidateOffloadComplete(c.s.NdisMiniportHandle, OffloadBlockList);
  reportHardwareFailure(c, report, corrupt);
  for (const t of affected) {
    if (corrupt.includes(t)) continue;
    t.flags |= TargetFlags.UploadRequested;
    // A connection whose NdisMInitiateOffloadComplete has not returned yet gets it once it has (§6.1, §8 item 4).
    indicateWhenInitiateReturned(c, t, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, TCP_UPLOAD_REASON.InvalidState);
  }
}

/** MiniportQueryOffload: write current values into the structures that follow each node. */
export function MiniportQueryOffload(c: TargetCall, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
  const corrupt: TargetObject[] = [];
  forEachBlock(OffloadBlockList, (node) => {
    const o = objectOrStatus(c, node);
    if (!o) return;
    if (failsForHardware(o, node)) return void corrupt.push(o);
    const out = tcpStateOf(node);
    if (out && o.layer === 'Tcp') {
      if (out.Delegated) {
        copyDelegatedOut(o, out.Delegated);
        handOverRetransmitTimer(c, o, out.Delegated, false);
        handOverKeepAlive(c, o, out.Delegated, false);
        out.Delegated.SendBacklogSize = sendBacklogSize(o);
        out.Delegated.ReceiveBacklogSize = receiveBacklogSize(o);
      }
      if (out.Cached && o.cached) Object.assign(out.Cached, o.cached);
    } else if ((isNeighborBlock(node) || isPathBlock(node)) && node.State && o.state) {
      // Any offloaded object is queried for its current values (§6.5): a neighbor's or path's cached and delegated ones.
      if (node.State.Cached && o.state.Cached) Object.assign(node.State.Cached, o.state.Cached);
      if (node.State.Delegated && o.state.Delegated) Object.assign(node.State.Delegated, o.state.Delegated);
    }
    node.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
  });
  const report = tagForHardwareReport(c, OffloadBlockList, corrupt);
  c.ndis.NdisMQueryOffloadStateComplete(c.s.NdisMiniportHandle, OffloadBlockList);
  reportHardwareFailure(c, report, corrupt);
}

