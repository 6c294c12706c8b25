/**
 * Wireshark reads the wire: every shipped scenario's pcapng capture goes through Debian's `tshark`
 * (installed by .ci/run), which must find no malformed packet and no bad IPv4 or TCP checksum, and whose
 * TCP analysis must agree with the scenario: no "previous segment not captured" and no "ACKed unseen
 * segment" (the wire is lossless), and each direction of each connection carries exactly the bytes the
 * application (or the peer) sent.
 *
 * Why one file: tshark takes about half a second to start, too long to run once per scenario. The
 * captures are written as the sections of one pcapng file (a section per scenario, its frames carry its
 * number) and tshark runs once. Scenarios reuse the same 4-tuples, and tshark follows a TCP conversation by
 * its 4-tuple across sections, so each connection here gets its own local port (20000, 20001, ...):
 * the packets are otherwise exactly those of `pcapngOf(sim)` (same code, same trace).
 *
 * The bytes the application wrote are the host's count of accepted writes (`sendHoldings(id).appBytes`),
 * less the writes a scenario makes on purpose after closing (WRITES_REFUSED); the peer's are its own count.
 *
 * A FIN takes one sequence number in both directions (RFC 793), so tshark's TCP analysis flags nothing in
 * any legal scenario: no "keep-alive" after a FIN, no "duplicate ACK" of one. Only the faulty-wire
 * negative scenarios (FAULTY_WIRE_SCENARIOS) may, and must, be flagged.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offloadStateShortName, tcpStateShortName } from '../src/index.js';
import { pcapngOfTrace, type CapturedConnection } from '../src/render/pcapng/pcapngOf.js';
import { scenarioDrivers } from '../src/check/scenarioDrivers.js';
import { findScenarioFiles, parseScenario, runScenario } from '../src/scenario/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FILES = findScenarioFiles([join(ROOT, 'scenarios')]).map((f) => relative(ROOT, f));

/**
 * Negative scenarios whose fault puts a wrong stream on the wire, which tshark must see: a deliberate fault
 * of the catalogue (src/system/faults.ts) is meant to break TCP there, so tshark's TCP analysis flags it.
 */
const FAULTY_WIRE_SCENARIOS: Readonly<Record<string, string>> = {
  'scenarios/faults/target-returns-stale-delegated-state.yaml': 'the host resumes from the stale sequence numbers the target handed back, so it sends bytes the peer already has',
};

/**
 * Scenarios on a wire that drops, duplicates or reorders segments (scenarios/loss/ and a lossy-wire fault):
 * the capture is taken where segments arrive, so a dropped one is not in it and tshark may rightly say
 * "previous segment not captured" or "ACKed unseen segment"; whether its TCP analysis flags a packet
 * (a retransmission it can see, a duplicate, one out of order) is listed here; and each direction carries
 * the bytes the peer acknowledged (or the application received), not every byte written.
 */
const LOSSY_WIRE_SCENARIOS: Readonly<Record<string, { flagged: boolean; why: string }>> = {
  'scenarios/loss/duplicate-and-reorder-handled.yaml': { flagged: true, why: 'a segment out of order, and a duplicate of one' },
  'scenarios/loss/host-retransmits-after-upload.yaml': { flagged: false, why: 'the lost segment is not captured: its retransmission is the first copy tshark sees' },
  'scenarios/loss/host-retransmits-in-host.yaml': { flagged: false, why: 'the lost segment is not captured: its retransmission is the first copy tshark sees' },
  'scenarios/loss/lost-ack-retransmitted-data-acked-again.yaml': { flagged: true, why: 'the data arrives twice: a retransmission tshark sees' },
  'scenarios/loss/peer-retransmits-dropped-data-to-target.yaml': { flagged: false, why: "the peer's lost segment is not captured: its retransmission is the first copy tshark sees" },
  'scenarios/loss/peer-retransmits-dropped-fin.yaml': { flagged: false, why: "the peer's lost FIN is not captured: its retransmission is the first copy tshark sees" },
  'scenarios/loss/peer-gives-up-after-retransmissions.yaml': { flagged: false, why: 'the wire loses every segment (the peer sends nothing else): the capture is empty' },
  'scenarios/loss/retransmit-limit-asks-for-upload.yaml': { flagged: false, why: 'no copy of the data ever arrives; only the RST does' },
  'scenarios/loss/target-retransmits-dropped-segment.yaml': { flagged: false, why: 'the lost segment is not captured: its retransmission is the first copy tshark sees' },
  'scenarios/faults/target-forgets-retransmit-on-upload.yaml': { flagged: false, why: 'the lost data never arrives at all' },
};

