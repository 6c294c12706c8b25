/** The receive ledger with a retransmitting peer: bytes this machine has not acknowledged may be held by the peer alone; acknowledged ones may not. */
import { describe, expect, it } from 'vitest';
import { checkReceiveHoldings } from '../../../../src/invariants/noByteLost.js';
import type { ReceiveHoldings } from '../../../../src/system/ledger.js';

/** 1000 bytes sent by the peer, 300 received by the application, nothing anywhere else, on a lossy wire. */
const holdings = (peerHolds: [number, number] | null | undefined): ReceiveHoldings => ({
  peerSent: 1000, appReceived: 300, appMisdelivered: 0, host: [], target: [], completing: [], wire: [], reset: false,
  wireCopies: true, overWindow: null, ackedPastWindow: 0, ...(peerHolds !== undefined ? { peerHolds } : {}),
});

describe('checkReceiveHoldings with a peer that retransmits', () => {
  it('lets bytes this machine has not acknowledged be held by the peer alone (their segment was dropped)', () => {
    expect(checkReceiveHoldings('c1', holdings([300, 1000]))).toEqual([]);
  });

  it('reports missing bytes this machine acknowledged, and only those', () => {
    expect(checkReceiveHoldings('c1', holdings([600, 1000]))).toEqual([
      { connection: 'c1', message: 'received bytes [300, 600) are nowhere, and this machine acknowledged them (lost)' },
    ]);
    expect(checkReceiveHoldings('c1', holdings(null))).toEqual([
      { connection: 'c1', message: 'received bytes [300, 1000) are nowhere, and this machine acknowledged them (lost)' },
    ]);
  });

  it('without a retransmitting peer (a lossless wire) every missing byte is lost', () => {
    expect(checkReceiveHoldings('c1', holdings(undefined))).toEqual([{ connection: 'c1', message: 'received bytes [300, 1000) are nowhere (lost)' }]);
  });
});
