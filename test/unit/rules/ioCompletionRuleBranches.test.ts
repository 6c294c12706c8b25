/**
 * The other branches of the data I/O completion rules (ioCompletions.ts; reference §6.6-§6.9), on the
 * rule bench: everyRule.test.ts gives each rule one breaking case and checks only that the rule fired.
 * Here each finding is asserted whole (rule, layer blamed, detail, objects), and each rule meets the
 * neighbouring cases it must let pass: receives completing out of order, a send failing out of order,
 * several NBLs of one completion call, an earlier NBL of the list still outstanding, succeeded, or
 * written PENDING.
 */
import { describe, expect, it } from 'vitest';
import type { NET_BUFFER_LIST } from '../../../src/ndis/NET_BUFFER_LIST.js';
import { nblText } from '../../../src/ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS, NdisStatusEnum } from '../../../src/ndis/NDIS_STATUS.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { Bench, offloaded } from './ruleBench.js';

const { NDIS_STATUS_SUCCESS: SUCCESS, NDIS_STATUS_UPLOAD_IN_PROGRESS: UPLOAD_IN_PROGRESS } = NDIS_STATUS;

/** The findings of one rule: layer blamed, detail, objects. */
const foundBy = (b: Bench, rule: string) => b.violations.filter((v) => v.rule === rule).map((v) => [v.layer, v.detail, v.objects]);

/** One NdisTcpOffloadSendComplete of these NBLs, each with its own Status. */
function sendCompleteWith(b: Bench, ...pairs: Array<[NET_BUFFER_LIST, NDIS_STATUS]>): void {
  for (const [n, status] of pairs) n.Status = status;
  b.deliverCompletion('NdisTcpOffloadSendComplete', ...pairs.map(([n]) => n));
}

describe('send-completions-in-order', () => {
  const RULE = 'send-completions-in-order';

  it('names every NBL posted earlier and still outstanding', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const [a, c, late] = [b.send(T), b.send(T), b.send(T)];
    b.sendComplete(late);
    expect(foundBy(b, RULE)).toEqual([['target', `${nblText(late)} completed with SUCCESS before NBL#${a.id}, NBL#${c.id}, posted earlier`, ['tcp 1']]]);
  });

  it('in one completion call, only the NBLs before it in the chain are not left behind', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const [a, mid, c] = [b.send(T), b.send(T), b.send(T)];
    sendCompleteWith(b, [c, SUCCESS], [a, SUCCESS]); // c first: a is still behind it
    expect(foundBy(b, RULE)).toEqual([['target', `${nblText(c)} completed with SUCCESS before NBL#${a.id}, NBL#${mid.id}, posted earlier`, ['tcp 1']]]);
  });

  it('an NBL earlier in the same call counts only for itself, not for another still outstanding', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const [a, mid, c] = [b.send(T), b.send(T), b.send(T)];
    sendCompleteWith(b, [a, SUCCESS], [c, SUCCESS]);
    expect(foundBy(b, RULE)).toEqual([['target', `${nblText(c)} completed with SUCCESS before NBL#${mid.id}, posted earlier`, ['tcp 1']]]);
  });

  it('a send that fails may complete before earlier ones', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.send(T);
    const later = b.send(T);
    b.completeWith('NdisTcpOffloadSendComplete', UPLOAD_IN_PROGRESS, later);
    expect(foundBy(b, RULE)).toEqual([]);
  });

  it('judges sends only: receive buffers may complete out of order', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.post(T);
    const second = b.post(T);
    b.receiveComplete(SUCCESS, second);
    expect(foundBy(b, RULE)).toEqual([]);
  });
});

