/**
 * Deliberate fault `target-indicates-with-path-handle`: a target that looks up the wrong context area when
 * it raises an event about a connection and indicates with the NdisOffloadHandle of the connection's path
 * instead of the connection's own (reference §4.3 and §5.3: an indication passes back the handle the layer
 * above gave for that TCP connection; retrieve requests are for TCP objects only, §6.2). Overrides the
 * NIC's IndicateTcpEvent and nothing else.
 */
import type { OffloadTarget } from '../OffloadTarget.js';
import { findConnection } from '../reference/target/TargetCall.js';
import { referenceOffloadTarget } from '../reference/referenceOffloadTarget.js';
import { objectById, type TargetState } from '../reference/target/TargetState.js';

export const targetIndicatesWithPathHandle: OffloadTarget<TargetState> = {
  ...referenceOffloadTarget,
  name: 'target-indicates-with-path-handle',
  IndicateTcpEvent: (s, args, ndis, nic) => {
    const path = objectById(s, findConnection(s, args.connection)?.parent);
    if (!path) return referenceOffloadTarget.IndicateTcpEvent(s, args, ndis, nic);
    ndis.NdisTcpOffloadEventHandler(path.NdisOffloadHandle, args.EventType, args.EventSpecificInformation); // the bug: the path's handle
  },
};
