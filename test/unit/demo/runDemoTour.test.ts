/** The real tour, end to end: what a learner sees from `npm start`. */
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runDemoTour, type DemoOptions } from '../../../src/demo/runDemoTour.js';

function tour(options: Partial<DemoOptions> = {}): { code: number; lines: string[] } {
  const lines: string[] = [];
  const code = runDemoTour({ intermediateDrivers: 1, seed: 1, table: false, json: false, color: false, write: (l) => lines.push(l), ...options });
  return { code, lines };
}

describe('chimney demo', () => {
  it('walks offload, SendBacklogChange, Retrieve(LowActivity) and its upload, a second offload, then Disconnect', () => {
    const { code, lines } = tour();
    expect(code).toBe(0);
    const text = lines.join('\n');
    const order = [
      'NdisInitiateOffload',
      'EventType: TcpIndicateSendBacklogChange (1), EventSpecificInformation: 65536 bytes',
      'EventSpecificInformation: LowActivity (1)',
      'NdisTerminateOffload',
      'EventType: TcpIndicateDisconnect (2)',
      'host: tcp c1 ESTABLISHED → CLOSE_WAIT (TCP state)',
      'End of the tour: tcp c1 is CLOSE_WAIT and Offloaded.',
    ].map((s) => text.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text.match(/NdisInitiateOffload  ⇒  MiniportInitiateOffload/g)).toHaveLength(4); // two offloads, two hops each
  });

  it('--table ends with the SDK sample format', () => {
    const { lines } = tour({ table: true });
    expect(lines.slice(-9)).toEqual([
      '\tNumber of entries: 1',
      '',
      '\tTCP[0] State: 8 - CLOSE-WAIT',
      '\tTCP[0] Local Addr: 10.0.0.1',
      '\tTCP[0] Local Port: 49152 ',
      '\tTCP[0] Remote Addr: 10.0.0.2',
      '\tTCP[0] Remote Port: 443',
      '\tTCP[0] Owning PID: 4242',
      '\tTCP[0] Offload State: 2 - Offloaded to the network interface control',
    ]);
  });

  it.each([0, 4])('with %i intermediate drivers each indication crosses every layer', (n) => {
    const { code, lines } = tour({ intermediateDrivers: n });
    expect(code).toBe(0);
    const hops = lines.filter((l) => l.includes('NdisTcpOffloadEventHandler  ⇒  ProtocolTcpOffloadEvent'));
    expect(hops).toHaveLength(3 * (n + 1));
  });

  it('--json prints one JSON object per line, the same for the same seed', () => {
    const a = tour({ json: true, seed: 9 }).lines;
    const b = tour({ json: true, seed: 9 }).lines;
    expect(a).toEqual(b);
    const events = a.map((l) => JSON.parse(l) as { kind: string });
    expect(events.filter((e) => e.kind === 'call').length).toBeGreaterThan(10);
  });
});

describe('the chimney executable', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });

  it('runs the tour and exits 0', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'demo', '--table'], { encoding: 'utf8' });
    expect(out).toContain('TCP[0] Offload State: 2 - Offloaded to the network interface control');
  });

  it('an unknown flag: one line on stderr, exit 2, no stack trace', () => {
    const r = cli('demo', '--bogus');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(["chimney demo: unknown option '--bogus' (try 'chimney demo --help')"]);
  });
});
