/**
 * A next-hop change for an offloaded path (reference §6.3, "Linking Path State Objects to a New
 * Neighbor State Object"): offload the new neighbor if needed, re-link the path to it with
 * NdisUpdateOffload (a linker for the new neighbor whose dependent is the path), then terminate the
 * old neighbor once nothing depends on it.
 */
import { createProtocolBlockList, withDependents, type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from '../../../ndis/blockList.js';
import { NDIS_STATUS, NdisStatusEnum } from '../../../ndis/NDIS_STATUS.js';
import { OFFLOAD_STATE_TYPE } from '../../../ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { neighborFor } from '../addConnection.js';
import type { HostContext } from '../HostContext.js';
import { objectRef, pathStateType, type HostNeighbor, type HostPath } from '../HostObject.js';
import { addTo, removeFrom } from '../listSet.js';
import { neighborByKey, neighborOf, pathByKey, pathOf, tcbsOfPath } from '../lookup.js';
import { moveOffload } from '../moveOffload.js';
import type { Tcb } from '../tcp/Tcb.js';
import { releaseIdle, terminateOffload, terminateNeighbor } from './terminateOffload.js';

/** Moves the path of `t` to the next hop `hop`. */
export function relinkPath(c: HostContext, t: Tcb, hop: string): void {
  const s = c.s;
  const path = pathOf(s, t);
  const to = neighborFor(s, hop);
  if (to.key === path.neighbor) {
    path.nextHopLater = null; // the route is back where it was
    return c.report.decision(`${path.label} already goes through ${to.label}`, path.label);
  }
  if (path.offload !== S.TcpConnectionOffloadStateOffloaded) {
    if (path.offload === S.TcpConnectionOffloadStateUploading) {
      path.nextHopLater = to.key;
      return c.report.decision(`${path.label} is being uploaded: it takes ${to.label} once it is back in the host`, path.label);
    }
    if (path.offload !== S.TcpConnectionOffloadStateInHost) {
      return c.report.decision(`does not re-link ${path.label} now: it is being offloaded`, path.label);
    }
    path.neighbor = to.key; // not offloaded: nothing below to tell
    return c.report.decision(`${path.label} now goes through ${to.label} (not offloaded: no NDIS call needed)`, path.label);
  }
  if (path.relinkTo) {
    return c.report.decision(`does not re-link ${path.label} to ${to.label} now: its re-link to ${neighborByKey(s, path.relinkTo).label} is still in progress (one update at a time)`, path.label);
  }
  // No update of a path or neighbor the host invalidated (reference §8 item 5), and no new offload while the target
  // paused offloads (§6.10): the path cannot be re-linked below, so it comes back to the host with its connections.
  const cannot = s.invalidated.includes(objectRef(path)) ? 'the host invalidated it'
    : s.invalidated.includes(objectRef(to)) ? `the host invalidated ${to.label}, and a linker to it would update it`
    : s.paused && to.offload === S.TcpConnectionOffloadStateInHost ? `${to.label} cannot be offloaded while the target paused offloads`
    : undefined;
  if (cannot) return giveUp(c, path, to, cannot);
  path.relinkTo = to.key;
  addTo(s.relinks, path.key);
  if (to.offload === S.TcpConnectionOffloadStateOffloaded) {
    if (s.updating.includes(objectRef(to))) {
      // One update in flight per object (reference §6.3): another path's re-link (or a MAC update) has it.
      return c.report.decision(`re-links ${path.label} to ${to.label} once the update of ${to.label} in flight has completed (one at a time)`, path.label);
    }
    const offloading = offloadingUnder(s, path);
    if (offloading) {
      // An initiate in flight names the path's present neighbor as its linker: the host moves the path (and
      // may then upload that neighbor) only once the target has completed it.
      return c.report.decision(`re-links ${path.label} to ${to.label} once the offload of ${offloading.label} under it has completed`, path.label);
    }
    return updateLink(c, path, to);
  }
  if (to.offload !== S.TcpConnectionOffloadStateInHost) return; // its offload is in flight: re-link when it completes
  if (c.report.wanted) c.report.decision(`offloads ${to.label} first, then re-links ${path.label} to it`, to.label);
  moveOffload(c, to, { type: 'NdisInitiateOffload' });
  c.ndis.NdisInitiateOffload(s.NdisBindingHandle, createProtocolBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, to.handle, {
    Const: { DlSourceAddress: '', VlanId: 0 }, Cached: { DlDestinationAddress: to.mac, HostReachabilityDelta: 0 }, Delegated: { NicReachabilityDelta: 0 },
  }));
}

