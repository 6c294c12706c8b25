/**
 * The other branches of the receive-path rules (receivePath.ts; reference §6.7, §6.8, "Delivery
 * Algorithm") and of the intermediate driver's receive relay (imRelays.ts, §7.5), on the rule bench:
 * everyRule.test.ts gives each rule one breaking case and checks only that it fired. Here each finding
 * is asserted whole (rule, layer blamed, detail, objects), with the results a receive indication may not
 * return, a zero-byte posted buffer (never has to be filled), and an intermediate driver that changes
 * only BytesConsumed on the way down.
 */
import { describe, expect, it } from 'vitest';
import { nblText } from '../../../src/ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS, NdisStatusEnum } from '../../../src/ndis/NDIS_STATUS.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { Bench, HOST_IM1, IM1_TARGET, offloaded, throughIm1 } from './ruleBench.js';

const { NDIS_STATUS_SUCCESS: SUCCESS } = NDIS_STATUS;
const NOT_ACCEPTED = NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED;
const PARTIAL = NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED;
const f = (status: number) => NdisStatusEnum.format(status);

/** The findings of one rule: layer blamed, detail, objects. */
const foundBy = (b: Bench, rule: string) => b.violations.filter((v) => v.rule === rule).map((v) => [v.layer, v.detail, v.objects]);

describe('receive-indication-status-success', () => {
  it('names the caller, the NBL and the Status argument', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const n = b.indicate(T, 0, 100, undefined, NDIS_STATUS.NDIS_STATUS_RESOURCES);
    expect(foundBy(b, 'receive-indication-status-success')).toEqual([
      ['target', `target indicated ${nblText(n)} with Status ${f(NDIS_STATUS.NDIS_STATUS_RESOURCES)}`, ['tcp 1']],
    ]);
  });
});

describe('receive-indication-result-legal', () => {
  const RULE = 'receive-indication-result-legal';

  it.each([
    ['NOT_ACCEPTED with bytes consumed', NOT_ACCEPTED, 10],
    ['PARTIALLY_ACCEPTED with none consumed', PARTIAL, 0],
    ['a status that is none of the three', NDIS_STATUS.NDIS_STATUS_FAILURE, 40],
  ] as const)('%s', (_, Status, BytesConsumed) => {
    const b = new Bench();
    const { T } = offloaded(b);
    const n = b.indicate(T, 0, 100, { Status, BytesConsumed });
    expect(foundBy(b, RULE)).toEqual([['host', `host returned ${f(Status)} with BytesConsumed ${BytesConsumed} for ${nblText(n)} (100 bytes offered)`, ['tcp 1']]]);
  });

  it('NOT_ACCEPTED with none consumed and PARTIALLY_ACCEPTED with some are legal', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.indicate(T, 0, 100, { Status: NOT_ACCEPTED, BytesConsumed: 0 });
    b.indicate(T, 0, 100, { Status: PARTIAL, BytesConsumed: 1 });
    expect(foundBy(b, RULE)).toEqual([]);
  });
});

describe('receive-data-in-order', () => {
  const RULE = 'receive-data-in-order';

  it('an indication that skips bytes names the connection', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const n = b.indicate(T, 10, 50);
    expect(foundBy(b, RULE)).toEqual([['target', `target indicated ${nblText(n)}; the data delivered so far ends at 0`, ['tcp 1']]]);
  });

  it('a completed buffer that skips bytes: one finding, naming the call, the buffer and where the data ended', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const r = b.post(T);
    b.receiveComplete(SUCCESS, b.fill(r, 30, 20));
    expect(foundBy(b, RULE)).toEqual([
      ['target', `NdisTcpOffloadReceiveComplete of ${nblText(r)}, filled from 30; the data delivered so far ends at 0`, ['tcp 1']],
    ]);
  });
});

describe('no-receive-data-after-disconnect-indication', () => {
  it('a buffer completed with data after the Disconnect: one finding, naming the call and the buffer', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const r = b.post(T);
    b.event(T, E.TcpIndicateDisconnect);
    b.receiveComplete(SUCCESS, b.fill(r, 0, 20));
    expect(foundBy(b, 'no-receive-data-after-disconnect-indication')).toEqual([
      ['target', `NdisTcpOffloadReceiveComplete of ${nblText(r)}, data after TcpIndicateDisconnect`, ['tcp 1']],
    ]);
  });
});

describe('receive-return-of-lent-nbl and receive-return-returns-success', () => {
  it('an NBL returned twice: one finding naming the caller and the NBL', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const kept = b.indicate(T, 0, 100);
    b.receiveReturn([kept]);
    b.receiveReturn([kept]);
    expect(foundBy(b, 'receive-return-of-lent-nbl')).toEqual([
      ['host', `host returned ${nblText(kept)}, which was not lent to it through this binding (returned before, or never indicated with SUCCESS)`, ['tcp 1']],
    ]);
  });

  it('a target that does not return SUCCESS is named once per connection returned', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const kept = [b.indicate(T, 0, 100), b.indicate(T, 100, 100)];
    b.receiveReturn(kept, NDIS_STATUS.NDIS_STATUS_PENDING);
    expect(foundBy(b, 'receive-return-returns-success')).toEqual([
      ['target', `target returned ${f(NDIS_STATUS.NDIS_STATUS_PENDING)} from MiniportTcpOffloadReceiveReturn`, ['tcp 1']],
    ]);
  });
});

describe('posted-receives-filled-before-indication', () => {
  const RULE = 'posted-receives-filled-before-indication';

  it('names every posted buffer still waiting', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const [r1, r2] = [b.post(T), b.post(T)];
    const n = b.indicate(T, 0, 40);
    expect(foundBy(b, RULE)).toEqual([['target', `target indicated ${nblText(n)} while NBL#${r1.id}, NBL#${r2.id}, posted before it, was not filled and completed`, ['tcp 1']]]);
  });

  it('a zero-byte buffer never has to be filled first', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.post(T, 0);
    b.indicate(T, 0, 40);
    expect(foundBy(b, RULE)).toEqual([]);
  });
});

describe('im-relays-receive-indication', () => {
  it('an intermediate driver that returns the Status from above but another BytesConsumed is blamed', () => {
    const b = new Bench();
    const { host, im } = throughIm1(b);
    const n = b.nbl('tcp 1', 0, 100);
    b.at(IM1_TARGET).offer(im.T, n);
    b.at(HOST_IM1).offer(host.T, n);
    b.answer(host.T, n, { Status: PARTIAL, BytesConsumed: 40 });
    b.at(IM1_TARGET).answer(im.T, n, { Status: PARTIAL, BytesConsumed: 60 });
    expect(foundBy(b, 'im-relays-receive-indication')).toEqual([
      ['IM1', `IM1 returned ${f(PARTIAL)} with BytesConsumed 60 for ${nblText(n)}; the layer above returned ${f(PARTIAL)} with BytesConsumed 40`, ['tcp 1']],
    ]);
  });
});
