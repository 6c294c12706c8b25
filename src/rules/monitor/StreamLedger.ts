/** The monitor's ledger of receive streams: per binding and connection, where the data going up stands, from the initiate to the terminate. */
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import { nblFilled, type NET_BUFFER_LIST } from '../../ndis/NET_BUFFER_LIST.js';
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../ndis/stateStructures.js';

/** One connection's receive direction as one binding has seen it (from the initiate to the terminate). */
export interface ReceiveStream {
  /**
   * Stream offset where the next data going up must start: set by the initiate (the first byte of
   * its BufferedData, else RcvNxt), advanced by each receive completion's filled range and by the
   * consumed part of each receive indication.
   */
  next: number;
  /** TcpIndicateDisconnect crossed this binding: the peer's stream has ended. */
  disconnectIndicated: boolean;
  /** Receives (NBL ids) posted through this binding after TcpIndicateDisconnect, not yet completed. */
  postedAfterDisconnect: number[];
  /**
   * Receive buffers posted with bytes already in them (the host may pre-fill a buffer with data it had,
   * reference §6.7): how many, by `n<NBL id>`, until they complete. Those bytes come before RcvNxt and
   * are not the target's.
   */
  prefilled: Record<number, number>;
  /**
   * The connection's sends, disconnects and receives (NBL ids) that were outstanding through this binding
   * when TcpIndicateAbort crossed it and that the target had not completed yet, until they complete.
   */
  abortedOutstanding: number[];
  /**
   * Receive buffers (by `n<NBL id>`) posted through this binding while receive indications of the
   * connection made below were still waiting in the scheduler (their NBL ids), until they complete: those
   * indications were made before the buffer reached the target, so they need not wait for it to be filled.
   * A zero-byte buffer holds no data and never has to be filled: it is listed with `[-1]`.
   */
  notBefore?: Record<number, number[]>;
}

/** The ledger's part of the monitor's state. */
export interface ReceiveStreams {
  /** Per binding, per connection (label): its receive direction, from its first receive crossing to the terminate. */
  byConnection: Array<Record<string, ReceiveStream>>;
  /** Per binding, per connection: where its receive data starts, when that is not 0 (set by the initiate). */
  starts: Array<Record<string, number>>;
}

/** The receive streams per binding; reads and writes `streams` (part of the monitor's state). */
export class StreamLedger {
  constructor(
    private readonly streams: ReceiveStreams,
    /** The receive indications of a connection waiting in the scheduler: [the layer that made it, its NBL id]. */
    private readonly pendingIndications: (connection: string) => ReadonlyArray<readonly [number, number]> = () => [],
  ) {}

  /** The receive direction of a connection (by label) through `binding`: as recorded, or as it starts. */
  stream(binding: number, connection: string): Readonly<ReceiveStream> {
    return this.streams.byConnection[binding]?.[connection] ?? this.fresh(binding, connection);
  }

  /**
   * The stream range the layer below put in a receive buffer `nbl` (posted through `binding`): its
   * filled range without the bytes it was posted with; null when it put none there.
   */
  filledByTarget(binding: number, nbl: NET_BUFFER_LIST): [number, number] | null {
    const filled = nbl.ReceiveBuffer ? nblFilled(nbl) : null;
    if (!filled) return null;
    const start = filled[0] + (this.streams.byConnection[binding]?.[nbl.connection]?.prefilled[nbl.id] ?? 0);
    return start < filled[1] ? [start, filled[1]] : null;
  }

  /** A connection's initiate went down: its data will go up from the first buffered byte, or from RcvNxt. */
  started(binding: number, label: string, delegated: TCP_OFFLOAD_STATE_DELEGATED | undefined): void {
    if (!delegated) return;
    const next = delegated.BufferedData ? delegated.BufferedData.DataOffset : delegated.RcvNxt;
    const streams = this.streams.byConnection[binding];
    if (streams) delete streams[label];
    if (next !== 0) (this.streams.starts[binding] ??= {})[label] = next;
    else {
      const starts = this.streams.starts[binding];
      if (starts) delete starts[label];
    }
  }

