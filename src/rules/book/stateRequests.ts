/** State-manipulation requests (NdisXxxOffload): what may be offloaded, and which operations an object's state allows. */
import { forEachBlock } from '../../ndis/blockList.js';
import { offloadLayerOf } from '../../ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { isOffloadableTcpState, tcpStateShortName } from '../../ndis/TCPSTATE.js';
import { defineRule, type Finding } from '../Rule.js';
import { tcpDelegatedOf } from '../tcpDelegatedOf.js';
import { checkMiniportNodes, checkNodes, eachKnownNode, isNewOffload, stateName } from './helpers.js';

/** no-duplicate-offload */
export const noDuplicateOffload = defineRule({
  id: 'no-duplicate-offload',
  crossing: 'request',
  summary: 'The host never starts another offload of an object that is offloaded or being offloaded.',
  source: 'Processing Events That Occur During an Offload',
  onCrossing: (c, m) =>
    c.op === 'Initiate'
      ? checkMiniportNodes(c.M, (n) => {
          const g = isNewOffload(n) ? m.ghost(c.binding, n.NdisOffloadHandle) : undefined;
          return g ? `new offload of an object already ${stateName(g.state)}` : undefined;
        })
      : undefined,
});

/** linker-references-offloaded-object */
export const linkerReferencesOffloadedObject = defineRule({
  id: 'linker-references-offloaded-object',
  crossing: 'request',
  summary: 'A linker block list references an object that is offloaded (its context slot is non-NULL and live).',
  source: 'Placeholders, Linkers, and New Offloads',
  onCrossing: (c, m) =>
    c.op === 'Initiate'
      ? checkMiniportNodes(c.M, (n) =>
          n.NdisOffloadHandle && !isNewOffload(n) && m.ghost(c.binding, n.NdisOffloadHandle)?.state !== S.TcpConnectionOffloadStateOffloaded
            ? 'linker for an object that is not Offloaded'
            : undefined,
        )
      : undefined,
});

/** offload-only-synchronized-tcp-state */
export const offloadOnlySynchronizedTcpState = defineRule({
  id: 'offload-only-synchronized-tcp-state',
  crossing: 'request',
  summary: 'The host offloads a connection only when it is not CLOSED, LISTEN, SYN_SENT, SYN_RCVD or TIME_WAIT.',
  source: 'TCP_OFFLOAD_STATE_DELEGATED structure',
  onCrossing: (c) =>
    c.op === 'Initiate'
      ? checkNodes(c.P, (n) => {
          const state = tcpDelegatedOf(n)?.State;
          return offloadLayerOf(n.Header.Type) === 'Tcp' && state !== undefined && !isOffloadableTcpState(state)
            ? `offload of a connection in ${tcpStateShortName(state)}`
            : undefined;
        })
      : undefined,
});

/** no-offload-while-paused */
export const noOffloadWhilePaused = defineRule({
  id: 'no-offload-while-paused',
  crossing: 'request',
  summary: 'After NDIS_STATUS_OFFLOAD_PAUSE or NDIS_STATUS_UPLOAD_ALL the host offloads nothing to that target until NDIS_STATUS_OFFLOAD_RESUME.',
  source: 'NDIS_STATUS_OFFLOAD_RESUME',
  onCrossing: (c, m) =>
    c.op === 'Initiate' && m.isPaused(c.binding)
      ? checkMiniportNodes(c.M, (n) => (isNewOffload(n) ? `${c.caller} started an offload while the target below had paused offloads` : undefined))
      : undefined,
});

/** no-operation-before-initiate-complete */
export const noOperationBeforeInitiateComplete = defineRule({
  id: 'no-operation-before-initiate-complete',
  crossing: 'request',
  summary: 'No terminate, update, query or invalidate for an object until its initiate has completed.',
  source: 'Processing Events That Occur During an Offload',
  onCrossing: (c, m) =>
    c.op !== 'Initiate'
      ? eachKnownNode(c, m, (g) => (g.state === S.TcpConnectionOffloadStateOffloading ? `${c.op} while the initiate is still in flight` : undefined))
      : undefined,
});

/** no-operation-after-terminate */
export const noOperationAfterTerminate = defineRule({
  id: 'no-operation-after-terminate',
  crossing: 'request',
  summary: 'No update, query, invalidate or second terminate for an object whose terminate has started.',
  source: 'Terminating Offload State',
  onCrossing: (c, m) =>
    c.op !== 'Initiate'
      ? eachKnownNode(c, m, (g) => (g.state === S.TcpConnectionOffloadStateUploading ? `${c.op} of an object already Uploading` : undefined))
      : undefined,
});

/** operation-on-offloaded-object */
export const operationOnOffloadedObject = defineRule({
  id: 'operation-on-offloaded-object',
  crossing: 'request',
  summary: 'Terminate, update, query and invalidate name objects that are offloaded through this binding.',
  source: 'Storing and Referencing Offloaded State',
  onCrossing: (c, m) =>
    c.op !== 'Initiate'
      ? checkNodes(c.P, (n) => (n.OffloadHandle && !m.ghost(c.binding, n.OffloadHandle) ? `${c.op} of an object that is not offloaded` : undefined))
      : undefined,
});

/** one-update-in-flight */
export const oneUpdateInFlight = defineRule({
  id: 'one-update-in-flight',
  crossing: 'request',
  summary: 'At most one update is in flight per object, and none on an invalidated object.',
  source: 'Synchronizing Update Operations',
  onCrossing: (c, m) =>
    c.op === 'Update'
      ? eachKnownNode(c, m, (g) => (g.updates > 0 ? 'second update while one is in flight' : g.invalidated ? 'update of an invalidated object' : undefined))
      : undefined,
});

/** terminate-after-operations-complete */
export const terminateAfterOperationsComplete = defineRule({
  id: 'terminate-after-operations-complete',
  crossing: 'request',
  summary: 'A TCP object is terminated only after its outstanding invalidate, query and update requests have completed.',
  source: 'MiniportTerminateOffload',
  onCrossing: (c, m) =>
    c.op === 'Terminate'
      ? eachKnownNode(c, m, (g) =>
          g.layer === 'Tcp' && (g.updates > 0 || g.otherOps > 0) ? 'terminate while an update, query or invalidate is outstanding' : undefined,
        )
      : undefined,
});

/** terminate-neighbor-or-path-with-dependents */
export const terminateNeighborOrPathWithDependents = defineRule({
  id: 'terminate-neighbor-or-path-with-dependents',
  crossing: 'request',
  summary: 'A neighbor or path object is terminated only when it has no dependents left, or together with all of them.',
  source: 'Terminating Offload State',
  onCrossing: (c, m) => {
    if (c.op !== 'Terminate') return undefined;
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
});
