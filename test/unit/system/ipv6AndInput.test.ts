import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../src/system/createSimulation.js';
import { readTcp6Table2 } from '../../../src/table/GetTcpTable2.js';
import { NO_ERROR, ERROR_INSUFFICIENT_BUFFER } from '../../../src/ndis/win32Error.js';
import { OFFLOAD_STATE_TYPE } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import type { BlockSnapshot } from '../../../src/trace/TraceEvent.js';

describe('IPv6 connections', () => {
  it('offload with an Ip6OffloadState path and show up in GetTcp6Table2, not GetTcpTable2', () => {
    const sim = createSimulation({ intermediateDrivers: 1 });
    sim.addConnection({ id: 'v6', localAddress: 'fe80::1', localPort: 50000, remoteAddress: 'fe80::2', remotePort: 443, owningPid: 7 });
    sim.addConnection({ id: 'v4', localAddress: '10.0.0.1', localPort: 50001, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 8 });
    sim.offload('v6');
    sim.run();
    expect(sim.connection('v6').offload).toBe(S.TcpConnectionOffloadStateOffloaded);
    const initiate = sim.trace.events.find((e) => e.kind === 'call' && e.fn === 'NdisInitiateOffload');
    const types = (initiate?.kind === 'call' ? (initiate.args.OffloadBlockList as BlockSnapshot[]) : []).map((b) => b.Type);
    expect(types).toEqual([OFFLOAD_STATE_TYPE.NeighborOffloadState, OFFLOAD_STATE_TYPE.Ip6OffloadState, OFFLOAD_STATE_TYPE.TcpOffloadState]);

    const size = { value: 0 };
    expect(sim.GetTcp6Table2(null, size, true)).toBe(ERROR_INSUFFICIENT_BUFFER);
    expect(size.value).toBe(4 + 60);
    const buffer = new ArrayBuffer(size.value);
    expect(sim.GetTcp6Table2(buffer, size, true)).toBe(NO_ERROR);
    const rows = readTcp6Table2(buffer);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.dwOffloadState).toBe(S.TcpConnectionOffloadStateOffloaded);
    expect(rows[0]!.dwOwningPid).toBe(7);

    const size4 = { value: 0 };
    sim.GetTcpTable2(null, size4, true);
    expect(size4.value).toBe(4 + 28);
    expect(sim.violations).toEqual([]);
  });

  it('two spellings of one address are one address: one path and one neighbor offloaded, a repeated 4-tuple refused', () => {
    const sim = createSimulation({ intermediateDrivers: 1 });
    sim.addConnection({ id: 'a', localAddress: 'FE80::1', localPort: 50000, remoteAddress: 'fe80:0::2', remotePort: 443, owningPid: 7 });
    sim.addConnection({ id: 'b', localAddress: 'fe80::0001', localPort: 50001, remoteAddress: 'fe80::2', remotePort: 443, owningPid: 7 });
    expect(() => sim.addConnection({ id: 'c', localAddress: 'fe80:0:0:0:0:0:0:1', localPort: 50000, remoteAddress: 'fe80::2', remotePort: 443, owningPid: 7 }))
      .toThrow(/connection 'c' has the same 4-tuple as 'a'/);
    sim.offload('a', 'b');
    sim.run();
    const initiate = sim.trace.events.find((e) => e.kind === 'call' && e.fn === 'NdisInitiateOffload');
    const objects = (initiate?.kind === 'call' ? (initiate.args.OffloadBlockList as BlockSnapshot[]) : []).map((b) => b.object);
    expect(objects).toEqual(['neighbor fe80::2', 'path fe80::2', 'tcp a', 'tcp b']);
    expect(sim.connection('b').offload).toBe(S.TcpConnectionOffloadStateOffloaded);
    expect(sim.violations).toEqual([]);
  });
});

describe('connection declarations are checked', () => {
  const base = { id: 'x', localAddress: '10.0.0.1', localPort: 1, remoteAddress: '10.0.0.2', remotePort: 2, owningPid: 1 };
  it.each([
    [{ remoteAddress: '10.0.0.300' }, /connection 'x'.*10\.0\.0\.300/],
    [{ remoteAddress: 'fe80::2' }, /both addresses IPv4, or both IPv6/],
    [{ localPort: 70000 }, /localPort 70000 is not a port/],
    [{ state: 11 }, /not a TCPSTATE/],
    [{ nextHop: 'fe80::fe' }, /next hop fe80::fe is not an IPv4 address/],
    [{ nextHop: '10.0.0.256' }, /connection 'x'.*10\.0\.0\.256/],
  ])('%j is refused with a message naming it', (change, message) => {
    const sim = createSimulation();
    expect(() => sim.addConnection({ ...base, ...change })).toThrow(message);
  });

  it('a duplicate id is refused', () => {
    const sim = createSimulation();
    sim.addConnection(base);
    expect(() => sim.addConnection(base)).toThrow(/declared twice/);
  });

  it('a second connection with the same 4-tuple is refused (segments could not tell them apart)', () => {
    const sim = createSimulation();
    sim.addConnection(base);
    expect(() => sim.addConnection({ ...base, id: 'y' })).toThrow(/connection 'y' has the same 4-tuple as 'x'/);
    expect(sim.connectionIds()).toEqual(['x']);
  });
});
