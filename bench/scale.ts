/** Memory and UPLOAD_ALL at scale: `connections` offloaded connections through one IM, trace off. */
import { performance } from 'node:perf_hooks';
import { createSimulation } from '../src/system/createSimulation.js';
import { NDIS_STATUS } from '../src/ndis/NDIS_STATUS.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';

const gc = (globalThis as { gc?: () => void }).gc;
const collect = () => {
  for (let i = 0; i < 3; i++) gc?.();
};

export function scale(connections: number): { bytesPerConnection: number; uploadAllMs: number; offloaded: number } {
  collect();
  const sim = createSimulation({ intermediateDrivers: 1, trace: false, capacity: { Neighbor: connections, Path: connections, Tcp: connections } });
  collect();
  const before = process.memoryUsage().heapUsed;
  const ids: string[] = [];
  for (let i = 0; i < connections; i++) {
    const id = String(i);
    ids.push(id);
    sim.addConnection({
      id, localAddress: '10.0.0.1', localPort: 1024 + (i % 60_000), remoteAddress: `10.1.${(i / 60_000) | 0}.${(i % 250) + 1}`,
      remotePort: 443, owningPid: 1000 + (i % 7), nextHop: '10.0.0.254',
    });
  }
  for (let i = 0; i < ids.length; i += 1000) {
    sim.offload(...ids.slice(i, i + 1000));
    sim.run();
  }
  collect();
  const after = process.memoryUsage().heapUsed;
  const offloaded = sim.tcpTableEntries().filter((r) => r.offloadState === S.TcpConnectionOffloadStateOffloaded).length;
  const start = performance.now();
  sim.indicateStatus(NDIS_STATUS.NDIS_STATUS_UPLOAD_ALL);
  sim.run();
  const uploadAllMs = performance.now() - start;
  const stillOffloaded = sim.tcpTableEntries().filter((r) => r.offloadState !== S.TcpConnectionOffloadStateInHost).length;
  if (stillOffloaded !== 0) throw new Error(`UPLOAD_ALL left ${stillOffloaded} connections not InHost`);
  return { bytesPerConnection: Math.round((after - before) / connections), uploadAllMs: Math.round(uploadAllMs), offloaded };
}
