/**
 * The monitor's ledger of posted send lists: per binding, the send NBLs posted together in one call,
 * until every one of them came back through that binding. Per binding, because an intermediate driver
 * posts the same NBLs again on its own binding (reference §7.4), and each binding's completions are
 * judged against what was posted through it.
 */
import { netBufferListsOf, type NET_BUFFER_LIST } from '../../ndis/NET_BUFFER_LIST.js';
import { atBinding } from './atBinding.js';

/** Send NBLs posted together in one NdisOffloadTcpSend: the list, and the Status of each one that came back. */
export interface PostedList {
  ids: number[];
  /** By `n<NBL id>`: the Status it completed with. */
  completed: Record<number, number>;
}

/** One binding's posted lists. */
export interface PostedLists {
  /** Send NBLs posted together in one call (a list of more than one), by `l<first NBL id>`, until every NBL of it came back. */
  lists: Record<number, PostedList>;
  /** The list (its key in `lists`) each NBL of such a list was posted in, by `n<NBL id>`. */
  listOf: Record<number, number>;
}

/** The posted send lists per binding; reads and writes `byBinding` (part of the monitor's state). */
export class PostedListLedger {
  constructor(private readonly byBinding: PostedLists[]) {}

  /** The list `nbl` was posted in through `binding`, when it was posted with others. */
  postedWith(binding: number, nbl: NET_BUFFER_LIST): PostedList | undefined {
    const posted = this.byBinding[binding];
    const list = posted?.listOf[nbl.id];
    return posted && list !== undefined ? posted.lists[list] : undefined;
  }

  /** NdisOffloadTcpSend posted the chain from `head` through `binding`: kept when it holds more than one NBL. */
  sent(binding: number, head: NET_BUFFER_LIST): void {
    if (!head.Next) return;
    const posted = atBinding(this.byBinding, binding, () => ({ lists: {}, listOf: {} }));
    const ids = netBufferListsOf(head).map((n) => n.id);
    const list = head.id;
    posted.lists[list] = { ids, completed: {} };
    for (const id of ids) posted.listOf[id] = list;
  }

  /** NBLs came back through `binding`: each one's Status is noted in its list; a list is forgotten once every NBL of it came back. */
  completed(binding: number, nbls: readonly NET_BUFFER_LIST[]): void {
    const posted = this.byBinding[binding];
    if (!posted) return;
    for (const n of nbls) {
      const list = posted.listOf[n.id];
      const of = list === undefined ? undefined : posted.lists[list];
      if (list === undefined || !of) continue;
      of.completed[n.id] = n.Status;
      if (!of.ids.every((id) => id in of.completed)) continue;
      delete posted.lists[list];
      for (const id of of.ids) delete posted.listOf[id];
    }
  }
}
