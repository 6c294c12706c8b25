/** The delegated TCP state that follows a TCP block list: the one place the rules read `State` as TCP state. */
import type { AnyOffloadBlockList } from '../ndis/blockList.js';
import type { TCP_OFFLOAD_STATE_DELEGATED, TcpOffloadStructures } from '../ndis/stateStructures.js';

/**
 * The TCP_OFFLOAD_STATE_DELEGATED after `node`, if any. `State` is not typed by `Header.Type`, so the
 * caller says the node is a TCP node (its Header.Type, or the object the binding knows it names).
 */
export function tcpDelegatedOf(node: AnyOffloadBlockList): TCP_OFFLOAD_STATE_DELEGATED | undefined {
  return (node.State as TcpOffloadStructures | null)?.Delegated;
}
