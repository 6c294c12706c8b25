/** Offload-state changes a layer reports: only legal TCP_CONNECTION_OFFLOAD_STATE values, along the edges of the offload-state graph. */
import { TcpConnectionOffloadStateEnum } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { isOffloadTransition } from '../../machines/offloadStateMachine.js';
import { defineRule } from '../Rule.js';
import { one, stateName } from './helpers.js';

/** offload-state-legal */
export const offloadStateLegal = defineRule({
  id: 'offload-state-legal',
  summary: 'A connection is only ever InHost, Offloading, Offloaded or Uploading; TcpConnectionOffloadStateMax is never a state.',
  source: 'TCP_CONNECTION_OFFLOAD_STATE enumeration',
  onStateChange: (s) =>
    s.region === 'offload' && !TcpConnectionOffloadStateEnum.isLegal(s.to)
      ? one(`${s.layer} put ${s.object} in ${TcpConnectionOffloadStateEnum.format(s.to)}`, [s.object])
      : undefined,
});

/** offload-transition-legal */
export const offloadTransitionLegal = defineRule({
  id: 'offload-transition-legal',
  summary: 'The offload state moves only InHost→Offloading→Offloaded→Uploading→InHost, or Offloading→InHost when the offload failed.',
  source: 'TCP_CONNECTION_OFFLOAD_STATE enumeration',
  onStateChange: (s) =>
    s.region === 'offload' && TcpConnectionOffloadStateEnum.isLegal(s.to) && !isOffloadTransition(s.from, s.to)
      ? one(`${stateName(s.from)} → ${stateName(s.to)} on ${s.cause} is not an edge of the offload-state graph`, [s.object])
      : undefined,
});
