/** What each call of a host handler works with: the host's state (plain data) and the services it uses. */
import type { NdisLibrary } from '../../ndis/NdisLibrary.js';
import type { LayerReporter } from '../LayerReporter.js';
import type { HostState } from './HostState.js';

/** One handler call: the host's state, the NDIS library it calls down through, and its reporter. */
export interface HostContext {
  readonly s: HostState;
  readonly ndis: NdisLibrary;
  readonly report: LayerReporter;
}
