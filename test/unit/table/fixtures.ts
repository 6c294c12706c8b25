/** Shared test inputs for the table tests: an entry builder and the seed of the property tests. */
import { MIB_TCP_STATE } from '../../../src/ndis/TCPSTATE.js';
import { TCP_CONNECTION_OFFLOAD_STATE } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import type { TcpTableEntry } from '../../../src/table/index.js';

/** An established, offloaded IPv4 entry 10.0.0.1:49152 -> 10.0.0.2:80, PID 1234, with overrides. */
export function entry(overrides: Partial<TcpTableEntry> = {}): TcpTableEntry {
  return {
    localAddress: '10.0.0.1',
    localPort: 49152,
    remoteAddress: '10.0.0.2',
    remotePort: 80,
    owningPid: 1234,
    state: MIB_TCP_STATE.MIB_TCP_STATE_ESTAB,
    offloadState: TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateOffloaded,
    ...overrides,
  };
}

/** An IPv6 entry fe80::1:49152 -> fe80::2:443 with overrides. */
export function entry6(overrides: Partial<TcpTableEntry> = {}): TcpTableEntry {
  return entry({ localAddress: 'fe80::1', remoteAddress: 'fe80::2', remotePort: 443, ...overrides });
}

/** Seed of every property in this folder: `FC_SEED=<n> npx vitest run test/unit/table` replays a failure. */
export const SEED = Number(process.env['FC_SEED'] ?? Math.floor(Math.random() * 0x7fffffff));