describe('receive-after-disconnect-invalid-state', () => {
  it('one finding per buffer posted after the Disconnect that completes with SUCCESS', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.event(T, E.TcpIndicateDisconnect);
    const [r1, r2] = [b.post(T), b.post(T)];
    b.receiveComplete(SUCCESS, r1, r2);
    expect(foundBy(b, 'receive-after-disconnect-invalid-state')).toEqual(
      [r1, r2].map((n) => ['target', `NdisTcpOffloadReceiveComplete of ${nblText(n)} with ${NdisStatusEnum.format(SUCCESS)}; it was posted after TcpIndicateDisconnect`, ['tcp 1']]),
    );
  });
});

describe('io-aborted-after-abort', () => {
  it('names the call, the NBL and the status it completed with', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const sent = b.send(T);
    b.event(T, E.TcpIndicateAbort);
    b.completeWith('NdisTcpOffloadSendComplete', UPLOAD_IN_PROGRESS, sent);
    expect(foundBy(b, 'io-aborted-after-abort')).toEqual([
      ['target', `NdisTcpOffloadSendComplete of ${nblText(sent)} with ${NdisStatusEnum.format(UPLOAD_IN_PROGRESS)}; it was outstanding when TcpIndicateAbort was raised`, ['tcp 1']],
    ]);
  });
});

describe('send-list-fails-after-first-failure', () => {
  const RULE = 'send-list-fails-after-first-failure';

  it('an earlier NBL of the list failed in the same completion call: the finding names both', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const [first, second] = b.sendList(T, 2);
    sendCompleteWith(b, [first!, UPLOAD_IN_PROGRESS], [second!, SUCCESS]);
    expect(foundBy(b, RULE)).toEqual([
      ['target', `${nblText(second!)} completed with SUCCESS after NBL#${first!.id}, earlier in the same posted list, failed with ${NdisStatusEnum.format(UPLOAD_IN_PROGRESS)}`, ['tcp 1']],
    ]);
  });

  it('a later NBL of the list failing after it is no reason: only earlier ones count', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const [first, second] = b.sendList(T, 2);
    sendCompleteWith(b, [second!, UPLOAD_IN_PROGRESS], [first!, SUCCESS]);
    expect(foundBy(b, RULE)).toEqual([]);
  });

  it('an earlier NBL that succeeded, is still outstanding, or is written PENDING has not failed', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const [a1, a2] = b.sendList(T, 2);
    sendCompleteWith(b, [a1!, SUCCESS], [a2!, SUCCESS]);
    const [c1, c2] = b.sendList(T, 2);
    sendCompleteWith(b, [c2!, SUCCESS]); // c1 still outstanding (send-completions-in-order's finding)
    sendCompleteWith(b, [c1!, NDIS_STATUS.NDIS_STATUS_PENDING]);
    const [d1, d2] = b.sendList(T, 2);
    sendCompleteWith(b, [d1!, NDIS_STATUS.NDIS_STATUS_PENDING], [d2!, SUCCESS]);
    expect(foundBy(b, RULE)).toEqual([]);
  });

  it('another NBL of the call that failed is not the list\'s earlier NBL', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const [, second] = b.sendList(T, 2);
    const other = b.send(T);
    sendCompleteWith(b, [other, UPLOAD_IN_PROGRESS], [second!, SUCCESS]);
    expect(foundBy(b, RULE)).toEqual([]);
  });

  it('an NBL still outstanding at the time is not failed, even if it fails later in the same call', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const [first, second] = b.sendList(T, 2);
    sendCompleteWith(b, [second!, SUCCESS], [first!, UPLOAD_IN_PROGRESS]);
    expect(foundBy(b, RULE)).toEqual([]);
    expect(b.ruleIds()).toEqual(['send-completions-in-order']);
  });

  it('judges NdisTcpOffloadSendComplete only: send NBLs a target completes through another function are other rules\' findings', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const [first, second] = b.sendList(T, 2);
    b.completeWith('NdisTcpOffloadDisconnectComplete', UPLOAD_IN_PROGRESS, first!);
    b.completeWith('NdisTcpOffloadDisconnectComplete', SUCCESS, second!);
    expect(foundBy(b, RULE)).toEqual([]);
  });
});
