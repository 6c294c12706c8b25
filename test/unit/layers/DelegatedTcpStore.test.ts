import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DelegatedTcpStore } from '../../../src/layers/offloadTarget/DelegatedTcpStore.js';
import { delegatedTcpState } from '../../../src/layers/hostStack/offloadTrees.js';
import { createSimulation } from '../../../src/system/createSimulation.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCPSTATE } from '../../../src/ndis/TCPSTATE.js';
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../../src/ndis/stateStructures.js';

const u32 = fc.integer({ min: 0, max: 0xffffffff });

describe('DelegatedTcpStore', () => {
  it('copies every field of TCP_OFFLOAD_STATE_DELEGATED in and out unchanged (seed in fc output)', () => {
    fc.assert(
      fc.property(fc.array(u32, { minLength: 25, maxLength: 25 }), fc.integer({ min: 1, max: 200 }), (v, rows) => {
        const store = new DelegatedTcpStore();
        for (let i = 0; i < rows; i++) store.store(delegatedTcpState(TCPSTATE.TCPSTATE_ESTABLISHED)); // forces growth
        const d = delegatedTcpState(0);
        const keys = DelegatedTcpStore.fields;
        keys.forEach((k, i) => {
          const [a, b] = k.split('.') as [keyof TCP_OFFLOAD_STATE_DELEGATED, string?];
          if (b) (d[a] as unknown as Record<string, number>)[b] = v[i]!;
          else (d as unknown as Record<string, number>)[a] = v[i]!;
        });
        const slot = store.store(d);
        const out = delegatedTcpState(0);
        store.copyOut(slot, out);
        expect(out).toEqual(d);
      }),
    );
  });

  it('reuses a released row, zeroed', () => {
    const store = new DelegatedTcpStore();
    const a = store.store(delegatedTcpState(TCPSTATE.TCPSTATE_ESTABLISHED));
    store.release(a);
    expect(store.tcpState(a)).toBe(0);
    expect(store.store(delegatedTcpState(TCPSTATE.TCPSTATE_CLOSE_WAIT))).toBe(a);
    expect(store.tcpState(a)).toBe(TCPSTATE.TCPSTATE_CLOSE_WAIT);
  });

  it('terminate hands the target-owned state back: CLOSE_WAIT after a remote FIN', () => {
    const sim = createSimulation({ intermediateDrivers: 1 });
    sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 49152, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
    sim.offload('1');
    sim.run();
    sim.indicate('1', E.TcpIndicateDisconnect);
    sim.run();
    sim.upload('1');
    sim.run();
    const terminate = sim.trace.events.filter((e) => e.kind === 'call' && e.fn === 'NdisMTerminateOffloadComplete');
    expect(terminate).toHaveLength(2);
    expect(sim.connection('1').tcp).toBe(TCPSTATE.TCPSTATE_CLOSE_WAIT);
    expect(sim.returnedDelegatedState('1')?.State).toBe(TCPSTATE.TCPSTATE_CLOSE_WAIT);
    expect(sim.violations).toEqual([]);
  });
});
