/** The monitor's ledger of posted send lists: send NBLs posted together in one call, until every one of them came back. */
import { netBufferListsOf, type NET_BUFFER_LIST } from '../../ndis/NET_BUFFER_LIST.js';

/** Send NBLs posted together in one NdisOffloadTcpSend: the list, and the Status of each one that came back. */
export interface PostedList {
  ids: number[];
  /** By `n<NBL id>`: the Status it completed with. */
  completed: Record<number, number>;
}

/** The ledger's part of the monitor's state. */
export interface PostedLists {
  /** Send NBLs posted together in one call (a list of more than one), by `l<first NBL id>`, until every NBL of it came back. */
  lists: Record<number, PostedList>;
  /** The list (its key in `lists`) each NBL of such a list was posted in, by `n<NBL id>`. */
  listOf: Record<number, number>;
}

/** The posted send lists (of every binding: NBL ids are unique); reads and writes `posted` (part of the monitor's state). */
export class PostedListLedger {
  constructor(private readonly posted: PostedLists) {}

  /** The list `nbl` was posted in, when it was posted with others. */
  postedWith(nbl: NET_BUFFER_LIST): PostedList | undefined {
    const list = this.posted.listOf[nbl.id];
    return list === undefined ? undefined : this.posted.lists[list];
  }

  /** NdisOffloadTcpSend posted the chain from `head`: kept when it holds more than one NBL. */
  sent(head: NET_BUFFER_LIST): void {
    if (!head.Next) return;
    const ids = netBufferListsOf(head).map((n) => n.id);
    const list = head.id;
    this.posted.lists[list] = { ids, completed: {} };
    for (const id of ids) this.posted.listOf[id] = list;
  }

  /** NBLs came back: each one's Status is noted in its list; a list is forgotten once every NBL of it came back. */
  completed(nbls: readonly NET_BUFFER_LIST[]): void {
    for (const n of nbls) {
      const list = this.posted.listOf[n.id];
      const posted = list === undefined ? undefined : this.posted.lists[list];
      if (list === undefined || !posted) continue;
      posted.completed[n.id] = n.Status;
      if (!posted.ids.every((id) => id in posted.completed)) continue;
      delete this.posted.lists[list];
      for (const id of posted.ids) delete this.posted.listOf[id];
    }
  }
}
