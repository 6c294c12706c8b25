/**
 * The rulebook: the ordering rules of reference §8 that the state-manipulation, data I/O (send,
 * receive, disconnect) and indication interfaces can break, plus enum legality. Each rule is data;
 * `source` is the documentation page.
 */
import { forEachBlock, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from '../ndis/blockList.js';
import { INITIATE_FAILURE_STATUSES, NDIS_STATUS, NdisStatusEnum, offloadSucceeded } from '../ndis/NDIS_STATUS.js';
import { handleKey } from '../ndis/NDIS_OFFLOAD_HANDLE.js';
import { nblText } from '../ndis/NET_BUFFER_LIST.js';
import { offloadLayerOf } from '../ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S, TcpConnectionOffloadStateEnum } from '../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCP_OFFLOAD_EVENT_TYPE, TcpOffloadEventTypeEnum } from '../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { isMandatoryUploadReason, TcpUploadReasonEnum } from '../ndis/TCP_UPLOAD_REASON.js';
import { isOffloadableTcpState, tcpStateShortName } from '../ndis/TCPSTATE.js';
import type { TcpOffloadStructures } from '../ndis/stateStructures.js';
import { isOffloadTransition } from '../machines/offloadStateMachine.js';
import type { Crossing } from './Crossing.js';
import type { Finding, Rule } from './Rule.js';
import type { Ghost, RuleMonitor } from './RuleMonitor.js';

const name = (v: number) => TcpConnectionOffloadStateEnum.nameOf(v)?.replace('TcpConnectionOffloadState', '') ?? String(v);
const one = (detail: string, objects: string[]): Finding[] => [{ detail, objects }];
const labelOf = (h: { label: string } | null | undefined) => h?.label ?? 'placeholder';

/** Statuses that may appear on a node of a query/update/invalidate/terminate completion. */
const NON_INITIATE_STATUSES = new Set<number>([NDIS_STATUS.NDIS_STATUS_SUCCESS, NDIS_STATUS.NDIS_STATUS_FAILURE]);
const INITIATE_STATUSES = new Set<number>([
  NDIS_STATUS.NDIS_STATUS_SUCCESS,
  NDIS_STATUS.NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS,
  ...INITIATE_FAILURE_STATUSES,
]);
/**
 * The statuses a receive posted after TcpIndicateDisconnect may complete with: INVALID_STATE, or the
 * status every I/O of a reset (REQUEST_ABORTED) or uploading (UPLOAD_IN_PROGRESS) connection gets —
 * the target may have decided either before the host saw it, so neither is the target's fault.
 */
const REFUSED_RECEIVE_STATUSES = new Set<number>([
  NDIS_STATUS.NDIS_STATUS_INVALID_STATE,
  NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED,
  NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS,
]);

/**
 * Checks every node of a request tree; a finding (labelled with the node's object) for each node
 * whose check returns a detail. Allocates nothing when every node passes (this runs on every call).
 */
function checkNodes(
  root: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
  check: (node: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST) => string | undefined,
): Finding[] | undefined {
  let out: Finding[] | undefined;
  forEachBlock(root, (node) => {
    const detail = check(node);
    if (detail) (out ??= []).push({ detail, objects: [labelOf(node.OffloadHandle)] });
  });
  return out;
}

/** Runs `visit` on each request node whose handle the binding already knows, for non-initiate ops. */
function eachKnownNode(c: Crossing, m: RuleMonitor, visit: (g: Ghost) => string | undefined): Finding[] | undefined {
  if (c.kind !== 'request') return undefined;
  return checkNodes(c.P, (node) => {
    const g = m.ghost(c.binding, node.OffloadHandle);
    return g ? visit(g) : undefined;
  });
}

/**
 * Checks every node of a request's miniport form (what the callee sees: the caller's handle, and what its
 * slot held); a finding for each node whose check returns a detail.
 */
function checkMiniportNodes(
  root: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
  check: (node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST) => string | undefined,
): Finding[] | undefined {
  let out: Finding[] | undefined;
  forEachBlock(root, (node) => {
    const detail = check(node);
    if (detail) (out ??= []).push({ detail, objects: [labelOf(node.NdisOffloadHandle)] });
  });
  return out;
}

