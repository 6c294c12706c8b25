/**
 * For each fault of the catalogue, the smallest configuration that can show it: one connection, an
 * intermediate driver only for an intermediate driver's fault, and only the kinds of action its story
 * needs. `chimney explore` must find each fault there (BFS: a shortest counterexample).
 */
import type { FaultName } from '../../../src/system/faults.js';

export const SMALLEST: Record<FaultName, { ims: number; actions: string[] }> = {
  'host-ignores-mandatory-retrieve': { ims: 0, actions: ['offload', 'indicate'] },
  'host-offloads-while-paused': { ims: 0, actions: ['status', 'offload'] },
  'im-relays-with-own-handle': { ims: 1, actions: ['offload', 'indicate'] },
  'im-swallows-tcp-offload-event': { ims: 1, actions: ['offload', 'indicate'] },
  'im-swallows-receive-indication': { ims: 1, actions: ['offload', 'peer-send'] },
  'im-swallows-status-indication': { ims: 1, actions: ['status'] },
  'im-drops-send-backlog-change': { ims: 1, actions: ['offload', 'indicate'] },
  'im-truncates-event-information': { ims: 1, actions: ['offload', 'indicate'] },
  'im-swallows-abort': { ims: 1, actions: ['offload', 'peer-rst'] },
  'im-frees-entry-on-terminate': { ims: 1, actions: ['offload', 'upload', 'peer-rst'] },
  'im-leaks-offload-entry': { ims: 1, actions: ['offload', 'upload'] },
  'im-leaks-call-entry': { ims: 1, actions: ['offload', 'query', 'upload'] },
  'im-completes-send-twice': { ims: 1, actions: ['offload', 'send', 'upload'] },
  'im-completes-initiate-early': { ims: 1, actions: ['offload', 'upload'] },
  'im-relays-event-twice': { ims: 1, actions: ['offload', 'indicate'] },
  'im-relays-after-terminate-complete': { ims: 1, actions: ['offload', 'upload', 'peer-rst'] },
  'target-drops-send-chain-on-upload': { ims: 0, actions: ['offload', 'send', 'upload'] },
  'target-drops-buffered-data-on-upload': { ims: 0, actions: ['offload', 'peer-send', 'status'] },
  'target-indicates-during-initiate': { ims: 0, actions: ['offload'] },
  'target-indicates-after-terminate': { ims: 0, actions: ['offload', 'upload'] },
  'target-returns-stale-delegated-state': { ims: 0, actions: ['offload', 'send', 'upload'] },
  'target-never-completes-query': { ims: 0, actions: ['offload', 'query'] },
  'target-fails-query-not-supported': { ims: 0, actions: ['offload', 'query'] },
  'target-completes-copied-block-list': { ims: 0, actions: ['offload', 'upload'] },
  'target-indicates-with-path-handle': { ims: 0, actions: ['offload', 'indicate'] },
  'target-forgets-receives-on-terminate': { ims: 0, actions: ['offload', 'receive', 'upload'] },
  'target-indicates-before-filling-posted': { ims: 0, actions: ['offload', 'receive', 'peer-send'] },
  'target-indicates-disconnect-early': { ims: 0, actions: ['offload', 'peer-send', 'peer-fin'] },
  'target-frees-connection-on-reset': { ims: 0, actions: ['offload', 'peer-rst'] },
  'target-resets-unknown-segment': { ims: 0, actions: ['peer-send'] },
  'target-forgets-retransmit-on-upload': { ims: 0, actions: ['offload', 'drop', 'send', 'upload'] },
  'target-ignores-receive-window': { ims: 0, actions: ['offload', 'peer-send-past-window'] },
};
