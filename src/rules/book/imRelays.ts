/**
 * Intermediate drivers pass up what comes up to them (reference §7.5): each TCP offload event and each
 * receive indication for one of their offload entries, with the stored upper handle and unchanged, and
 * each adapter status indication. An indication an intermediate driver drops never reaches the host, so
 * no rule judged at the host (mandatory-retrieve-answered-by-upload, say) can see it: these rules judge
 * at the driver's own bindings and blame the driver.
 *
 * A driver relays from inside its handler (NDIS delivers the relay at once). NDIS reports when
 * ProtocolTcpOffloadReceiveIndicate returns, so that rule is judged then; for events and status
 * indications the rule is judged at the next call that comes up through the driver's lower binding (or
 * a binding below it), or when nothing is pending — both come after the handler returned (RelayLedger).
 * A handle that is not one of the driver's entries owes nothing: the driver may drop it.
 */
import { NdisStatusEnum } from '../../ndis/NDIS_STATUS.js';
import { nblText } from '../../ndis/NET_BUFFER_LIST.js';
import type { OwedRelay } from '../monitor/RelayLedger.js';
import { UPWARD_KINDS } from '../monitor/RelayLedger.js';
import { defineRule, type Finding } from '../Rule.js';
import { eventText, one } from './helpers.js';

/** The findings for the relays of kind `kind` in `owed`, each blamed on the driver that owed it. */
function dropped(owed: readonly OwedRelay[], kind: OwedRelay['kind']): Finding[] | undefined {
  let out: Finding[] | undefined;
  for (const r of owed) {
    if (r.kind !== kind) continue;
    const finding: Finding =
      r.kind === 'event'
        ? {
            detail: `${r.im}'s ProtocolTcpOffloadEvent got ${eventText(r.EventType, r.EventSpecificInformation)} with its handle ${r.handle} and returned without passing it up (NdisTcpOffloadEventHandler with the stored upper handle)`,
            objects: [r.object],
            layer: r.im,
          }
        : {
            detail: `${r.im}'s ProtocolStatusEx got ${NdisStatusEnum.format(r.StatusCode)} and returned without passing it up (NdisMIndicateStatusEx with the same StatusCode)`,
            objects: ['adapter'],
            layer: r.im,
          };
    (out ??= []).push(finding);
  }
  return out;
}

/** im-relays-tcp-offload-event */
export const imRelaysTcpOffloadEvent = defineRule({
  id: 'im-relays-tcp-offload-event',
  crossing: UPWARD_KINDS,
  summary:
    'An intermediate driver passes each TCP offload event it receives for one of its offload entries to the layer above before its ProtocolTcpOffloadEvent returns: NdisTcpOffloadEventHandler with the stored upper handle, the same EventType and the same EventSpecificInformation.',
  source: 'ProtocolTcpOffloadEvent (reference §7.5; relaying before the handler returns is Derived)',
  onCrossing: (c, m) => {
    let out = dropped(m.owedRelays(c.binding), 'event');
    const match = c.kind === 'event' ? m.relayOf(c) : undefined;
    if (c.kind === 'event' && match && !match.unchanged) {
      const { owed } = match;
      (out ??= []).push({
        detail: `${c.caller} passed up ${eventText(c.EventType, c.EventSpecificInformation)} for ${owed.object}; it got ${eventText(owed.EventType, owed.EventSpecificInformation)} (EventType and EventSpecificInformation go up unchanged)`,
        objects: [owed.object],
      });
    }
    return out;
  },
  atQuiescence: (m) => dropped(m.owedRelays(), 'event'),
});

/** im-relays-status-indication */
export const imRelaysStatusIndication = defineRule({
  id: 'im-relays-status-indication',
  crossing: UPWARD_KINDS,
  summary:
    'An intermediate driver passes each status indication it receives (NDIS_STATUS_OFFLOAD_PAUSE, NDIS_STATUS_UPLOAD_ALL, NDIS_STATUS_OFFLOAD_RESUME) to the layer above with NdisMIndicateStatusEx and the same StatusCode before its ProtocolStatusEx returns (it may also raise its own).',
  source: 'NDIS_STATUS_OFFLOAD_PAUSE (reference §6.10, §7.5; passing status up is Derived)',
  onCrossing: (c, m) => dropped(m.owedRelays(c.binding), 'status'),
  atQuiescence: (m) => dropped(m.owedRelays(), 'status'),
});

/** im-relays-receive-indication */
export const imRelaysReceiveIndication = defineRule({
  id: 'im-relays-receive-indication',
  crossing: 'receiveIndicateReturn',
  summary:
    'An intermediate driver offers the data of each receive indication for one of its offload entries to the layer above before its ProtocolTcpOffloadReceiveIndicate returns (NdisTcpOffloadReceiveHandler with the stored upper handle and the same NBL), and returns what the layer above returned (Status and BytesConsumed).',
  source: 'ProtocolTcpOffloadReceiveIndicate (reference §7.5; returning the upper result is Derived)',
  onCrossing: (c, m) => {
    const r = c.binding >= 1 ? m.receiveRelay(c.binding, c.NetBufferList.id) : undefined;
    if (!r) return undefined;
    const returned = `${NdisStatusEnum.format(c.Status)} with BytesConsumed ${c.BytesConsumed}`;
    if (!r.relayed) {
      return one(
        `${c.callee}'s ProtocolTcpOffloadReceiveIndicate returned ${returned} for ${nblText(c.NetBufferList)} without offering it to the layer above (NdisTcpOffloadReceiveHandler with the stored upper handle and the same NBL)`,
        [r.object],
      );
    }
    const upper = r.upper;
    return upper && (!Object.is(upper.Status, c.Status) || upper.BytesConsumed !== c.BytesConsumed)
      ? one(`${c.callee} returned ${returned} for ${nblText(c.NetBufferList)}; the layer above returned ${NdisStatusEnum.format(upper.Status)} with BytesConsumed ${upper.BytesConsumed}`, [r.object])
      : undefined;
  },
});

/** im-relays-event-once */
export const imRelaysEventOnce = defineRule({
  id: 'im-relays-event-once',
  crossing: 'event',
  summary:
    'An intermediate driver indicates a TCP offload event to the layer above only to relay one it received from below for the same connection, and relays each one once.',
  source: 'ProtocolTcpOffloadEvent (reference §7.5; once each is Derived)',
  onCrossing: (c, m) => {
    if (!m.isIntermediateBelow(c.binding) || m.relayOf(c)) return undefined;
    const object = m.ghost(c.binding, c.handle)?.label ?? c.handle.label;
    return one(
      `${c.caller} indicated ${eventText(c.EventType, c.EventSpecificInformation)} for ${object}, but has no such event from below left to relay (relayed twice, or made up)`,
      [object],
    );
  },
});