/**
 * Scenarios about the receive window, where tshark's TCP analysis notes what the scenario shows (its
 * flags are notes here, not errors): a zero window, a full window, a window update.
 */
const WINDOW_SCENARIOS: Readonly<Record<string, string>> = {
  'scenarios/receive/window-fills-and-peer-waits.yaml': 'the target ACKs with window 0: TCP ZeroWindow, TCP Window Full',
  'scenarios/receive/window-update-as-application-reads.yaml': 'windows shut and opened: TCP ZeroWindow, TCP Window Update',
  'scenarios/receive/window-handed-over-on-offload-and-upload.yaml': 'the peer shuts and opens its window, and so does the host: TCP ZeroWindow, TCP Window Update',
  'scenarios/receive/misbehaving-peer-past-window-dropped.yaml': 'the peer sends past the window and sends the dropped bytes again: TCP Window Full, retransmissions',
  'scenarios/faults/target-ignores-receive-window.yaml': 'the peer sends past the window: TCP Window Full',
  'scenarios/receive/forwarded-stale-ack-reopens-shrunk-window.yaml': 'the peer shrinks its window: TCP window update',
  'scenarios/receive/zero-window-held-while-offloading-goes-first.yaml': 'the peer closes its window: TCP Zero Window',
  'scenarios/receive/segment-past-receive-window-sets-no-send-window.yaml': 'the peer sends past the window and again, and both close their windows: TCP Zero Window, window update, out-of-order',
  'scenarios/receive/window-update-after-upload-fills-buffer.yaml': 'the peer sends past the window and again; the window fills and is updated: TCP Window Full, TCP Window Update, TCP ZeroWindow',
};

/**
 * Window scenarios with zero-window probes of new data (Windows probes with one new byte; the refused
 * byte is sent again with the rest): tshark's heuristics read the second probe as a keep-alive and the
 * ACK of the data that follows as "ACKed unseen segment", and count the probe bytes as data. Its lost
 * and ACKed-unseen checks and the byte count are not made for them.
 */
const PROBE_SCENARIOS: ReadonlySet<string> = new Set([
  'scenarios/receive/zero-window-persist-probe.yaml',
  'scenarios/receive/zero-window-persist-probe-in-host.yaml',
  'scenarios/data/zero-window-probe-crossed-by-data.yaml',
  'scenarios/data/stale-zero-window-ack-after-probe.yaml',
  'scenarios/receive/probe-crosses-window-update.yaml', // and byte 0 twice: a retransmission tshark sees
  'scenarios/receive/probe-byte-sent-again-with-data.yaml', // and byte 0 again with the data: a retransmission tshark sees
  'scenarios/loss/retransmit-timer-gives-way-to-persist-behind-zero-window.yaml',
  'scenarios/tcp-close/close-given-back-behind-zero-window.yaml',
  'scenarios/tcp-close/no-offload-while-fin-behind-zero-window.yaml', // the same probes as close-given-back-behind-zero-window.yaml, before the refused offload
  'scenarios/loss/host-retransmit-timer-gives-way-to-persist-behind-zero-window.yaml',
  'scenarios/loss/partly-acknowledged-nbl-handed-back-behind-zero-window.yaml', // and [0, 300) sent again: a retransmission tshark sees
  'scenarios/loss/lost-probe-sent-again.yaml', // the first probe lost: not captured
  'scenarios/loss/peer-probes-after-lost-window-update.yaml', // the peer's probe (the window update before it was lost, not captured): its ACK is "ACKed unseen"
]);

