/**
 * A random step of the properties (test/property/randomSteps.ts) as the scenario step that does the
 * same thing, worked out before the step is performed: a `deliver` pick names the pending item it
 * delivers, and a step the properties skip (a target indication the target would not make, data from
 * a peer that closed) is no step at all. So a fuzzing run can be written as a scenario.
 */
import { NdisStatusEnum } from '../../src/ndis/NDIS_STATUS.js';
import { TcpUploadReasonEnum } from '../../src/ndis/TCP_UPLOAD_REASON.js';
import { deliverStepFor } from '../../src/check/engine/deliverStepFor.js';
import type { ActionStep } from '../../src/scenario/performStep.js';
import type { Simulation } from '../../src/system/Simulation.js';
import { CONNECTIONS, targetMayIndicate, type Step } from '../../test/property/randomSteps.js';

const IDS = CONNECTIONS.map((c) => c.id);

/** The scenario step that performs `s` on `sim` as it stands, or null when the properties skip it here. */
export function scenarioStepOf(sim: Simulation, s: Step): ActionStep | null {
  switch (s.kind) {
    case 'send':
      return { send: { connection: s.id, bytes: s.bytes } };
    case 'offload':
      return { offload: [s.id] };
    case 'upload':
      return { upload: [s.id] };
    case 'retrieve':
      if (!targetMayIndicate(sim, s.id, s.reason)) return null;
      return { indicate: { connection: s.id, event: 'TcpIndicateRetrieve', reason: nameOf(TcpUploadReasonEnum, s.reason) } };
    case 'backlog':
      if (!targetMayIndicate(sim, s.id)) return null;
      return { indicate: { connection: s.id, event: 'TcpIndicateSendBacklogChange', bytes: s.bytes } };
    case 'status':
      return { status: nameOf(NdisStatusEnum, s.code) as Extract<ActionStep, { status: unknown }>['status'] };
    case 'fin':
      return { 'peer-fin': s.id };
    case 'close':
      return { disconnect: { connection: s.id, abortive: s.abortive } };
    case 'rst':
      return { 'peer-rst': { connection: s.id, 'out-of-window': s.outOfWindow } };
    case 'peerSend': {
      const peer = sim.peerView(s.id);
      if (peer.finSent || peer.reset) return null;
      return { 'peer-send': { connection: s.id, bytes: s.bytes, push: s.push, urgent: s.urgent, ...(s.ignoreWindow ? { 'ignore-window': true } : {}) } };
    }
    case 'peerWindow':
      return { 'peer-window': { connection: s.id, window: s.window } };
    case 'post':
      return { receive: { connection: s.id, bytes: s.bytes, 'no-push': s.noPush } };
    case 'read':
      return { read: s.bytes === undefined ? { connection: s.id } : { connection: s.id, bytes: s.bytes } };
    case 'corrupt':
      return { 'hardware-failure': s.id };
    case 'query':
      return { query: s.id };
    case 'update':
      return { update: { connection: s.id, cached: { TtlOrHopLimit: 64 } } };
    case 'invalidate':
      return { invalidate: { connection: s.id, object: s.layer === 'Tcp' ? 'tcp' : s.layer === 'Path' ? 'path' : 'neighbor' } };
    case 'relink':
      return { relink: { connection: s.id, 'next-hop': s.nextHop } };
    case 'neighborQuery':
      return { 'neighbor-query': { connection: s.id, nrd: 1_000 } };
    case 'deliver': {
      const enabled = sim.pending();
      return enabled.length === 0 ? null : deliverStepFor(sim, enabled[s.pick % enabled.length]!, IDS);
    }
    case 'deliverAll':
      return { deliver: 'all' };
  }
}

function nameOf(e: { nameOf(value: number): string | undefined; typeName: string }, value: number): string {
  const name = e.nameOf(value);
  if (name === undefined) throw new Error(`${value} is not a ${e.typeName} value`);
  return name;
}
