/** The rule monitor's record as one plain-data value (part of the simulation state): one field per ledger. */
import type { WindowViews } from './WindowLedger.js';
import type { GhostTable } from './GhostLedger.js';
import type { LentNbls } from './LentLedger.js';
import type { OutstandingNbls } from './OutstandingLedger.js';
import type { PostedLists } from './PostedListLedger.js';
import type { ReceiveRelays } from './ReceiveRelayLedger.js';
import type { OwedRelays } from './RelayLedger.js';
import type { ReceiveStreams } from './StreamLedger.js';
import type { TcpViews } from './TcpStateLedger.js';

/** The monitor's record, as plain data: one field per ledger, each per binding (the index of the upper layer) where it applies. */
export interface RuleMonitorState {
  /** Per binding: the objects offloaded or offloading through it, by handle (GhostLedger). */
  objects: GhostTable[];
  /** Per binding: the adapter below said OFFLOAD_PAUSE or UPLOAD_ALL and has not said RESUME. */
  paused: boolean[];
  /** Per binding: the NBLs below it, not yet completed or handed back (OutstandingLedger). */
  outstanding: OutstandingNbls[];
  /** Per binding: the receive NBLs lent to the layer above (LentLedger). */
  lent: LentNbls[];
  /** Per binding and connection: the receive direction (StreamLedger). */
  streams: ReceiveStreams;
  /** Per binding: send NBLs posted together in one call (PostedListLedger). */
  posted: PostedLists[];
  /** Per intermediate driver's lower binding: the event and status indications it received and has not relayed (RelayLedger). */
  owedRelays: OwedRelays;
  /** Per intermediate driver's lower binding: the receive indications it is handling (ReceiveRelayLedger). */
  receiveRelays: ReceiveRelays;
  /** Per connection: its TCP side as the calls and the wire show it (TcpStateLedger). */
  tcp: TcpViews;
  /** Per connection: its windows as the wire shows them (WindowLedger). */
  windows: WindowViews;
  /** Findings of "eventually" rules already reported (each is reported once). */
  reportedAtQuiescence: string[];
}

/** An empty record: nothing has crossed yet. */
export function createRuleMonitorState(): RuleMonitorState {
  return {
    objects: [], paused: [], outstanding: [], lent: [], streams: { byConnection: [], starts: [] }, posted: [], owedRelays: [], receiveRelays: [], tcp: {}, windows: {},
    reportedAtQuiescence: [],
  };
}
