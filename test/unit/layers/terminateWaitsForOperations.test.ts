import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../src/system/createSimulation.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';

const fns = (sim: ReturnType<typeof createSimulation>) =>
  sim.trace.events.flatMap((e) => (e.kind === 'call' && e.caller === 'host' ? [e.fn] : []));

describe('the host terminates a connection only after its update, query and invalidate completed (MiniportTerminateOffload)', () => {
  it.each(['update', 'query'] as const)('a mandatory Retrieve during an outstanding %s: the terminate waits for the completion', (op) => {
    const sim = createSimulation({ intermediateDrivers: 1 });
    sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
    sim.offload('1');
    sim.run();
    if (op === 'update') sim.update('1', { KaTimeout: 1000 });
    else sim.query('1');
    sim.indicate('1', E.TcpIndicateRetrieve, R.UploadRequested);
    sim.deliver(1); // the indication first, while the operation is outstanding
    expect(fns(sim)).not.toContain('NdisTerminateOffload');
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateOffloaded);
    sim.run();
    expect(fns(sim).at(-1)).toBe('NdisTerminateOffload');
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateInHost);
    expect(sim.violations).toEqual([]);
  });
});
