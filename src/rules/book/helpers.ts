/** What the rules of every family share: findings, labels, event texts, and walks over a request tree that report per node. */
import { forEachBlock, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from '../../ndis/blockList.js';
import { TcpConnectionOffloadStateEnum } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCP_OFFLOAD_EVENT_TYPE, TcpOffloadEventTypeEnum } from '../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TcpUploadReasonEnum } from '../../ndis/TCP_UPLOAD_REASON.js';
import type { RequestCrossing } from '../Crossing.js';
import type { Ghost } from '../monitor/GhostLedger.js';
import type { RuleMonitor } from '../monitor/RuleMonitor.js';
import type { Finding } from '../Rule.js';

/** A TCP_CONNECTION_OFFLOAD_STATE without its prefix (`Offloading`), or the number. */
export const stateName = (v: number): string => TcpConnectionOffloadStateEnum.nameOf(v)?.replace('TcpConnectionOffloadState', '') ?? String(v);

/** One finding. */
export const one = (detail: string, objects: string[]): Finding[] => [{ detail, objects }];

/** A handle's label, or `placeholder` for a node without one. */
export const labelOf = (h: { label: string } | null | undefined): string => h?.label ?? 'placeholder';

/**
 * Checks every node of a request tree; a finding (labelled with the node's object) for each node
 * whose check returns a detail. Allocates nothing when every node passes (this runs on every call).
 */
export function checkNodes(
  root: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
  check: (node: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST) => string | undefined,
): Finding[] | undefined {
  let out: Finding[] | undefined;
  forEachBlock(root, (node) => {
    const detail = check(node);
    if (detail) (out ??= []).push({ detail, objects: [labelOf(node.OffloadHandle)] });
  });
  return out;
}

/** Runs `visit` on each request node whose handle the binding already knows (for non-initiate ops). */
export function eachKnownNode(c: RequestCrossing, m: RuleMonitor, visit: (g: Ghost) => string | undefined): Finding[] | undefined {
  return checkNodes(c.P, (node) => {
    const g = m.ghost(c.binding, node.OffloadHandle);
    return g ? visit(g) : undefined;
  });
}

/**
 * Checks every node of a request's miniport form (what the callee sees: the caller's handle, and what its
 * slot held); a finding for each node whose check returns a detail.
 */
export function checkMiniportNodes(
  root: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
  check: (node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST) => string | undefined,
): Finding[] | undefined {
  let out: Finding[] | undefined;
  forEachBlock(root, (node) => {
    const detail = check(node);
    if (detail) (out ??= []).push({ detail, objects: [labelOf(node.NdisOffloadHandle)] });
  });
  return out;
}

/** A new offload in an initiate tree: the caller's handle slot is still empty. */
export const isNewOffload = (n: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): boolean =>
  n.NdisOffloadHandle !== null && n.MiniportOffloadContext !== null && n.MiniportOffloadContext.value === null;

/** An event indication as details print it: `TcpIndicateRetrieve(UploadRequested (2))`, `TcpIndicateSendBacklogChange(65536 bytes)`. */
export function eventText(EventType: number, EventSpecificInformation: number): string {
  const name = TcpOffloadEventTypeEnum.nameOf(EventType) ?? `EventType ${EventType}`;
  if (EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve) return `${name}(${TcpUploadReasonEnum.format(EventSpecificInformation)})`;
  if (EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateSendBacklogChange) return `${name}(${EventSpecificInformation} bytes)`;
  return EventSpecificInformation === 0 ? name : `${name}(${EventSpecificInformation})`;
}
