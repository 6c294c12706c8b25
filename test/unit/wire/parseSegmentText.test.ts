import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSegmentText } from '../../../src/wire/parseSegmentText.js';
import { segmentText, type Segment } from '../../../src/wire/Segment.js';

const CONNECTION = { localAddress: '10.0.0.1', localPort: 1, remoteAddress: '10.0.0.2', remotePort: 2 };

describe('parseSegmentText', () => {
  it('is the inverse of segmentText for every segment', () => {
    const flag = fc.option(fc.constant(true as const), { nil: undefined });
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.option(fc.nat(), { nil: null }), fc.option(fc.nat(), { nil: undefined }), flag, flag, flag, flag, (seq, len, ack, wnd, psh, urg, fin, rst) => {
        const s: Segment = { connection: CONNECTION, seq, len, ack, ...(wnd !== undefined ? { wnd } : {}), ...(psh ? { psh } : {}), ...(urg ? { urg } : {}), ...(fin ? { fin } : {}), ...(rst ? { rst } : {}) };
        const { connection: _, ...fields } = s;
        expect(parseSegmentText(segmentText(s))).toEqual(fields);
      }),
    );
  });

  it('refuses text that segmentText does not make, saying what it expected', () => {
    expect(() => parseSegmentText('seq 1 ack 2')).toThrow(`not a segment text: "seq 1 ack 2" (expected 'seq N len N [ack N] [win N] [PSH] [URG] [FIN] [RST]')`);
    expect(() => parseSegmentText('seq 1 len 2 SYN')).toThrow('not a segment text');
  });
});
