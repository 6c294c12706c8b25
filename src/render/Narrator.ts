/**
 * The learner's narration (`chimney demo`, `chimney run --narrate`): the plain narration of each event,
 * and beside each call, in plain words, who called whom with which handle, what the arguments mean (an
 * event's type, an upload reason and whether the host must obey it), the page to read next; beside each
 * state change, what the new state means and why it changed. It remembers what it already said, so a
 * page, a meaning or a handle kind is explained once, and an intermediate driver relaying a call is
 * told as a relay rather than the same sentence again. `legend()` explains the columns, once, at the top.
 */
import { TcpOffloadEventTypeEnum } from '../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import type { CallEvent, StateChangeEvent, TraceEvent } from '../trace/TraceEvent.js';
import { CALL_GUIDE } from './callGuide.js';
import { callSentence, handleOwnerWords, handleSentence, meaningOfArgs, relaySentence } from './explainCall.js';
import { NARRATION_GUTTER, narrate } from './narrate.js';
import { REGION_PAGE, stateMeaning } from './stateChangeMeaning.js';

/** Explanations sit under the call, two columns in, behind this mark. */
export const EXPLANATION_MARK = `${NARRATION_GUTTER}  ↳ `;

/** What the columns and marks mean: printed once, before the first event. */
export function narrationLegend(): string[] {
  return [
    'How to read this:',
    '  seq      the event\'s number in the trace (chimney run --json prints the same events, numbered alike)',
    '  time     virtual time in milliseconds: nothing here depends on the real clock',
    '  A → B    who called whom: layer A called an NDIS function, and NDIS called the handler in layer B',
    '           (host = the host\'s TCP/IP stack, IM1.. = intermediate drivers, target = the offload NIC,',
    '           peer = the remote computer; ⇢ is a TCP segment on the wire)',
    '  F  ⇒  H  F is the function the caller called, H the handler NDIS ran in the callee',
    '  ▶        a command given to the simulation (a scenario step)',
    '  ↳        what the step means in plain words, why it happened, and what to read next',
    '  indented the call\'s arguments by their C names, queued completions, state changes, decisions',
  ];
}

interface LastCall {
  readonly fn: string;
  readonly callee: string;
  readonly handle?: string;
}

export class Narrator {
  private readonly said = new Set<string>();
  private lastCall: LastCall | undefined;
  /** The event before this one, to tell a change from the decision just above it. */
  private previous: TraceEvent | undefined;
  /** The cause of the changes of the current step, as the narration names it. */
  private cause: string | undefined;

  constructor(private readonly explain: boolean) {}

  /** The lines of one event, with its explanation when explaining. */
  narrate(e: TraceEvent): string[] {
    const lines = narrate(e);
    if (this.explain) {
      const extra = this.explanation(e);
      if (extra.length > 0) {
        const at = e.kind === 'call' ? 1 : lines.length; // beside the call: right under its line
        lines.splice(at, 0, ...extra.map((l) => EXPLANATION_MARK + l));
      }
    }
    this.previous = e;
    return lines;
  }

  private explanation(e: TraceEvent): string[] {
    switch (e.kind) {
      case 'call':
        return this.explainCall(e);
      case 'stateChange':
        return this.explainStateChange(e);
      case 'pend':
        return this.once('pend', 'the layer does not call up at once: the call waits in the scheduler\'s queue and is delivered later (asynchronously)');
      case 'segment':
        return this.once('segment', 'a TCP segment crossed the wire; while the connection is offloaded the target, not the host, sends and receives them');
      case 'command':
        this.cause = undefined;
        this.lastCall = undefined;
        return [];
      case 'decision':
        this.cause = `${e.layer} decided: ${e.text}`;
        return [];
      case 'violation': // its own lines name the rule, what broke it and the page: nothing to add
      case 'return':
        return [];
    }
  }

  private explainCall(e: CallEvent): string[] {
    const handle = typeof e.args['NdisOffloadHandle'] === 'string' ? (e.args['NdisOffloadHandle'] as string) : undefined;
    const last = this.lastCall;
    const relay = last !== undefined && last.fn === e.fn && last.callee === e.caller;
    this.lastCall = { fn: e.fn, callee: e.callee, ...(handle !== undefined ? { handle } : {}) };
    const out: string[] = [];
    if (relay) {
      const translated = last.handle !== undefined && handle !== undefined && last.handle !== handle ? `, translating the handle ${last.handle} into ${handle} (${handleOwnerWords(e, handle)})` : '';
      out.push(relaySentence(e) + translated);
    } else {
      out.push(callSentence(e));
      const kind = ['NdisBindingHandle', 'NdisOffloadHandle', 'NdisMiniportHandle'].find((k) => k in e.args);
      const h = handleSentence(e);
      if (h !== undefined && kind !== undefined && !this.said.has(`handle ${kind}`)) {
        this.said.add(`handle ${kind}`);
        out.push(h);
      }
      const meaning = meaningOfArgs(e);
      if (meaning !== undefined) out.push(meaning);
    }
    const type = e.args['EventType'];
    const what = typeof type === 'number' ? ` with ${TcpOffloadEventTypeEnum.format(type)}` : '';
    this.cause = `${e.handler} came in from ${e.caller}${what}`;
    out.push(...this.readNext(CALL_GUIDE[e.fn].read));
    return out;
  }

  private explainStateChange(e: StateChangeEvent): string[] {
    const prev = this.previous;
    // A group of the same change (neighbor, path, tcp together) is explained at its first member.
    if (prev?.kind === 'stateChange' && prev.layer === e.layer && prev.region === e.region && prev.from === e.from && prev.to === e.to) return [];
    const out: string[] = [];
    const key = `${e.region} ${e.from} ${e.to}`;
    const meaning = stateMeaning(e);
    if (meaning !== undefined && !this.said.has(key)) {
      this.said.add(key);
      out.push(meaning);
    }
    // The decision just above already says why; otherwise name the cause of this step.
    if (prev?.kind !== 'decision' && this.cause !== undefined) out.push(`why: ${this.cause}`);
    out.push(...this.readNext(REGION_PAGE[e.region]));
    return out;
  }

  /** `read next: …` the first time a page comes up; nothing after. */
  private readNext(page: string): string[] {
    if (this.said.has(page)) return [];
    this.said.add(page);
    return [`read next: ${page}`];
  }

  private once(key: string, text: string): string[] {
    if (this.said.has(key)) return [];
    this.said.add(key);
    return [text];
  }
}
