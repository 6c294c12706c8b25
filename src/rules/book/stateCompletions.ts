/** State-manipulation completions (NdisMXxxOffloadComplete): once, with the root given, every node's Status written and legal. */
import { forEachBlock, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../ndis/blockList.js';
import { INITIATE_FAILURE_STATUSES, NDIS_STATUS, NdisStatusEnum, offloadSucceeded } from '../../ndis/NDIS_STATUS.js';
import { offloadLayerOf } from '../../ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { netBufferListsOf } from '../../ndis/NET_BUFFER_LIST.js';
import type { NblKind } from '../monitor/OutstandingLedger.js';
import { defineRule, type Finding } from '../Rule.js';
import { labelOf, one } from './helpers.js';

/** Statuses that may appear on a node of a query/update/invalidate/terminate completion. */
const NON_INITIATE_STATUSES = new Set<number>([NDIS_STATUS.NDIS_STATUS_SUCCESS, NDIS_STATUS.NDIS_STATUS_FAILURE]);
const INITIATE_STATUSES = new Set<number>([
  NDIS_STATUS.NDIS_STATUS_SUCCESS,
  NDIS_STATUS.NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS,
  ...INITIATE_FAILURE_STATUSES,
]);

/** The kinds of NBL a connection may have outstanding. */
const NBL_KINDS: readonly NblKind[] = ['send', 'receive', 'forward'];

/** complete-once-with-same-root */
export const completeOnceWithSameRoot = defineRule({
  id: 'complete-once-with-same-root',
  crossing: 'completion',
  summary: 'Every state-manipulation operation completes exactly once, with the same root block list it was given.',
  source: 'NDIS_MINIPORT_OFFLOAD_BLOCK_LIST structure',
  onCrossing: (c) =>
    !c.P
      ? one(`${c.caller} completed a ${c.op} with a block list NDIS never passed to it, or completed it twice`, [
          labelOf(c.M.NdisOffloadHandle),
        ])
      : undefined,
});

/** status-written-on-every-node */
export const statusWrittenOnEveryNode = defineRule({
  id: 'status-written-on-every-node',
  crossing: 'completion',
  summary: 'Before completing, the callee writes a Status on every node of the tree, placeholders included.',
  source: 'Placeholders, Linkers, and New Offloads',
  onCrossing: (c) => {
    let unwritten: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST[] | undefined;
    forEachBlock(c.M, (n) => {
      if (n.Status === NDIS_STATUS.NDIS_STATUS_PENDING) (unwritten ??= []).push(n);
    });
    return unwritten
      ? one(`${unwritten.length} node(s) completed without a Status`, unwritten.map((n) => labelOf(n.NdisOffloadHandle)))
      : undefined;
  },
});

/** status-legal-for-operation */
export const statusLegalForOperation = defineRule({
  id: 'status-legal-for-operation',
  crossing: 'completion',
  summary:
    'An initiate node completes with SUCCESS, OFFLOAD_PARTIAL_SUCCESS (never on a TCP node, which has no dependents) or an initiate failure code; query, update, invalidate and terminate nodes with SUCCESS or FAILURE only.',
  source: 'NDIS_MINIPORT_OFFLOAD_BLOCK_LIST structure',
  onCrossing: (c) => {
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
});

/** context-written-only-on-success */
export const contextWrittenOnlyOnSuccess = defineRule({
  id: 'context-written-only-on-success',
  crossing: 'completion',
  summary: 'The target writes *MiniportOffloadContext for exactly the objects it offloaded successfully.',
  source: 'Storing and Referencing Offloaded State',
  onCrossing: (c, m) => {
    if (c.op !== 'Initiate' || !c.P) return undefined;
    const out: Finding[] = [];
    forEachBlock(c.M, (n) => {
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
});

/** terminate-completes-after-outstanding-io */
export const terminateCompletesAfterOutstandingIo = defineRule({
  id: 'terminate-completes-after-outstanding-io',
  crossing: 'completion',
  summary:
    'A terminate completes only after every send, receive, disconnect and forward of its connections was completed (or its send data handed back in NetBufferListChain) and every query, update and invalidate of them completed.',
  source: 'MiniportTerminateOffload',
  onCrossing: (c, m) => {
    if (c.op !== 'Terminate' || !c.P) return undefined;
    let completing: ReadonlySet<number> | undefined; // asked of the scheduler only when something is outstanding
    let out: Finding[] | undefined;
    forEachBlock(c.P, (node) => {
      const h = node.OffloadHandle;
      const r = h ? m.objects(c.binding)[h.owner]?.[h.id] : undefined;
      if (!h || !r) return;
      // The common case, at scale: nothing outstanding, nothing in flight (read from the record, nothing allocated).
      const outstanding = NBL_KINDS.some((kind) => m.outstanding(c.binding, r.label, kind).length > 0);
      if (!outstanding && !r.u && !r.o) return;
      const g = m.ghost(c.binding, h)!;
      const handedBack = new Set(netBufferListsOf(node.NetBufferListChain).map((n) => n.id));
      completing ??= outstanding ? m.completing() : new Set();
      const done = completing;
      // An NBL still outstanding through the binding below is held further down: judged where it crossed there.
      const below = (kind: NblKind) => (m.isIntermediateBelow(c.binding) ? m.outstanding(c.binding + 1, g.label, kind) : []);
      const held = NBL_KINDS.flatMap((kind) =>
        m.outstanding(c.binding, g.label, kind)
          .filter((id) => !handedBack.has(id) && !done.has(id) && !below(kind).includes(id))
          .map((id) => `NBL#${id} (${kind})`),
      );
      const operations = [g.updates > 0 ? `${g.updates} update(s)` : '', g.otherOps > 0 ? `${g.otherOps} query or invalidate request(s)` : ''].filter(Boolean);
      if (held.length === 0 && operations.length === 0) return;
      const detail = `NdisMTerminateOffloadComplete while ${[...held, ...operations].join(', ')} of the connection had not completed through this binding`;
      (out ??= []).push({ detail, objects: [g.label] });
    });
    return out;
  },
});
