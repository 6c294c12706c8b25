/**
 * The host stack's state, plain data: its records (TCBs, paths, neighbors) by key, its handles, and the
 * bookkeeping of operations in flight and of the adapter's pause (adapterStateMachine's OffloadPaused).
 */
import type { NdisBindingHandle } from '../../ndis/calls.js';
import { DEFAULT_HOST_POLICY, type HostPolicy } from './decisions/HostPolicy.js';
import type { HostNeighbor, HostPath } from './HostObject.js';
import type { Tcb } from './tcp/Tcb.js';

export interface HostState {
  /** The layer's name (`host`): the owner of its handles. */
  readonly name: string;
  readonly NdisBindingHandle: NdisBindingHandle;
  readonly policy: HostPolicy;
  /** The next handle id. */
  nextHandleId: number;
  /** TCBs by label (`tcp c1`), in the order they were made. */
  readonly tcbs: Record<string, Tcb>;
  /** Paths by pathKey. */
  readonly paths: Record<string, HostPath>;
  /** Neighbors by next hop. */
  readonly neighbors: Record<string, HostNeighbor>;
  /** The object each of its handles stands for: objectRef by `h<handle id>`. */
  readonly byHandle: Record<number, string>;
  /** Paths (keys) whose next hop is changing (see relinkPath). */
  relinks: string[];
  /** Connections (labels) the host decided to offload while their path or neighbor was on its way in or out. */
  offloadsWaiting: string[];
  /** The target said OFFLOAD_PAUSE or UPLOAD_ALL and not yet OFFLOAD_RESUME (adapterStateMachine's OffloadPaused). */
  paused: boolean;
  /** NDIS_STATUS_UPLOAD_ALL is being carried out: every path and neighbor goes once idle (until RESUME). */
  releaseAll: boolean;
  /** Connections (labels) with an NdisUpdateOffload in flight (one at a time per object). */
  updating: string[];
  /** Objects (objectRef) the host invalidated and has not uploaded yet (no update or second invalidate for them). */
  invalidated: string[];
}

/** What the host stack is made from. */
export interface HostStackParams {
  name: string;
  NdisBindingHandle: NdisBindingHandle;
  policy?: Partial<HostPolicy>;
}

/** The host stack's state (plain data) as it starts. */
export function createHostState({ name, NdisBindingHandle, policy }: HostStackParams): HostState {
  return {
    name, NdisBindingHandle, policy: { ...DEFAULT_HOST_POLICY, ...policy }, nextHandleId: 1, tcbs: {}, paths: {}, neighbors: {}, byHandle: {},
    relinks: [], offloadsWaiting: [], paused: false, releaseAll: false, updating: [], invalidated: [],
  };
}