/** A new offload in an initiate tree: the caller's handle slot is still empty. */
const isNewOffload = (n: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST) => n.NdisOffloadHandle !== null && n.MiniportOffloadContext !== null && n.MiniportOffloadContext.value === null;

export const RULEBOOK: readonly Rule[] = [
  {
    id: 'complete-once-with-same-root',
    crossing: 'completion',
    summary: 'Every state-manipulation operation completes exactly once, with the same root block list it was given.',
    source: 'NDIS_MINIPORT_OFFLOAD_BLOCK_LIST structure',
    onCrossing: (c) =>
      c.kind === 'completion' && !c.P
        ? one(`${c.caller} completed a ${c.op} with a block list NDIS never passed to it, or completed it twice`, [
            labelOf(c.M.NdisOffloadHandle),
          ])
        : undefined,
  },
  {
    id: 'status-written-on-every-node',
    crossing: 'completion',
    summary: 'Before completing, the callee writes a Status on every node of the tree, placeholders included.',
    source: 'Placeholders, Linkers, and New Offloads',
    onCrossing: (c) => {
      if (c.kind !== 'completion') return undefined;
      let unwritten: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST[] | undefined;
      forEachBlock(c.M, (n) => {
        if (n.Status === NDIS_STATUS.NDIS_STATUS_PENDING) (unwritten ??= []).push(n);
      });
      return unwritten
        ? one(`${unwritten.length} node(s) completed without a Status`, unwritten.map((n) => labelOf(n.NdisOffloadHandle)))
        : undefined;
    },
  },
  {
    id: 'status-legal-for-operation',
    crossing: 'completion',
    summary:
      'An initiate node completes with SUCCESS, OFFLOAD_PARTIAL_SUCCESS (never on a TCP node, which has no dependents) or an initiate failure code; query, update, invalidate and terminate nodes with SUCCESS or FAILURE only.',
    source: 'NDIS_MINIPORT_OFFLOAD_BLOCK_LIST structure',
    onCrossing: (c) => {
      if (c.kind !== 'completion') return undefined;
      const legal = c.op === 'Initiate' ? INITIATE_STATUSES : NON_INITIATE_STATUSES;
      const out: Finding[] = [];
      forEachBlock(c.M, (n) => {
        // A TCP node has no dependents, so OFFLOAD_PARTIAL_SUCCESS cannot describe it.
        const partialOnTcp = n.Status === NDIS_STATUS.NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS && offloadLayerOf(n.Header.Type) === 'Tcp';
        if (n.Status !== NDIS_STATUS.NDIS_STATUS_PENDING && (!legal.has(n.Status) || partialOnTcp)) {
          out.push({ detail: `${c.op} node completed with ${NdisStatusEnum.format(n.Status)}`, objects: [labelOf(n.NdisOffloadHandle)] });
        }
      });
      return out;
    },
  },
  {
    id: 'context-written-only-on-success',
    crossing: 'completion',
    summary: 'The target writes *MiniportOffloadContext for exactly the objects it offloaded successfully.',
    source: 'Storing and Referencing Offloaded State',
    onCrossing: (c, m) => {
      if (c.kind !== 'completion' || c.op !== 'Initiate' || !c.P) return undefined;
      const out: Finding[] = [];
      forEachBlock(c.M, (n: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST) => {
        const g = m.ghost(c.binding, n.NdisOffloadHandle);
        if (!g || g.state !== S.TcpConnectionOffloadStateOffloading || !n.MiniportOffloadContext) return;
        const written = n.MiniportOffloadContext.value !== null;
        if (written !== offloadSucceeded(n.Status)) {
          out.push({
            detail: written
              ? `context written although the node failed (${NdisStatusEnum.format(n.Status)})`
              : `node succeeded but no context was written`,
            objects: [g.label],
          });
        }
      });
      return out;
    },
  },
  {
    id: 'no-duplicate-offload',
    crossing: 'request',
    summary: 'The host never starts another offload of an object that is offloaded or being offloaded.',
    source: 'Processing Events That Occur During an Offload',
    onCrossing: (c, m) =>
      c.kind === 'request' && c.op === 'Initiate'
        ? checkMiniportNodes(c.M, (n) => {
            const g = isNewOffload(n) ? m.ghost(c.binding, n.NdisOffloadHandle) : undefined;
            return g ? `new offload of an object already ${name(g.state)}` : undefined;
          })
        : undefined,
  },
  {
    id: 'linker-references-offloaded-object',
    crossing: 'request',
    summary: 'A linker block list references an object that is offloaded (its context slot is non-NULL and live).',
    source: 'Placeholders, Linkers, and New Offloads',
    onCrossing: (c, m) =>
      c.kind === 'request' && c.op === 'Initiate'
        ? checkMiniportNodes(c.M, (n) =>
            n.NdisOffloadHandle && !isNewOffload(n) && m.ghost(c.binding, n.NdisOffloadHandle)?.state !== S.TcpConnectionOffloadStateOffloaded
              ? 'linker for an object that is not Offloaded'
              : undefined,
          )
        : undefined,
  },
  {
    id: 'offload-only-synchronized-tcp-state',
    crossing: 'request',
    summary: 'The host offloads a connection only when it is not CLOSED, LISTEN, SYN_SENT, SYN_RCVD or TIME_WAIT.',
    source: 'TCP_OFFLOAD_STATE_DELEGATED structure',
    onCrossing: (c) =>
      c.kind === 'request' && c.op === 'Initiate'
        ? checkNodes(c.P, (n) => {
            const state = (n.State as TcpOffloadStructures | null)?.Delegated?.State;
            return offloadLayerOf(n.Header.Type) === 'Tcp' && state !== undefined && !isOffloadableTcpState(state)
              ? `offload of a connection in ${tcpStateShortName(state)}`
              : undefined;
          })
        : undefined,
  },
  {
    id: 'no-offload-while-paused',
    crossing: 'request',
    summary: 'After NDIS_STATUS_OFFLOAD_PAUSE or NDIS_STATUS_UPLOAD_ALL the host offloads nothing to that target until NDIS_STATUS_OFFLOAD_RESUME.',
    source: 'NDIS_STATUS_OFFLOAD_RESUME',
    onCrossing: (c, m) =>
      c.kind === 'request' && c.op === 'Initiate' && m.isPaused(c.binding)
        ? checkMiniportNodes(c.M, (n) => (isNewOffload(n) ? `${c.caller} started an offload while the target below had paused offloads` : undefined))
        : undefined,
  },
  {
    id: 'no-operation-before-initiate-complete',
    crossing: 'request',
    summary: 'No terminate, update, query or invalidate for an object until its initiate has completed.',
    source: 'Processing Events That Occur During an Offload',
    onCrossing: (c, m) =>
      c.kind === 'request' && c.op !== 'Initiate'
        ? eachKnownNode(c, m, (g) => (g.state === S.TcpConnectionOffloadStateOffloading ? `${c.op} while the initiate is still in flight` : undefined))
        : undefined,
  },
  {
    id: 'no-operation-after-terminate',
    crossing: 'request',
    summary: 'No update, query, invalidate or second terminate for an object whose terminate has started.',
    source: 'Terminating Offload State',
    onCrossing: (c, m) =>
      c.kind === 'request' && c.op !== 'Initiate'
        ? eachKnownNode(c, m, (g) => (g.state === S.TcpConnectionOffloadStateUploading ? `${c.op} of an object already Uploading` : undefined))
        : undefined,
  },
  {
    id: 'operation-on-offloaded-object',
    crossing: 'request',
    summary: 'Terminate, update, query and invalidate name objects that are offloaded through this binding.',
    source: 'Storing and Referencing Offloaded State',
    onCrossing: (c, m) => {
      if (c.kind !== 'request' || c.op === 'Initiate') return undefined;
      return checkNodes(c.P, (n) => (n.OffloadHandle && !m.ghost(c.binding, n.OffloadHandle) ? `${c.op} of an object that is not offloaded` : undefined));
    },
  },
  {
    id: 'one-update-in-flight',
    crossing: 'request',
    summary: 'At most one update is in flight per object, and none on an invalidated object.',
    source: 'Synchronizing Update Operations',
    onCrossing: (c, m) =>
      c.kind === 'request' && c.op === 'Update'
        ? eachKnownNode(c, m, (g) =>
            g.updates > 0 ? 'second update while one is in flight' : g.invalidated ? 'update of an invalidated object' : undefined,
          )
        : undefined,
  },
  {
    id: 'terminate-after-operations-complete',
    crossing: 'request',
    summary: 'A TCP object is terminated only after its outstanding invalidate, query and update requests have completed.',
    source: 'MiniportTerminateOffload',
    onCrossing: (c, m) =>
      c.kind === 'request' && c.op === 'Terminate'
        ? eachKnownNode(c, m, (g) =>
            g.layer === 'Tcp' && (g.updates > 0 || g.otherOps > 0) ? 'terminate while an update, query or invalidate is outstanding' : undefined,
          )
        : undefined,
  },
  {
    id: 'terminate-neighbor-or-path-with-dependents',
    crossing: 'request',
    summary: 'A neighbor or path object is terminated only when it has no dependents left, or together with all of them.',
    source: 'Terminating Offload State',
    onCrossing: (c, m) => {
      if (c.kind !== 'request' || c.op !== 'Terminate') return undefined;
      const out: Finding[] = [];
      forEachBlock(c.P, (n) => {
        const g = m.ghost(c.binding, n.OffloadHandle);
        if (!g || g.layer === 'Tcp') return;
        let listed = 0;
        for (let d = n.DependentBlockList; d; d = d.NextBlock) if (m.ghost(c.binding, d.OffloadHandle)) listed++;
        if (listed < g.children) out.push({ detail: `${g.children - listed} dependent object(s) left behind`, objects: [g.label] });
      });
      return out;
    },
  },
  {
    id: 'io-on-offloaded-connection',
    crossing: 'io',
    summary: 'Data I/O (NdisOffloadTcpSend ...) names, by the caller\'s handle, a connection offloaded through that binding.',
    source: 'NdisOffloadTcpSend',
    onCrossing: (c, m) =>
      c.kind === 'io' && !m.ghost(c.binding, c.handle)
        ? one(`${c.fn} with handle ${handleKey(c.handle)}, which is not offloaded through this binding`, [c.handle.label])
        : undefined,
  },
  {
    id: 'no-io-before-initiate-complete',
    crossing: 'io',
    summary: 'The host sends no data on a connection until its initiate offload has completed.',
    source: 'Processing Events That Occur During an Offload',
    onCrossing: (c, m) =>
      c.kind === 'io' && m.ghost(c.binding, c.handle)?.state === S.TcpConnectionOffloadStateOffloading
        ? one(`${c.fn} of ${nblText(c.NetBufferList)} while the connection is still Offloading`, [c.handle.label])
        : undefined,
  },
  {
    id: 'no-io-after-terminate-started',
    crossing: 'io',
    summary: 'After NdisTerminateOffload for a connection the host posts no more sends or receives on it.',
    source: 'Terminating Offload State',
    onCrossing: (c, m) =>
      c.kind === 'io' && m.ghost(c.binding, c.handle)?.state === S.TcpConnectionOffloadStateUploading
        ? one(`${c.fn} of ${nblText(c.NetBufferList)} after the terminate started`, [c.handle.label])
        : undefined,
  },
  {
    id: 'io-returns-pending',
    crossing: 'ioReturn',
    summary: 'MiniportTcpOffloadSend (and the other data I/O handlers) always return NDIS_STATUS_PENDING; the result comes with the completion.',
    source: 'MiniportTcpOffloadSend',
    onCrossing: (c) =>
      c.kind === 'ioReturn' && c.Status !== NDIS_STATUS.NDIS_STATUS_PENDING
        ? one(`${c.callee} returned ${NdisStatusEnum.format(c.Status)} from ${c.fn}`, [c.handle.label])
        : undefined,
  },
  {
    id: 'nbl-completed-once',
    crossing: 'ioComplete',
    summary: 'Each NBL is completed exactly once, and only one that went down through that binding and has not come back.',
    source: 'NdisTcpOffloadSendComplete',
    onCrossing: (c, m) => {
      if (c.kind !== 'ioComplete') return undefined;
      let out: Finding[] | undefined;
      for (const n of c.NetBufferLists) {
        if (m.isOutstanding(c.binding, n)) continue;
        const detail = `${c.fn} of ${nblText(n)}, which is not outstanding through this binding (completed before, handed back, or never posted)`;
        (out ??= []).push({ detail, objects: [n.connection] });
      }
      return out;
    },
  },
  {
    id: 'send-completions-in-order',
    crossing: 'ioComplete',
    summary: 'Sends complete with SUCCESS in the order they were posted: none while an earlier NBL of the same connection is still outstanding.',
    source: 'MiniportTcpOffloadSend',
    onCrossing: (c, m) => {
      if (c.kind !== 'ioComplete' || c.fn !== 'NdisTcpOffloadSendComplete') return undefined;
      let out: Finding[] | undefined;
      c.NetBufferLists.forEach((n, i) => {
        if (n.Status !== NDIS_STATUS.NDIS_STATUS_SUCCESS) return;
        // Earlier NBLs completed by this same call (before it in the chain) are not left behind.
        const behind = m.outstandingBefore(c.binding, n).filter((id) => !c.NetBufferLists.slice(0, i).some((x) => x.id === id));
        if (behind.length === 0) return;
        (out ??= []).push({ detail: `${nblText(n)} completed with SUCCESS before ${behind.map((id) => `NBL#${id}`).join(', ')}, posted earlier`, objects: [n.connection] });
      });
      return out;
    },
  },
  {
    id: 'receive-indication-status-success',
    crossing: 'receiveIndicate',
    summary: 'The Status argument of NdisTcpOffloadReceiveHandler is always NDIS_STATUS_SUCCESS (never NDIS_STATUS_RESOURCES).',
    source: 'NdisTcpOffloadReceiveHandler',
    onCrossing: (c) =>
      c.kind === 'receiveIndicate' && c.Status !== NDIS_STATUS.NDIS_STATUS_SUCCESS
        ? one(`${c.caller} indicated ${nblText(c.NetBufferList)} with Status ${NdisStatusEnum.format(c.Status)}`, [c.handle.label])
        : undefined,
  },
  {
    id: 'receive-indication-result-legal',
    crossing: 'receiveIndicateReturn',
    summary:
      'A receive indication returns SUCCESS with BytesConsumed = all the bytes offered, OFFLOAD_DATA_NOT_ACCEPTED with 0, or OFFLOAD_DATA_PARTIALLY_ACCEPTED with 0 < BytesConsumed < the bytes offered.',
    source: 'ProtocolTcpOffloadReceiveIndicate',
    onCrossing: (c) => {
      if (c.kind !== 'receiveIndicateReturn') return undefined;
      const length = c.NetBufferList.DataLength;
      const { Status, BytesConsumed } = c;
      const legal =
        Status === NDIS_STATUS.NDIS_STATUS_SUCCESS ? BytesConsumed === length
        : Status === NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED ? BytesConsumed === 0
        : Status === NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED ? BytesConsumed > 0 && BytesConsumed < length
        : false;
      return legal
        ? undefined
        : one(`${c.callee} returned ${NdisStatusEnum.format(Status)} with BytesConsumed ${BytesConsumed} for ${nblText(c.NetBufferList)} (${length} bytes offered)`, [c.handle.label]);
    },
  },
  {
    id: 'receive-data-in-order',
    crossing: ['ioComplete', 'receiveIndicate'],
    summary:
      'Received data goes up in stream order: what the target put in each completed receive buffer, and each receive indication, starts where the data delivered before it ended (the initiate\'s buffered data first, then from RcvNxt).',
    source: 'Delivery Algorithm',
    onCrossing: (c, m) => {
      if (c.kind === 'receiveIndicate') {
        const stream = m.stream(c.binding, c.handle.label);
        return stream && c.NetBufferList.DataOffset !== stream.next
          ? one(`${c.caller} indicated ${nblText(c.NetBufferList)}; the data delivered so far ends at ${stream.next}`, [c.handle.label])
          : undefined;
      }
      if (c.kind !== 'ioComplete') return undefined;
      let out: Finding[] | undefined;
      let next: Map<string, number> | undefined; // advanced by the earlier NBLs of this same chain
      for (const n of c.NetBufferLists) {
        // An NBL that is not outstanding is nbl-completed-once's finding.
        const filled = m.isOutstanding(c.binding, n) ? m.filledByTarget(c.binding, n) : null;
        const stream = filled ? m.stream(c.binding, n.connection) : undefined;
        if (!filled || !stream) continue;
        const expected = next?.get(n.connection) ?? stream.next;
        if (filled[0] !== expected) {
          const detail = `${c.fn} of ${nblText(n)}, filled from ${filled[0]}; the data delivered so far ends at ${expected}`;
          (out ??= []).push({ detail, objects: [n.connection] });
        }
        (next ??= new Map()).set(n.connection, filled[1]);
      }
      return out;
    },
  },
  {
    id: 'no-receive-data-after-disconnect-indication',
    crossing: ['ioComplete', 'receiveIndicate'],
    summary: 'After TcpIndicateDisconnect (the peer\'s FIN, indicated once the data before it was consumed) no more received data goes up for that connection.',
    source: 'Responding to the Reception of a FIN or RST Segment',
    onCrossing: (c, m) => {
      if (c.kind === 'receiveIndicate') {
        return m.stream(c.binding, c.handle.label)?.disconnectIndicated
          ? one(`${c.caller} indicated ${nblText(c.NetBufferList)} after TcpIndicateDisconnect`, [c.handle.label])
          : undefined;
      }
      if (c.kind !== 'ioComplete') return undefined;
      let out: Finding[] | undefined;
      for (const n of c.NetBufferLists) {
        if (!m.stream(c.binding, n.connection)?.disconnectIndicated || !m.isOutstanding(c.binding, n) || !m.filledByTarget(c.binding, n)) continue;
        (out ??= []).push({ detail: `${c.fn} of ${nblText(n)}, data after TcpIndicateDisconnect`, objects: [n.connection] });
      }
      return out;
    },
  },
  {
    id: 'receive-after-disconnect-invalid-state',
    crossing: 'ioComplete',
    summary:
      'A receive posted after TcpIndicateDisconnect completes with NDIS_STATUS_INVALID_STATE (or with the REQUEST_ABORTED / UPLOAD_IN_PROGRESS every I/O of a reset or uploading connection gets), never with SUCCESS.',
    source: 'Responding to the Reception of a FIN or RST Segment',
    onCrossing: (c, m) => {
      if (c.kind !== 'ioComplete') return undefined;
      let out: Finding[] | undefined;
      for (const n of c.NetBufferLists) {
        if (REFUSED_RECEIVE_STATUSES.has(n.Status) || !m.stream(c.binding, n.connection)?.postedAfterDisconnect.includes(n.id)) continue;
        const detail = `${c.fn} of ${nblText(n)} with ${NdisStatusEnum.format(n.Status)}; it was posted after TcpIndicateDisconnect`;
        (out ??= []).push({ detail, objects: [n.connection] });
      }
      return out;
    },
  },
  {
    id: 'receive-return-of-lent-nbl',
    crossing: 'receiveReturn',
    summary:
      'NdisOffloadTcpReceiveReturn gives back, once each, only NBLs the layer below lent through that binding: indicated with a SUCCESS result, or handed up in a terminate\'s BufferedData.',
    source: 'NdisOffloadTcpReceiveReturn',
    onCrossing: (c, m) => {
      if (c.kind !== 'receiveReturn') return undefined;
      let out: Finding[] | undefined;
      c.NetBufferLists.forEach((n, i) => {
        if (m.isLent(c.binding, n) && c.NetBufferLists.findIndex((x) => x.id === n.id) === i) return;
        const detail = `${c.caller} returned ${nblText(n)}, which was not lent to it through this binding (returned before, or never indicated with SUCCESS)`;
        (out ??= []).push({ detail, objects: [n.connection] });
      });
      return out;
    },
  },
  {
    id: 'receive-return-returns-success',
    crossing: 'receiveReturn',
    blames: 'callee',
    summary: 'MiniportTcpOffloadReceiveReturn always returns NDIS_STATUS_SUCCESS, at once; nothing completes later.',
    source: 'MiniportTcpOffloadReceiveReturn',
    onCrossing: (c) =>
      c.kind === 'receiveReturn' && c.Status !== NDIS_STATUS.NDIS_STATUS_SUCCESS
        ? one(`${c.callee} returned ${NdisStatusEnum.format(c.Status)} from MiniportTcpOffloadReceiveReturn`, [...new Set(c.NetBufferLists.map((n) => n.connection))])
        : undefined,
  },
  {
    id: 'io-aborted-after-abort',
    crossing: 'ioComplete',
    summary:
      'After TcpIndicateAbort, every send, disconnect and receive of the connection that was still outstanding (not yet completed by the target) completes with NDIS_STATUS_REQUEST_ABORTED.',
    source: 'Responding to the Reception of a FIN or RST Segment',
    onCrossing: (c, m) => {
      if (c.kind !== 'ioComplete') return undefined;
      let out: Finding[] | undefined;
      for (const n of c.NetBufferLists) {
        if (n.Status === NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED || !m.stream(c.binding, n.connection)?.abortedOutstanding.includes(n.id)) continue;
        const detail = `${c.fn} of ${nblText(n)} with ${NdisStatusEnum.format(n.Status)}; it was outstanding when TcpIndicateAbort was raised`;
        (out ??= []).push({ detail, objects: [n.connection] });
      }
      return out;
    },
  },
  {
    id: 'send-list-fails-after-first-failure',
    crossing: 'ioComplete',
    summary: 'Once one NBL of a list posted in one send has failed, the later NBLs of that list fail too: none of them completes with SUCCESS.',
    source: 'MiniportTcpOffloadSend',
    onCrossing: (c, m) => {
      if (c.kind !== 'ioComplete' || c.fn !== 'NdisTcpOffloadSendComplete') return undefined;
      let out: Finding[] | undefined;
      c.NetBufferLists.forEach((n, i) => {
        const posted = n.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS ? m.postedWith(n) : undefined;
        if (!posted) return;
        // The Status of an earlier NBL of the list: as it came back before, or earlier in this same completion.
        const statusOf = (id: number) => posted.completed[id] ?? c.NetBufferLists.slice(0, i).find((x) => x.id === id)?.Status;
        const failedId = posted.ids.slice(0, posted.ids.indexOf(n.id)).find((id) => {
          const status = statusOf(id);
          return status !== undefined && status !== NDIS_STATUS.NDIS_STATUS_SUCCESS && status !== NDIS_STATUS.NDIS_STATUS_PENDING;
        });
        if (failedId !== undefined) {
          const failedStatus = statusOf(failedId)!;
          const detail = `${nblText(n)} completed with SUCCESS after NBL#${failedId}, earlier in the same posted list, failed with ${NdisStatusEnum.format(failedStatus)}`;
          (out ??= []).push({ detail, objects: [n.connection] });
        }
      });
      return out;
    },
  },
  {
    id: 'event-type-legal',
    crossing: 'event',
    summary: 'EventType is a TCP_OFFLOAD_EVENT_TYPE: 1 (SendBacklogChange) to 4 (Abort).',
    source: 'NdisTcpOffloadEventHandler',
    onCrossing: (c) =>
      c.kind === 'event' && !TcpOffloadEventTypeEnum.isLegal(c.EventType)
        ? one(`EventType ${c.EventType} is not a TCP_OFFLOAD_EVENT_TYPE`, [c.handle.label])
        : undefined,
  },
  {
    id: 'upload-reason-legal',
    crossing: 'event',
    summary: 'The EventSpecificInformation of TcpIndicateRetrieve is a TCP_UPLOAD_REASON from LowActivity (1) to HardwareFailure (11).',
    source: 'NdisTcpOffloadEventHandler',
    onCrossing: (c) =>
      c.kind === 'event' && c.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve && !TcpUploadReasonEnum.isLegal(c.EventSpecificInformation)
        ? one(`TcpIndicateRetrieve with reason ${c.EventSpecificInformation}, not a TCP_UPLOAD_REASON`, [c.handle.label])
        : undefined,
  },
  {
    id: 'indication-on-known-connection',
    crossing: ['event', 'receiveIndicate'],
    // Summaries are in the golden traces: an event indication and a receive indication are both "an indication".
    summary: 'An indication names, by the handle the layer above gave, a TCP connection offloaded through that binding.',
    source: 'Referencing Offloaded State Through an Intermediate Driver',
    onCrossing: (c, m) => {
      if (c.kind !== 'event' && c.kind !== 'receiveIndicate') return undefined;
      const g = m.ghost(c.binding, c.handle);
      if (!g) return one(`${c.caller} indicated with handle ${handleKey(c.handle)}, which ${c.callee} never offloaded through this binding`, [c.handle.label]);
      return g.layer !== 'Tcp' ? one(`indication for a ${g.layer.toLowerCase()} object; indications are for TCP connections only`, [g.label]) : undefined;
    },
  },
  {
    id: 'no-indication-before-initiate-complete',
    crossing: ['event', 'receiveIndicate'],
    summary: 'The target raises no indication for a connection before NdisMInitiateOffloadComplete for it has returned.',
    source: 'Processing Events That Occur During an Offload',
    onCrossing: (c, m) => {
      if (c.kind !== 'event' && c.kind !== 'receiveIndicate') return undefined;
      const g = m.ghost(c.binding, c.handle);
      if (g?.state !== S.TcpConnectionOffloadStateOffloading) return undefined;
      const what = c.kind === 'event' ? TcpOffloadEventTypeEnum.format(c.EventType) : `NdisTcpOffloadReceiveHandler(${nblText(c.NetBufferList)})`;
      return one(`${what} while the connection is still Offloading`, [g.label]);
    },
  },
  {
    id: 'no-discretionary-retrieve-when-half-closed',
    crossing: 'event',
    summary: 'The target does not ask for an upload for an optional reason once the connection is half closed (after TcpIndicateDisconnect).',
    source: 'NdisTcpOffloadEventHandler',
    onCrossing: (c, m) => {
      if (c.kind !== 'event' || c.EventType !== TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve) return undefined;
      const g = m.ghost(c.binding, c.handle);
      return g?.disconnectIndicated && !isMandatoryUploadReason(c.EventSpecificInformation)
        ? one(`TcpIndicateRetrieve(${TcpUploadReasonEnum.format(c.EventSpecificInformation)}) after TcpIndicateDisconnect`, [g.label])
        : undefined;
    },
  },
  {
    id: 'mandatory-retrieve-answered-by-upload',
    summary: 'After TcpIndicateRetrieve with a mandatory reason the host terminates the offload of that connection.',
    source: 'NdisTcpOffloadEventHandler',
    atQuiescence: (m) =>
      m.allGhosts(0)
        .filter((g) => g.mandatoryRetrieve !== 0 && g.state === S.TcpConnectionOffloadStateOffloaded)
        .map((g) => ({
          detail: `TcpIndicateRetrieve(${TcpUploadReasonEnum.format(g.mandatoryRetrieve)}) was never answered by NdisTerminateOffload`,
          objects: [g.label],
        })),
  },
  {
    id: 'offload-state-legal',
    summary: 'A connection is only ever InHost, Offloading, Offloaded or Uploading; TcpConnectionOffloadStateMax is never a state.',
    source: 'TCP_CONNECTION_OFFLOAD_STATE enumeration',
    onStateChange: (s) =>
      s.region === 'offload' && !TcpConnectionOffloadStateEnum.isLegal(s.to)
        ? one(`${s.layer} put ${s.object} in ${TcpConnectionOffloadStateEnum.format(s.to)}`, [s.object])
        : undefined,
  },
  {
    id: 'offload-transition-legal',
    summary: 'The offload state moves only InHost→Offloading→Offloaded→Uploading→InHost, or Offloading→InHost when the offload failed.',
    source: 'TCP_CONNECTION_OFFLOAD_STATE enumeration',
    onStateChange: (s) =>
      s.region === 'offload' && TcpConnectionOffloadStateEnum.isLegal(s.to) && !isOffloadTransition(s.from, s.to)
        ? one(`${name(s.from)} → ${name(s.to)} on ${s.cause} is not an edge of the offload-state graph`, [s.object])
        : undefined,
  },
];

/** The rule with this id (for scenarios and tests). */
export function ruleById(id: string): Rule | undefined {
  return RULEBOOK.find((r) => r.id === id);
}
