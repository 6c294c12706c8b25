/**
 * The other branches of the closing rules (closing.ts; reference §6.9, §8 items 11 and 13), on the rule
 * bench: everyRule.test.ts gives each one breaking case, orderingRules.test.ts the quiet full runs. Here:
 * another event while the FIN's data is still below, a handle never offloaded, an intermediate driver
 * that holds the data it got (blamed) or passes on a Disconnect the target raised too early (not
 * blamed), and the operations whose FAILURE on a reset connection is no finding of the resources rule.
 */
import { describe, expect, it } from 'vitest';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { Bench, HOST_IM1, IM1_TARGET, initiating, offloaded, tcp, throughIm1 } from './ruleBench.js';

const FIN_RULE = 'disconnect-indicated-after-data-before-fin';
const RESOURCES_RULE = 'resources-kept-until-terminate';

/** The findings of one rule: layer blamed, detail, objects. */
const foundBy = (b: Bench, rule: string) => b.violations.filter((v) => v.rule === rule).map((v) => [v.layer, v.detail, v.objects]);

/** The peer sends 100 bytes and its FIN; the target ACKs them (the FIN sits at 100). */
function peerFinAfter100(b: Bench): void {
  b.segment('peer', 'tcp 1', { seq: 0, len: 100, ack: 0, fin: true });
  b.segment('target', 'tcp 1', { seq: 0, len: 0, ack: 101 });
}

describe(FIN_RULE, () => {
  it('judges TcpIndicateDisconnect only: another event while the data before the FIN is still in the target is no finding', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    peerFinAfter100(b);
    b.event(T, E.TcpIndicateSendBacklogChange, 1000);
    b.event(T, E.TcpIndicateRetrieve, R.LowActivity);
    expect(foundBy(b, FIN_RULE)).toEqual([]);
  });

  it('a TcpIndicateDisconnect on a handle never offloaded is indication-on-known-connection\'s finding alone', () => {
    const b = new Bench();
    const { T2 } = offloaded(b);
    peerFinAfter100(b);
    b.event(T2, E.TcpIndicateDisconnect);
    expect(b.violations.map((v) => v.rule)).toEqual(['indication-on-known-connection']);
  });

  it('an intermediate driver that got the data before the FIN and passes the Disconnect up without it is blamed', () => {
    const b = new Bench();
    const { host, im } = throughIm1(b);
    b.at(IM1_TARGET);
    peerFinAfter100(b);
    b.indicate(im.T, 0, 100); // all 100 bytes went up to IM1, and the Disconnect after them
    b.event(im.T, E.TcpIndicateDisconnect);
    b.at(HOST_IM1).event(host.T, E.TcpIndicateDisconnect); // IM1 kept the data
    expect(foundBy(b, FIN_RULE)).toEqual([['IM1', "TcpIndicateDisconnect while bytes [0, 100) before the peer's FIN have not gone up through this binding", ['tcp 1']]]);
  });

  it('an intermediate driver that passes up a Disconnect the target raised too early is not blamed: the target is, below it', () => {
    const b = new Bench();
    const { host, im } = throughIm1(b);
    b.at(IM1_TARGET);
    peerFinAfter100(b);
    b.indicate(im.T, 0, 40);
    b.event(im.T, E.TcpIndicateDisconnect);
    b.at(HOST_IM1).indicate(host.T, 0, 40);
    b.event(host.T, E.TcpIndicateDisconnect);
    expect(foundBy(b, FIN_RULE)).toEqual([['target', "TcpIndicateDisconnect while bytes [40, 100) before the peer's FIN have not gone up through this binding", ['tcp 1']]]);
  });
});

describe(RESOURCES_RULE, () => {
  it('an invalidate of a reset connection may fail: it asks for nothing back', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.event(T, E.TcpIndicateAbort);
    b.complete(b.request('Invalidate', tcp(T)), NDIS_STATUS.NDIS_STATUS_FAILURE);
    expect(foundBy(b, RESOURCES_RULE)).toEqual([]);
  });

  it('an initiate that fails keeps nothing, reset or not', () => {
    const b = new Bench();
    const { T, call } = initiating(b);
    b.event(T, E.TcpIndicateAbort); // too early (another rule's finding), but it resets the connection
    b.complete(call, { 'tcp 1': NDIS_STATUS.NDIS_STATUS_FAILURE });
    expect(foundBy(b, RESOURCES_RULE)).toEqual([]);
  });

  it('a query of a handle never offloaded that fails is operation-on-offloaded-object\'s finding alone', () => {
    const b = new Bench();
    const { T2 } = offloaded(b);
    b.complete(b.query(tcp(T2)), NDIS_STATUS.NDIS_STATUS_FAILURE);
    expect(b.violations.map((v) => v.rule)).toEqual(['operation-on-offloaded-object']);
  });

  it('a query of a reset connection that fails is found, blamed on the target', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.event(T, E.TcpIndicateAbort);
    b.complete(b.query(tcp(T)), NDIS_STATUS.NDIS_STATUS_FAILURE);
    expect(foundBy(b, RESOURCES_RULE)).toEqual([
      ['target', 'Query completed with NDIS_STATUS_FAILURE on a connection that was reset: the target let its state go before the host terminated it', ['tcp 1']],
    ]);
  });
});