/** A misbehaving peer sends bytes past the window, then again: the capture carries them twice (not all marked as retransmissions). */
const SENT_AGAIN: ReadonlySet<string> = new Set([
  'scenarios/receive/misbehaving-peer-past-window-dropped.yaml',
  'scenarios/receive/segment-past-receive-window-sets-no-send-window.yaml', // and the host's 320 bytes wait behind the peer's zero window
  'scenarios/receive/window-update-after-upload-fills-buffer.yaml',
]);

/** Bytes a scenario's application writes that the stack refuses (so they never go on the wire), by scenario and connection. */
const WRITES_REFUSED: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'scenarios/data/graceful-close-offloaded.yaml': { c1: 10 }, // `send` after `disconnect`: "a write after the close is refused"
};

/** Bytes a scenario's application writes that still wait behind the peer's zero window when it ends, by scenario and connection. */
const WRITES_WAITING: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'scenarios/receive/zero-window-held-while-offloading-goes-first.yaml': { a: 122 },
};

interface Frame {
  section: number;
  ipVersion: number;
  ipChecksum: string;
  tcpChecksum: string;
  srcPort: number;
  dstPort: number;
  len: number;
  analysis: boolean;
  lost: boolean;
  ackLost: boolean;
  retransmission: boolean;
  severities: number[];
}

const FIELDS = [
  'frame.section_number', 'ip.version', 'ipv6.version', 'ip.checksum.status', 'tcp.checksum.status', 'tcp.srcport', 'tcp.dstport', 'tcp.len',
  'tcp.analysis.flags', 'tcp.analysis.lost_segment', 'tcp.analysis.ack_lost_segment', 'tcp.analysis.retransmission', '_ws.expert.severity',
];
/** PI_ERROR: malformed packets and bad checksums are reported at this severity. */
const PI_ERROR = 0x00800000;
const FIRST_PORT = 20_000;

interface Section {
  file: string;
  /** Bytes each connection's application wrote and the stack accepted (`host`), and bytes the peer sent. */
  sent: Map<string, { host: number; peer: number }>;
  /** The local port each connection was given here, by connection id. */
  ports: Map<string, number>;
  /** Packets written for this scenario. */
  packets: number;
}

let sections: Section[] = [];
let frames: Frame[] = [];
let dir = '';