  /** A connection's offload ended (its terminate completed, or its initiate failed): its stream is forgotten. */
  ended(binding: number, label: string): void {
    const streams = this.streams.byConnection[binding];
    if (streams) delete streams[label];
    const starts = this.streams.starts[binding];
    if (starts) delete starts[label];
  }

  /** NBLs went down through `binding` (a chain, from its head): a receive buffer is noted if posted after the disconnect, or pre-filled. */
  posted(binding: number, head: NET_BUFFER_LIST | null): void {
    for (let n = head; n; n = n.Next) {
      if (!n.ReceiveBuffer) continue;
      const stream = this.streamFor(binding, n.connection);
      if (stream.disconnectIndicated) stream.postedAfterDisconnect.push(n.id);
      if (n.TcpOffloadBytesTransferred > 0) stream.prefilled[n.id] = n.TcpOffloadBytesTransferred;
      const made = n.DataLength === 0 ? [-1] : this.pendingIndications(n.connection).filter(([layer]) => layer > binding).map(([, id]) => id);
      if (made.length > 0) (stream.notBefore ??= {})[n.id] = made;
    }
  }

  /**
   * Outstanding NBLs came back up through `binding`: each is off its connection's lists, and the data the
   * target put in a receive buffer advances the stream. (Only a receive buffer's data moves the stream;
   * any other NBL is only taken off the lists it is on.)
   */
  completed(binding: number, nbls: readonly NET_BUFFER_LIST[]): void {
    for (const n of nbls) {
      const stream = n.ReceiveBuffer ? this.streamFor(binding, n.connection) : this.streams.byConnection[binding]?.[n.connection];
      if (!stream) continue;
      removeId(stream.abortedOutstanding, n.id);
      if (!n.ReceiveBuffer) continue;
      removeId(stream.postedAfterDisconnect, n.id);
      if (stream.notBefore) {
        delete stream.notBefore[n.id];
        if (Object.keys(stream.notBefore).length === 0) delete stream.notBefore;
      }
      const filled = this.filledByTarget(binding, n);
      if (filled) stream.next = filled[1];
      delete stream.prefilled[n.id];
    }
  }

  /** TcpIndicateDisconnect crossed `binding` for a connection: the peer's stream has ended. */
  disconnected(binding: number, label: string): void {
    this.streamFor(binding, label).disconnectIndicated = true;
  }

  /** TcpIndicateAbort crossed `binding` for a connection: `unfinished` (NBL ids) must now complete with REQUEST_ABORTED. */
  aborted(binding: number, label: string, unfinished: readonly number[]): void {
    const aborted = this.streamFor(binding, label).abortedOutstanding;
    for (const id of unfinished) aborted.push(id);
  }

  /** A receive indication through `binding` returned: the part the layer above took was delivered. */
  consumed(binding: number, label: string, bytes: number): void {
    this.streamFor(binding, label).next += bytes;
  }

  /** The stream of a connection, made on first use. */
  private streamFor(binding: number, connection: string): ReceiveStream {
    const streams = (this.streams.byConnection[binding] ??= {});
    return (streams[connection] ??= this.fresh(binding, connection));
  }

  private fresh(binding: number, connection: string): ReceiveStream {
    const next = this.streams.starts[binding]?.[connection] ?? 0;
    return { next, disconnectIndicated: false, postedAfterDisconnect: [], prefilled: {}, abortedOutstanding: [] };
  }
}

function removeId(list: number[], id: number): void {
  const at = list.indexOf(id);
  if (at >= 0) list.splice(at, 1);
}

/**
 * The bytes of a receive indication the layer above took, by its result: all of them on SUCCESS,
 * BytesConsumed (at most the NBL's length) on OFFLOAD_DATA_PARTIALLY_ACCEPTED, none otherwise.
 */
export function consumedBy(Status: number, BytesConsumed: number, length: number): number {
  if (Status === NDIS_STATUS.NDIS_STATUS_SUCCESS) return length;
  if (Status === NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED) return Math.max(0, Math.min(BytesConsumed, length));
  return 0;
}
