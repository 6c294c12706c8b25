/** The `rulebook` invariant reports the rulebook's violations, each named by its rule id. */
import { describe, expect, it } from 'vitest';
import { rulebookInvariant } from '../../../../src/check/invariants/rulebook.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../../../src/ndis/TCP_UPLOAD_REASON.js';
import { offloaded } from './fixtures.js';

describe('rulebook invariant', () => {
  it('holds for the reference drivers through a Retrieve and its upload', () => {
    const sim = offloaded();
    sim.indicate('c1', E.TcpIndicateRetrieve, R.UploadRequested);
    sim.run();
    expect(rulebookInvariant.check(sim)).toEqual([]);
  });

  it('breaks, named by the rule, for an intermediate driver that drops TcpIndicateSendBacklogChange', () => {
    const sim = offloaded({ faults: ['im-drops-send-backlog-change'] });
    sim.indicate('c1', E.TcpIndicateSendBacklogChange, 4096);
    sim.run();
    const breaks = rulebookInvariant.check(sim);
    expect(breaks.map((b) => b.invariant)).toEqual(['im-relays-tcp-offload-event']);
    expect(breaks[0]!.message).toMatch(/^IM1: .*TcpIndicateSendBacklogChange/);
  });
});
