/** The send side of an offload: the host's queued send data goes down with the TCP block (reference §6.1). */
import type { NET_BUFFER_LIST } from '../../../ndis/NET_BUFFER_LIST.js';
import type { Tcb } from '../tcp/Tcb.js';

/** Initiate: the host's queued send data goes down with the TCP block (the host remembers which NBLs went). */
export function sendChainForInitiate(t: Tcb): readonly NET_BUFFER_LIST[] {
  const s = t.stream;
  if (!s) return [];
  s.sendChainDown = s.sendQueue.length > 0 ? s.sendQueue.map((n) => n.id) : null;
  return s.sendChainDown ? s.sendQueue : [];
}
