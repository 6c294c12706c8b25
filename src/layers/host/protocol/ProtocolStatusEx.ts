/**
 * ProtocolStatusEx — NDIS calls it when the target indicates an adapter-wide status (reference §6.10):
 * OFFLOAD_PAUSE and UPLOAD_ALL pause offloads (UPLOAD_ALL also uploads everything), OFFLOAD_RESUME lets
 * the host offload again. The host's adapter state follows adapterStateMachine.
 */
import type { ProtocolHandlerArgs } from '../../../ndis/calls.js';
import { NdisStatusEnum } from '../../../ndis/NDIS_STATUS.js';
import { nextAdapterState } from '../../../machines/adapterStateMachine.js';
import { offloadWaiting } from '../decisions/offloadWaiting.js';
import { uploadAll } from '../decisions/uploadAll.js';
import type { HostContext } from '../HostContext.js';

/**
 * ProtocolStatusEx: the adapter-wide status indications move the adapter machine (adapterStateMachine);
 * OFFLOAD_PAUSE and UPLOAD_ALL pause offloads, UPLOAD_ALL also uploads everything, OFFLOAD_RESUME lets the
 * host offload again.
 */
export function ProtocolStatusEx(c: HostContext, { StatusIndication }: ProtocolHandlerArgs['ProtocolStatusEx']): void {
  const type = NdisStatusEnum.nameOf(StatusIndication.StatusCode);
  if (type !== 'NDIS_STATUS_OFFLOAD_PAUSE' && type !== 'NDIS_STATUS_UPLOAD_ALL' && type !== 'NDIS_STATUS_OFFLOAD_RESUME') return;
  const s = c.s;
  const from = s.paused ? 'OffloadPaused' : 'OffloadEnabled';
  const to = nextAdapterState(from, { type });
  if (to === undefined) return;
  if (from === 'OffloadEnabled' && to === 'OffloadPaused') {
    s.paused = true;
    c.report.stateChange('adapter', 'adapter', 0, 1, 'ProtocolStatusEx');
  }
  if (type === 'NDIS_STATUS_UPLOAD_ALL') uploadAll(c, true);
  if (to === 'OffloadEnabled' && from === 'OffloadPaused') {
    s.paused = false;
    s.releaseAll = false;
    c.report.stateChange('adapter', 'adapter', 1, 0, 'ProtocolStatusEx');
    c.report.decision('re-queries OID_TCP_TASK_OFFLOAD and may offload to the target again');
    offloadWaiting(c);
  }
}
