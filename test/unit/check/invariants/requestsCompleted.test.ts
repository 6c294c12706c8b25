/** The `requests-completed` invariant: at quiescence nothing that went down is still open. */
import { describe, expect, it } from 'vitest';
import { requestsCompleted } from '../../../../src/check/invariants/requestsCompleted.js';
import { createSimulation } from '../../../../src/system/createSimulation.js';
import { offloaded } from './fixtures.js';

describe('requests-completed invariant', () => {
  it('holds for the reference drivers after a query, a send and an upload', () => {
    const sim = offloaded();
    sim.query('c1');
    sim.send('c1', 1000);
    sim.run();
    sim.upload('c1');
    sim.run();
    expect(requestsCompleted.check(sim)).toEqual([]);
  });

  it('breaks for a target that never completes a query, at every binding it crossed', () => {
    const sim = offloaded({ faults: ['target-never-completes-query'] });
    sim.query('c1');
    sim.run();
    expect(requestsCompleted.check(sim).map((b) => b.message)).toEqual([
      'IM1 never completed 1 query or invalidate(s) of tcp c1 (host→IM1)',
      'target never completed 1 query or invalidate(s) of tcp c1 (IM1→target)',
    ]);
  });

  it('holds when the application closes twice a connection offloaded with its FIN already sent (no second disconnect goes down)', () => {
    const sim = createSimulation({ intermediateDrivers: 0 });
    sim.addConnection({ id: 'b', localAddress: '10.0.0.1', localPort: 5001, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
    sim.disconnect('b');
    sim.offload('b');
    sim.disconnect('b');
    sim.run();
    expect(requestsCompleted.check(sim)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it("holds when the peer's window update is lost after the target's last probe: the sends wait for the next one", () => {
    const sim = offloaded({ wire: {} });
    sim.peerWindow('c1', 0);
    sim.run();
    sim.send('c1', 100);
    sim.run(); // the target probes, then stops after its last probe
    expect(requestsCompleted.check(sim)).toEqual([]); // the peer's window is zero
    sim.wireFault('drop', 'peer');
    sim.peerWindow('c1', 65535); // the update is lost: the last window at the NIC stays zero
    sim.run();
    expect(sim.peerView('c1').window).toBe(65535);
    expect(requestsCompleted.check(sim)).toEqual([]);
    sim.peerWindow('c1', 60000); // the next update arrives, and the sends complete
    sim.run();
    expect(requestsCompleted.check(sim)).toEqual([]);
    expect(sim.sendHoldings('c1').acked).toBe(100);
  });

  it('holds when the peer shrank its window on a 1-byte segment in flight (data dropped, not a probe refused)', () => {
    const sim = createSimulation({ intermediateDrivers: 0 });
    sim.addConnection({ id: 'a', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
    sim.send('a', 1); // the host's own TCP sends byte 0 into the window the peer offered
    sim.peerWindow('a', 0); // the peer shrinks its window before the byte arrives: it drops it
    sim.run();
    expect(sim.peerView('a').dropped).toBe(1);
    sim.peerWindow('a', 300);
    sim.offload('a'); // the byte goes down as sent and not acknowledged; only a retransmission would send it again
    sim.run();
    expect(requestsCompleted.check(sim)).toEqual([]);
  });
});