/**
 * After an initiate or an update completed: re-links waiting for a neighbor that is now offloaded and has
 * no update in flight (or gives them up). Two paths re-linked to one neighbor go one after the other: the
 * linker of each update is an update of the neighbor.
 */
export function continueRelinks(c: HostContext): void {
  const s = c.s;
  for (const key of [...s.relinks]) {
    if (!s.relinks.includes(key)) continue;
    const path = pathByKey(s, key);
    const to = path.relinkTo ? neighborByKey(s, path.relinkTo) : null;
    if (!to || to.offload === S.TcpConnectionOffloadStateOffloading || path.updating || s.updating.includes(objectRef(to)) || offloadingUnder(s, path)) continue;
    const cannot = s.invalidated.includes(objectRef(path)) ? 'the host invalidated it meanwhile'
      : s.invalidated.includes(objectRef(to)) ? `the host invalidated ${to.label} meanwhile`
      : to.offload !== S.TcpConnectionOffloadStateOffloaded || path.offload !== S.TcpConnectionOffloadStateOffloaded ? `${to.label} could not be offloaded`
      : undefined;
    if (!cannot) updateLink(c, path, to);
    else giveUp(c, path, to, cannot);
  }
}

/** A connection of the path whose offload is in flight (its initiate names the path and its neighbor), if any. */
function offloadingUnder(s: HostContext['s'], path: HostPath): Tcb | undefined {
  return tcbsOfPath(s, path).find((t) => t.offload === S.TcpConnectionOffloadStateOffloading);
}

/** NdisUpdateOffload: a linker for the new neighbor whose dependent block list is the path. */
function updateLink(c: HostContext, path: HostPath, to: HostNeighbor): void {
  const root: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST = withDependents(
    createProtocolBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, to.handle, null),
    [createProtocolBlockList(pathStateType(path), path.handle, null)],
  );
  to.users++; // the path depends on it from now on (released again if the update fails)
  path.updating = true;
  addTo(c.s.updating, objectRef(to)); // the linker: an update of the neighbor, until it completes
  c.ndis.NdisUpdateOffload(c.s.NdisBindingHandle, root);
}

/** ProtocolUpdateOffloadComplete for a re-link: the path now hangs under the new neighbor; the old one may go. */
export function relinkComplete(c: HostContext, path: HostPath, Status: number): void {
  const s = c.s;
  const to = path.relinkTo ? neighborByKey(s, path.relinkTo) : null;
  if (!to || !path.updating) return;
  path.updating = false;
  if (Status !== NDIS_STATUS.NDIS_STATUS_SUCCESS) {
    // A FAILURE means the host uploads those objects (reference §6.3): the path, and so its connections.
    to.users--;
    giveUp(c, path, to, `the update failed (${NdisStatusEnum.format(Status)})`);
    if (to.users === 0) releaseIdle(c, new Set([to])); // offloaded for this path alone
    return;
  }
  path.relinkTo = null;
  removeFrom(s.relinks, path.key);
  const from = neighborOf(s, path);
  path.neighbor = to.key;
  from.users--;
  if (c.report.wanted) c.report.decision(`${path.label} now goes through ${to.label}`, path.label);
  if (from.users === 0 && from.offload === S.TcpConnectionOffloadStateOffloaded && s.policy.releaseUnusedPathsAndNeighbors) {
    terminateNeighbor(c, from);
  }
}

/**
 * The host cannot re-link `path` to `to` below: it uploads the path with its connections (whatever its
 * release policy), and the path takes `to` once it is back in the host (takeNextHopLater).
 */
function giveUp(c: HostContext, path: HostPath, to: HostNeighbor, why: string): void {
  path.relinkTo = null;
  removeFrom(c.s.relinks, path.key);
  path.nextHopLater = to.key;
  c.report.decision(`gives up re-linking ${path.label}: ${why}; uploads it and its connections, then it goes through ${to.label}`, path.label);
  const tcbs = tcbsOfPath(c.s, path);
  for (const t of tcbs) if (t.offload === S.TcpConnectionOffloadStateOffloading) t.uploadOwed = -1; // upload when it completes
  terminateOffload(c, tcbs, { idle: [path] });
}

/** A path back in the host takes the next hop it could not be re-linked to while offloaded. */
export function takeNextHopLater(c: HostContext, path: HostPath): void {
  const to = path.nextHopLater ? neighborByKey(c.s, path.nextHopLater) : null;
  if (!to) return;
  path.nextHopLater = null;
  path.neighbor = to.key;
  c.report.decision(`${path.label} now goes through ${to.label} (back in the host: no NDIS call needed)`, path.label);
}