/** tshark's path, or a failure that says how to install it (never a silent skip). */
function tshark(args: string[]): string {
  try {
    return execFileSync('tshark', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('tshark is not installed: this test needs it (apt-get install -y tshark, as .ci/run does)');
    }
    throw error;
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chimney-wireshark-'));
  let port = FIRST_PORT;
  const parts: Uint8Array[] = [];
  for (const file of FILES) {
    const parsed = parseScenario(readFileSync(join(ROOT, file), 'utf8'), join(ROOT, file));
    const run = runScenario(parsed, { drivers: scenarioDrivers(parsed) }); // a topology's driver module, as chimney run loads it
    const ports = new Map<string, number>();
    const connections = run.sim.connectionIds().map((id): CapturedConnection => {
      const c = run.sim.connection(id);
      ports.set(id, port);
      return {
        label: `tcp ${id}`, fourTuple: { ...c.fourTuple, localPort: port++ }, tcpAtEnd: tcpStateShortName(c.tcp), offloadAtEnd: offloadStateShortName(c.offload),
      };
    });
    const capture = pcapngOfTrace(run.sim.trace.events, connections);
    parts.push(capture);
    const lossy = file in LOSSY_WIRE_SCENARIOS;
    const sent = new Map(run.sim.connectionIds().map((id) => {
      const send = run.sim.sendHoldings(id);
      const receive = run.sim.receiveHoldings(id);
      return [id, lossy ? { host: send.acked, peer: receive.appReceived } : { host: send.appBytes, peer: receive.peerSent }];
    }));
    sections.push({ file, sent, ports, packets: countPackets(capture) });
  }
  const path = join(dir, 'all-scenarios.pcapng');
  writeFileSync(path, Buffer.concat(parts));
  const args = ['-n', '-r', path, '-o', 'tcp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=;'];
  const out = tshark([...args, ...FIELDS.flatMap((f) => ['-e', f])]);
  frames = out.split('\n').filter((l) => l !== '').map(parseFrame);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function parseFrame(line: string): Frame {
  const f = line.split('\t');
  const flag = (i: number) => (f[i] ?? '') !== '';
  return {
    section: Number(f[0]), ipVersion: Number(f[1] || f[2]), ipChecksum: f[3] ?? '', tcpChecksum: f[4] ?? '', srcPort: Number(f[5]), dstPort: Number(f[6]),
    len: Number(f[7]), analysis: flag(8), lost: flag(9), ackLost: flag(10), retransmission: flag(11),
    severities: (f[12] ?? '').split(';').filter(Boolean).map(Number),
  };
}

/** Enhanced Packet Blocks in a capture (block type 6), counted by walking the blocks. */
function countPackets(capture: Uint8Array): number {
  const view = new DataView(capture.buffer, capture.byteOffset, capture.byteLength);
  let n = 0;
  for (let at = 0; at < capture.length; at += view.getUint32(at + 4, true)) if (view.getUint32(at, true) === 6) n++;
  return n;
}

function framesOf(section: number): Frame[] {
  return frames.filter((f) => f.section === section);
}

describe('tshark reads the capture of every shipped scenario', () => {
  it('reads one frame per packet written, in one section per scenario', () => {
    expect(sections.length).toBe(FILES.length);
    expect(frames.length).toBe(sections.reduce((n, s) => n + s.packets, 0));
    expect(frames.length, 'the scenarios put segments on the wire').toBeGreaterThan(50);
  });

  it.each(FILES.map((file, i) => [file, i + 1] as const))('%s: no malformed packet, every checksum good, TCP analysis agrees', (file, section) => {
    const mine = framesOf(section);
    const s = sections[section - 1]!;
    expect(mine.length).toBe(s.packets);
    for (const [k, f] of mine.entries()) {
      const where = `${file}: packet ${k + 1}`;
      expect(f.severities.filter((v) => v >= PI_ERROR), `${where}: tshark reports an error (malformed or bad checksum)`).toEqual([]);
      expect(f.tcpChecksum, `${where}: TCP checksum status (1 = good)`).toBe('1');
      if (f.ipVersion === 4) expect(f.ipChecksum, `${where}: IPv4 header checksum status (1 = good)`).toBe('1');
      else expect(f.ipVersion, where).toBe(6);
      if (file in LOSSY_WIRE_SCENARIOS || PROBE_SCENARIOS.has(file)) continue; // a dropped segment is not captured; probes confuse tshark
      expect(f.lost, `${where}: previous segment not captured`).toBe(false);
      expect(f.ackLost, `${where}: ACKed unseen segment`).toBe(false);
    }
    const flagged = mine.some((f) => f.analysis);
    const expectFlag = file in FAULTY_WIRE_SCENARIOS || LOSSY_WIRE_SCENARIOS[file]?.flagged === true || file in WINDOW_SCENARIOS || PROBE_SCENARIOS.has(file);
    expect(flagged, flagged ? `${file}: tshark's TCP analysis flags a packet, and the scenario is not a faulty-wire one` : `${file} is listed as flagged by tshark but tshark flags nothing`).toBe(expectFlag);
    // Each direction of each connection carries what its sender's application wrote (retransmissions aside).
    for (const [id, sent] of s.sent) {
      if (PROBE_SCENARIOS.has(file) || SENT_AGAIN.has(file)) break;
      const refused = (WRITES_REFUSED[file]?.[id] ?? 0) + (WRITES_WAITING[file]?.[id] ?? 0);
      const port = s.ports.get(id)!;
      const carried = (fromLocal: boolean) =>
        mine.filter((f) => (fromLocal ? f.srcPort === port : f.dstPort === port) && !f.retransmission).reduce((n, f) => n + f.len, 0);
      if (file in LOSSY_WIRE_SCENARIOS) {
        // A copy the wire made is not always a "retransmission" to tshark (it may call it out of order): at least the bytes that made it.
        expect(carried(true), `${file}: ${id} from the host`).toBeGreaterThanOrEqual(sent.host);
        expect(carried(false), `${file}: ${id} from the peer`).toBeGreaterThanOrEqual(sent.peer);
        continue;
      }
      expect({ connection: id, fromHost: carried(true), fromPeer: carried(false) }).toEqual({ connection: id, fromHost: sent.host - refused, fromPeer: sent.peer });
    }
  });
});
