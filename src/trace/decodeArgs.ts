/**
 * Turns the raw arguments of a call or pend event into the text a learner reads: every number that
 * has a C type is decoded by that type's enumeration (`EventType: TcpIndicateRetrieve (3)`), and a
 * block-list snapshot becomes a one-line tree. Narration, JSON Lines and reports share this one decoder.
 */
import { NDIS_STATUS, NdisStatusEnum } from '../ndis/NDIS_STATUS.js';
import { IndicateOffloadEventEnum, offloadLayerOf } from '../ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_OFFLOAD_EVENT_TYPE, TcpOffloadEventTypeEnum } from '../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TcpUploadReasonEnum } from '../ndis/TCP_UPLOAD_REASON.js';
import type { BlockSnapshot, CallEvent, PendEvent, TraceValue } from './TraceEvent.js';

/** Decodes every argument of `event` by its C name; keys keep the event's (C parameter) order. */
export function decodeArgs(event: CallEvent | PendEvent): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.args)) out[name] = decodeValue(name, value, event.args);
  return out;
}

/** One argument as text. `args` gives the context some arguments need (EventType for its information). */
function decodeValue(name: string, value: TraceValue, args: Record<string, TraceValue>): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return formatBlockList(value);
  switch (name) {
    case 'EventType':
      return TcpOffloadEventTypeEnum.format(value);
    case 'EventSpecificInformation':
      return decodeEventSpecificInformation(args['EventType'], value);
    case 'StatusCode':
    case 'Status':
      return NdisStatusEnum.format(value);
    case 'IndicationCode':
      return IndicateOffloadEventEnum.format(value);
    default:
      return String(value);
  }
}

/** What `EventSpecificInformation` means depends on the EventType beside it (reference §2.2). */
function decodeEventSpecificInformation(eventType: TraceValue | undefined, value: number): string {
  switch (eventType) {
    case TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve:
      return TcpUploadReasonEnum.format(value);
    case TCP_OFFLOAD_EVENT_TYPE.TcpIndicateSendBacklogChange:
      return `${value} bytes`;
    case TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect:
    case TCP_OFFLOAD_EVENT_TYPE.TcpIndicateAbort:
      return `${value} (not meaningful)`;
    default:
      return String(value);
  }
}

/** A node rebuilt from the depth-first snapshot list. */
interface TreeNode {
  snapshot: BlockSnapshot;
  children: TreeNode[];
}

/**
 * Rebuilds the tree from the depth-first list (a node, then its dependents, then its next sibling).
 * A node whose depth jumps by more than one is attached to the nearest shallower node.
 */
function buildTree(snapshots: readonly BlockSnapshot[]): TreeNode[] {
  const roots: TreeNode[] = [];
  const stack: TreeNode[] = [];
  for (const snapshot of snapshots) {
    const node: TreeNode = { snapshot, children: [] };
    for (let top = stack[stack.length - 1]; top && top.snapshot.depth >= snapshot.depth; top = stack[stack.length - 1]) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else roots.push(node);
    stack.push(node);
  }
  return roots;
}

/**
 * One node as text: `Neighbor 10.0.0.254 [new]`, `TCP tcp 1 = NDIS_STATUS_SUCCESS`. The Status is left
 * out while it is NDIS_STATUS_PENDING, the simulator's mark for "not written yet".
 */
export function formatBlockNode(s: BlockSnapshot): string {
  const layer = offloadLayerOf(s.Type);
  const layerText = layer === 'Tcp' ? 'TCP' : layer ?? `Type ${s.Type}`;
  let text = `${layerText} ${objectText(layer, s.object)}`;
  if (s.role) text += ` [${s.role}]`;
  if (s.Status !== NDIS_STATUS.NDIS_STATUS_PENDING) text += ` = ${statusText(s.Status)}`;
  if (s.NetBufferListChain) text += ` with ${s.NetBufferListChain}`;
  if (s.BufferedData) text += `, BufferedData ${s.BufferedData}`;
  return text;
}

/**
 * The object label without a repeated layer word when an address follows it (`path 10.0.0.2` is shown
 * as `Path 10.0.0.2`); a label that is only a word and a serial (`tcp 1`) is kept whole.
 */
function objectText(layer: string | undefined, object: string): string {
  if (!layer) return object;
  const prefix = `${layer.toLowerCase()} `;
  if (!object.toLowerCase().startsWith(prefix)) return object;
  const rest = object.slice(prefix.length);
  return /^\d+$/.test(rest) ? object : rest;
}

function statusText(status: number): string {
  return NdisStatusEnum.nameOf(status) ?? NdisStatusEnum.format(status);
}

/**
 * A block list on one line: a chain reads `A → B → C`; a node with several dependents lists them in
 * braces (`Path 10.0.0.2 → {TCP tcp 1, TCP tcp 2}`); several roots are separated by `; `.
 */
export function formatBlockList(snapshots: readonly BlockSnapshot[]): string {
  if (snapshots.length === 0) return '(empty block list)';
  const render = (node: TreeNode): string => {
    const self = formatBlockNode(node.snapshot);
    const [only, ...more] = node.children;
    if (!only) return self;
    if (more.length === 0) return `${self} → ${render(only)}`;
    return `${self} → {${node.children.map(render).join(', ')}}`;
  };
  return buildTree(snapshots).map(render).join('; ');
}

/**
 * A block list one node per line, indented two spaces per depth, each node with its handle when it
 * has one: for narration of big trees.
 */
export function formatBlockTree(snapshots: readonly BlockSnapshot[]): string[] {
  if (snapshots.length === 0) return ['(empty block list)'];
  return snapshots.map((s) => {
    const handle = s.handle ? `  (handle ${s.handle})` : '';
    return `${'  '.repeat(Math.max(0, s.depth))}${formatBlockNode(s)}${handle}`;
  });
}
