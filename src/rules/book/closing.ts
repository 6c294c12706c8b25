/**
 * Closing a connection (reference §6.9, §8 items 11, 13 and 15): the peer's FIN is indicated only after
 * the data before it went up; a reset connection keeps its resources until the host terminates it; the
 * target's only RST carries out the host's abortive disconnect. Where NDIS calls alone cannot show these
 * broken, the rules read the wire at the NIC (the peer's FIN, the target's RST) and the status a
 * terminate or query completes with.
 */
import { forEachBlock } from '../../ndis/blockList.js';
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { segmentText } from '../../wire/Segment.js';
import { defineRule, type Finding } from '../Rule.js';
import { one } from './helpers.js';

/** disconnect-indicated-after-data-before-fin */
export const disconnectIndicatedAfterDataBeforeFin = defineRule({
  id: 'disconnect-indicated-after-data-before-fin',
  crossing: 'event',
  summary:
    "TcpIndicateDisconnect goes up only once every byte before the peer's FIN has gone up (completed in posted buffers or taken from receive indications): nothing before the FIN is left to indicate.",
  source: 'Responding to the Reception of a FIN or RST Segment',
  onCrossing: (c, m) => {
    if (c.EventType !== TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect) return undefined;
    const g = m.ghost(c.binding, c.handle);
    const finAt = g?.layer === 'Tcp' ? (m.tcp(g.label)?.peerFinAt ?? -1) : -1;
    if (!g || finAt < 0) return undefined;
    const next = m.stream(c.binding, g.label).next;
    // Still held below the layer underneath as well: that layer's finding, judged where it crossed.
    if (next >= finAt || (m.isIntermediateBelow(c.binding) && m.stream(c.binding + 1, g.label).next < finAt)) return undefined;
    return one(`TcpIndicateDisconnect while bytes [${next}, ${finAt}) before the peer's FIN have not gone up through this binding`, [g.label]);
  },
});

/** resources-kept-until-terminate */
export const resourcesKeptUntilTerminate = defineRule({
  id: 'resources-kept-until-terminate',
  crossing: 'completion',
  summary:
    'A reset connection (TcpIndicateAbort, or the host\'s abortive disconnect) keeps its resources until the host terminates it: a query, update or terminate of it still succeeds and hands its state back.',
  source: 'Responding to the Reception of a FIN or RST Segment',
  onCrossing: (c, m) => {
    // Judged where the target completes: an intermediate driver only passes the target's status up.
    if (c.op === 'Initiate' || c.op === 'Invalidate' || !c.P || m.isIntermediateBelow(c.binding)) return undefined;
    let out: Finding[] | undefined;
    forEachBlock(c.P, (node) => {
      if (node.Status !== NDIS_STATUS.NDIS_STATUS_FAILURE) return; // the common case first: nothing to look up
      const g = m.ghost(c.binding, node.OffloadHandle);
      const v = g?.layer === 'Tcp' ? m.tcp(g.label) : undefined;
      // Corrupt hardware the target reported (TcpIndicateRetrieve(HardwareFailure)) fails the operation that
      // met it (reference §6.2), also when that completion crosses after the reset it led to.
      if (!g || !v?.reset || v.hardwareFailure) return;
      const detail = `${c.op} completed with NDIS_STATUS_FAILURE on a connection that was reset: the target let its state go before the host terminated it`;
      (out ??= []).push({ detail, objects: [g.label] });
    });
    return out;
  },
});

/** target-rst-only-for-abortive-disconnect */
export const targetRstOnlyForAbortiveDisconnect = defineRule({
  id: 'target-rst-only-for-abortive-disconnect',
  crossing: 'segment',
  summary: "The only RST the target sends on its own is the one that carries out the host's abortive disconnect (TCP_DISCONNECT_ABORTIVE_CLOSE) of that connection.",
  source: 'MiniportTcpOffloadDisconnect',
  onCrossing: (c, m) => {
    if (c.from !== 'target' || !c.segment.rst || m.tcp(c.connection)?.abortive) return undefined;
    return one(`the target sent ${segmentText(c.segment)}, and the host asked for no abortive disconnect of the connection`, [c.connection]);
  },
});
