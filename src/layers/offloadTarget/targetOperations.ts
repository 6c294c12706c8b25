/**
 * The target's state-manipulation handlers (reference §6.1, §6.3-§6.5; terminate is targetTerminate): each stores nothing beyond the
 * call, writes a Status on every node, and completes asynchronously (NDIS makes the completion a
 * pending item).
 */
import { forEachBlock, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../ndis/blockList.js';
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import { netBufferListsOf } from '../../ndis/NET_BUFFER_LIST.js';
import type { OffloadStateStructures, TCP_OFFLOAD_STATE_CACHED, TcpOffloadStructures } from '../../ndis/stateStructures.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON } from '../../ndis/TCP_UPLOAD_REASON.js';
import { initiateOffload } from './initiateOffload.js';
import { ENTRIES_STATUS, objectOf, objectOrStatus, pathKeyOf, type OffloadTargetContext } from './OffloadTargetContext.js';
import { fourTupleText, portsKey, TargetFlags, tcpObjectsUnder, type TargetObject } from './TargetObject.js';
import { receiveBacklogSize, takeBufferedData } from './targetReceive.js';
import { failsForHardware, reportHardwareFailure } from './targetHardwareFailure.js';
import { sendBacklogSize, transmitQueued } from './targetSend.js';

/** MiniportInitiateOffload: store the tree, offload depth-first, complete asynchronously. */
export function MiniportInitiateOffload(c: OffloadTargetContext, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
  initiateOffload(OffloadBlockList, {
    admit: (layer, connection) => {
      const planned = connection && c.plannedFailures.size > 0 ? c.plannedFailures.get(fourTupleText(connection)) : undefined;
      if (planned !== undefined) {
        c.plannedFailures.delete(fourTupleText(connection!));
        return planned;
      }
      return c.used[layer] >= c.capacity[layer] ? ENTRIES_STATUS[layer] : NDIS_STATUS.NDIS_STATUS_SUCCESS;
    },
    create: (node, layer, parent, connection) => {
      const serial = c.serials.nextSerial();
      const tcp = layer === 'Tcp' ? (node.State as TcpOffloadStructures) : null;
      const o: TargetObject = {
        owner: c.name, serial, layer, NdisOffloadHandle: node.NdisOffloadHandle!, parent,
        dependents: tcp ? null : new Map(), state: tcp ? null : node.State!, cached: tcp?.Cached ?? null,
        slot: tcp ? c.delegated.store(tcp.Delegated!) : -1,
        key: connection ? portsKey(connection.localPort, connection.remotePort) : serial,
        flags: 0, disconnect: null,
        // Outstanding send data comes with the TCP object; the target owns it from now on.
        sendQueue: tcp && node.NetBufferListChain ? netBufferListsOf(node.NetBufferListChain) : null,
      };
      for (const n of o.sendQueue ?? []) n.MiniportReserved = o.NdisOffloadHandle;
      // Buffered receive data is copied now and delivered before anything received later.
      if (tcp) takeBufferedData(c, o, tcp.Delegated!.BufferedData);
      c.used[layer]++;
      if (connection && c.resetConnections.size > 0) c.resetConnections.delete(fourTupleText(connection));
      parent?.dependents?.set(o.key, o);
      if (layer === 'Path') c.paths.set(pathKeyOf(o), o);
      return o;
    },
  });
  c.ndis.NdisMInitiateOffloadComplete(c.miniportHandle, OffloadBlockList);
  // A connection is live as soon as it is offloaded: send what was handed down and not yet sent.
  forEachBlock(OffloadBlockList, (node) => {
    const o = node.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS ? objectOf(c, node) : null;
    if (o?.layer === 'Tcp') transmitQueued(c, o);
  });
}

/** MiniportUpdateOffload: apply cached variables; a neighbor with path dependents re-links them. */
export function MiniportUpdateOffload(c: OffloadTargetContext, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
  forEachBlock(OffloadBlockList, (node, parent) => {
    const o = objectOrStatus(c, node);
    if (!o) return;
    const cached = node.State?.Cached;
    if (cached && o.layer === 'Tcp') o.cached = cached as TCP_OFFLOAD_STATE_CACHED;
    else if (cached && o.state) o.state = { ...o.state, Cached: cached } as OffloadStateStructures;
    const newParent = parent ? objectOf(c, parent) : null;
    if (newParent && o.layer === 'Path' && newParent.layer === 'Neighbor' && o.parent !== newParent) {
      o.parent?.dependents?.delete(o.key);
      o.parent = newParent;
      newParent.dependents?.set(o.key, o);
    }
    node.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
  });
  c.ndis.NdisMUpdateOffloadComplete(c.miniportHandle, OffloadBlockList);
}

/** MiniportInvalidateOffload: mark invalid, complete, then ask to upload every affected connection. */
export function MiniportInvalidateOffload(c: OffloadTargetContext, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
  const affected: TargetObject[] = [];
  const corrupt: TargetObject[] = [];
  forEachBlock(OffloadBlockList, (node) => {
    const o = objectOrStatus(c, node);
    if (!o) return;
    if (failsForHardware(o, node)) return void corrupt.push(o);
    o.flags |= TargetFlags.Invalidated;
    for (const t of tcpObjectsUnder(o)) if (!affected.includes(t)) affected.push(t);
    node.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
  });
  c.ndis.NdisMInvalidateOffloadComplete(c.miniportHandle, OffloadBlockList);
  reportHardwareFailure(c, OffloadBlockList, corrupt);
  for (const t of affected) {
    if (corrupt.includes(t)) continue;
    t.flags |= TargetFlags.UploadRequested;
    c.ndis.NdisTcpOffloadEventHandler(t.NdisOffloadHandle, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, TCP_UPLOAD_REASON.InvalidState);
  }
}

/** MiniportQueryOffload: write current values into the structures that follow each node. */
export function MiniportQueryOffload(c: OffloadTargetContext, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
  const corrupt: TargetObject[] = [];
  forEachBlock(OffloadBlockList, (node) => {
    const o = objectOrStatus(c, node);
    if (!o) return;
    if (failsForHardware(o, node)) return void corrupt.push(o);
    const out = node.State as TcpOffloadStructures | null;
    if (out?.Delegated && o.layer === 'Tcp') {
      c.delegated.copyOut(o.slot, out.Delegated);
      out.Delegated.SendBacklogSize = sendBacklogSize(c, o);
      out.Delegated.ReceiveBacklogSize = receiveBacklogSize(c, o);
    }
    const ownCached = o.cached ?? o.state?.Cached;
    if (out?.Cached && ownCached) Object.assign(out.Cached, ownCached);
    node.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
  });
  c.ndis.NdisMQueryOffloadStateComplete(c.miniportHandle, OffloadBlockList);
  reportHardwareFailure(c, OffloadBlockList, corrupt);
}
