/**
 * Predict-then-step: the question asked before a frame is shown. When the frame changes the state of
 * a connection in the host, the learner predicts that state (offload or TCP region); otherwise, when it
 * makes NDIS calls, which handler NDIS calls first, in which layer. The answer is what the run did, and the why is the events
 * that did it. Choices are in a fixed order, so a report is the same every time it is built.
 */
import { OFFLOAD_STATE_NAMES } from '../machines/offloadStateMachine.js';
import type { CallEvent, TraceEvent } from '../trace/TraceEvent.js';
import type { Prediction } from './ReportData.js';

/** TCP states offered beside the right one: the ones a chimney connection moves between. */
const TCP_CHOICES = ['ESTABLISHED', 'CLOSE_WAIT', 'FIN_WAIT_1', 'FIN_WAIT_2', 'LAST_ACK', 'CLOSED'] as const;

/**
 * The question for a frame made by `title` (what is about to happen, shown with the question) whose
 * events are `events`; `calls` are the handlers the whole run calls, as `handler in layer` (distractors). Undefined when
 * the frame changes nothing worth predicting.
 */
export function predictionFor(title: string, events: readonly TraceEvent[], calls: readonly string[], salt: number): Prediction | undefined {
  const changes = events.filter((e) => e.kind === 'stateChange' && e.layer === 'host' && e.object.startsWith('tcp ') && e.region !== 'adapter');
  const last = changes.at(-1);
  if (last?.kind === 'stateChange') {
    const final = changes.filter((e) => e.kind === 'stateChange' && e.object === last.object && e.region === last.region).at(-1);
    const to = final?.kind === 'stateChange' ? final.to : last.to;
    const pool = last.region === 'offload' ? [...OFFLOAD_STATE_NAMES] : [...TCP_CHOICES];
    const region = last.region === 'offload' ? 'offload state (TCP_CONNECTION_OFFLOAD_STATE)' : 'TCP state (TCPSTATE)';
    const why = changes.filter((e) => e.kind === 'stateChange' && e.object === last.object && e.region === last.region).map((e) => (e.kind === 'stateChange' ? `${e.from} → ${e.to}` : ''));
    const cause = events.find((e) => e.kind === 'call');
    return {
      question: `Next: ${title}. What is the host's ${region} of ${last.object} afterwards?`,
      ...choose(to, pool, salt),
      why: `${last.object} goes ${why.join(', then ')}${cause?.kind === 'call' ? `, when NDIS calls ${cause.handler} in ${cause.callee} (${cause.caller} called ${cause.fn})` : ''}.`,
    };
  }
  const first = events.find((e) => e.kind === 'call');
  if (first?.kind !== 'call') return undefined;
  const right = handlerIn(first);
  const pool = [right, ...calls.filter((c) => c !== right)].slice(0, 4);
  if (pool.length < 2) return undefined;
  return {
    question: `Next: ${title}. Which handler does NDIS call first, and in which layer?`,
    ...choose(right, pool, salt),
    why: `${first.caller} calls ${first.fn}, and NDIS calls ${first.handler} in ${first.callee}${first.objects.length > 0 ? ` about ${first.objects.slice(0, 3).join(', ')}` : ''}.`,
  };
}

/** How a choice names a call: the handler NDIS called, and the layer it called it in. */
export function handlerIn(e: CallEvent): string {
  return `${e.handler} in ${e.callee}`;
}

/** Four choices at most, the right one among them at a place that varies with `salt`. */
function choose(right: string, pool: readonly string[], salt: number): { choices: string[]; answer: number } {
  const others = pool.filter((c) => c !== right).slice(0, 3);
  const answer = salt % (others.length + 1);
  const choices = [...others.slice(0, answer), right, ...others.slice(answer)];
  return { choices, answer };
}
