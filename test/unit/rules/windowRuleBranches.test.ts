/**
 * The other branches of target-sends-within-peer-window (window.ts; RFC 793 p.72): which of the peer's
 * segments set the window the target is judged against. everyRule.test.ts gives the rule one breaking
 * case. Here: a reordered older segment sets no window, a duplicate ACK sets none, and a segment the
 * host forwards (NdisOffloadTcpForward) counts as one the target received, so a stale copy with the same
 * SEG.SEQ and SEG.ACK opens a window the peer had shrunk again (what a target following RFC 793 does).
 * The bench's connection is offloaded with SndUna 0, SndWnd 65535 and SendWL1 0.
 */
import { describe, expect, it } from 'vitest';
import { Bench, HOST_IM1, IM1_TARGET, offloaded, throughIm1 } from './ruleBench.js';

const RULE = 'target-sends-within-peer-window';
const foundBy = (b: Bench) => b.violations.filter((v) => v.rule === RULE).map((v) => v.detail);

describe(RULE, () => {
  it('a reordered segment with an older SEG.SEQ sets no window: the newer one still counts', () => {
    const b = new Bench();
    offloaded(b);
    b.segment('peer', 'tcp 1', { seq: 10, len: 0, ack: 1_000, wnd: 100 });
    b.segment('peer', 'tcp 1', { seq: 5, len: 0, ack: 1_000, wnd: 5_000 });
    b.segment('target', 'tcp 1', { seq: 1_000, len: 200, ack: 0, wnd: 65_535 });
    expect(foundBy(b)).toEqual(['the target sent seq 1000 len 200 ack 0 win 65535: bytes [1100, 1200) are past the right edge 1100 of the peer\'s window']);
  });

  it('a duplicate ACK (below the highest) sets no window', () => {
    const b = new Bench();
    offloaded(b);
    b.segment('peer', 'tcp 1', { seq: 0, len: 0, ack: 1_000, wnd: 100 });
    b.segment('peer', 'tcp 1', { seq: 0, len: 0, ack: 900, wnd: 5_000 });
    b.segment('target', 'tcp 1', { seq: 1_000, len: 200, ack: 0, wnd: 65_535 });
    expect(foundBy(b)).toHaveLength(1);
  });

  it('a newer SEG.SEQ may shrink the window, and the newer window counts', () => {
    const b = new Bench();
    offloaded(b);
    b.segment('peer', 'tcp 1', { seq: 0, len: 0, ack: 1_000, wnd: 5_000 });
    b.segment('peer', 'tcp 1', { seq: 1, len: 0, ack: 1_000, wnd: 100 });
    b.segment('target', 'tcp 1', { seq: 1_000, len: 101, ack: 0, wnd: 65_535 });
    expect(foundBy(b)).toHaveLength(1);
  });

  it('a forwarded copy with the same SEG.SEQ and SEG.ACK takes its window again, as the target does', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.segment('peer', 'tcp 1', { seq: 0, len: 0, ack: 1_000, wnd: 100 });
    b.forward(T, { seq: 0, len: 0, ack: 1_000, wnd: 5_000 });
    b.segment('target', 'tcp 1', { seq: 1_000, len: 200, ack: 0, wnd: 65_535 });
    expect(foundBy(b)).toEqual([]);
  });

  it('a forwarded segment older than what the NIC gave the target sets no window', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.segment('peer', 'tcp 1', { seq: 0, len: 0, ack: 1_000, wnd: 100 });
    b.forward(T, { seq: 0, len: 0, ack: 500, wnd: 5_000 });
    b.segment('target', 'tcp 1', { seq: 1_000, len: 200, ack: 0, wnd: 65_535 });
    expect(foundBy(b)).toHaveLength(1);
  });
});

describe(`${RULE}: SND.UNA and SND.WND kept apart, as RFC 793 keeps them`, () => {
  it('an ACK that fails the window-update test still moves the right edge by what it acknowledges', () => {
    const b = new Bench();
    offloaded(b);
    b.segment('peer', 'tcp 1', { seq: 10, len: 0, ack: 0, wnd: 300 });
    b.segment('peer', 'tcp 1', { seq: 5, len: 0, ack: 300, wnd: 0 }); // older SEG.SEQ: SND.WND stays 300
    b.segment('target', 'tcp 1', { seq: 300, len: 300, ack: 0, wnd: 65_535 });
    expect(foundBy(b)).toEqual([]);
    b.segment('target', 'tcp 1', { seq: 600, len: 1, ack: 0, wnd: 65_535 });
    expect(foundBy(b)).toHaveLength(1);
  });

  it('a segment that starts past the receive window the target advertised sets no window (RFC 793 p.69)', () => {
    const b = new Bench();
    offloaded(b); // RcvNxt 0 + RcvWnd 65535: the right edge the target advertised
    b.segment('peer', 'tcp 1', { seq: 70_000, len: 0, ack: 0, wnd: 100_000 });
    b.segment('target', 'tcp 1', { seq: 0, len: 65_536, ack: 0, wnd: 65_535 });
    expect(foundBy(b)).toHaveLength(1);
    b.segment('peer', 'tcp 1', { seq: 1, len: 0, ack: 0, wnd: 0 }); // SendWL1 did not jump ahead: a later window still counts
    b.segment('target', 'tcp 1', { seq: 0, len: 2, ack: 0, wnd: 65_535 });
    expect(foundBy(b)).toHaveLength(2);
  });
});

describe(`${RULE}: a forwarded segment counts when it reaches the target`, () => {
  it('through an intermediate driver, the crossing into IM1 sets no window; the one into the target does', () => {
    const b = new Bench();
    const { host, im } = throughIm1(b);
    b.at(HOST_IM1).forward(host.T, { seq: 0, len: 0, ack: 0, wnd: 0 }); // the peer's zero window, on its way down
    b.at(IM1_TARGET).segment('target', 'tcp 1', { seq: 0, len: 100, ack: 0, wnd: 65_535 }); // the target cannot know yet
    expect(foundBy(b)).toEqual([]);
    b.at(IM1_TARGET).forward(im.T, { seq: 0, len: 0, ack: 0, wnd: 0 });
    b.at(IM1_TARGET).segment('target', 'tcp 1', { seq: 100, len: 100, ack: 0, wnd: 65_535 });
    expect(foundBy(b)).toHaveLength(1);
  });
});
