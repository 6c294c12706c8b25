/**
 * The report page's own script: the stepper (next and back, by button or keyboard), the state of every
 * layer, the connection table, the pending items with "what if" forks, "why not?", predict-then-step
 * and the Mermaid diagram. It runs in the browser: reportHtml inlines it as `(stepperPage)(window)`, so
 * it is one self-contained function that reads the embedded JSON and writes every text through
 * `textContent` (never as HTML), whatever a scenario file holds.
 */
import type { Frame, LayerRow, ReportData, WhyNot } from '../ReportData.js';
import type { PageElement, PageEvent, PageWindow } from './PageDom.js';

export function stepperPage(win: PageWindow): void {
  const doc = win.document;
  const byId = (id: string): PageElement => {
    const found = doc.getElementById(id);
    if (!found) throw new Error(`the report page has no #${id}`);
    return found;
  };
  const el = (tag: string, text?: string, className?: string): PageElement => {
    const e = doc.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (className !== undefined) e.className = className;
    return e;
  };
  const data = JSON.parse(byId('report-data').textContent ?? '') as ReportData;

  const ui = {
    back: byId('back'), next: byId('next'), position: byId('position'), title: byId('frame-title'), line: byId('frame-line'),
    events: byId('events'), checks: byId('checks'), layers: byId('layers'), table: byId('table'), pending: byId('pending'),
    whyNot: byId('why-not'), fork: byId('fork-banner'), forkText: byId('fork-text'), leave: byId('leave-fork'),
    predict: byId('predict'), prediction: byId('prediction'), question: byId('question'), choices: byId('choices'),
    skip: byId('skip'), feedback: byId('feedback'), diagram: byId('diagram'), fit: byId('diagram-fit'),
  };

  /** Where the stepper is: the main run (fork -1) or a fork, and the frame in it. */
  const view = { fork: -1, index: 0 };
  /** Main-run frames whose prediction was answered or skipped. */
  const answered = new Set<number>();
  /** The main-run frame whose prediction is being asked, if one is. */
  let asking: number | null = null;

  const timeline = (): Frame[] => {
    if (view.fork < 0) return data.frames;
    const fork = data.forks[view.fork]!;
    return [data.frames[fork.from]!, ...fork.frames];
  };

  function render(): void {
    const frames = timeline();
    const frame = frames[view.index]!;
    const before = view.index > 0 ? frames[view.index - 1] : undefined;
    ui.position.textContent = view.fork < 0 ? `step ${view.index} of ${frames.length - 1}` : `what-if step ${view.index} of ${frames.length - 1}`;
    ui.back.disabled = view.index === 0 || asking !== null;
    ui.next.disabled = view.index === frames.length - 1 || asking !== null;
    ui.title.textContent = frame.title;
    ui.line.textContent = frame.line === null ? '' : `${data.file}:${frame.line}`;
    renderFork(frames.length);
    renderEvents(frame);
    renderChecks(frame);
    renderLayers(frame.layers, before?.layers);
    renderTable(frame);
    renderPending(frame);
    renderWhyNot(frame.whyNot);
  }

  function renderFork(length: number): void {
    ui.fork.hidden = view.fork < 0;
    if (view.fork < 0) return;
    const fork = data.forks[view.fork]!;
    const cut = fork.truncated ? ` The continuation stops after ${length - 1} deliveries; more items were still pending.` : '';
    ui.forkText.textContent = `What if: pending #${fork.item.id} ${fork.item.label} is delivered at step ${fork.from + 1} instead, then everything still pending, first made first. The scenario's later steps are not replayed.${cut}`;
  }

  function renderEvents(frame: Frame): void {
    ui.events.replaceChildren(...frame.events.map((e) => el('pre', e.lines.join('\n'), `event ${e.kind}`)));
    if (frame.events.length === 0) ui.events.replaceChildren(el('p', 'No trace event: this step changed nothing the trace records.', 'quiet'));
  }

  function renderChecks(frame: Frame): void {
    ui.checks.replaceChildren(...frame.checks.map((c) => el('li', `${c.ok ? '✓' : '✗'} ${c.text}`, c.ok ? 'ok' : 'failed')));
    ui.checks.hidden = frame.checks.length === 0;
  }

  function renderLayers(rows: readonly LayerRow[], previous: readonly LayerRow[] | undefined): void {
    const was = new Map((previous ?? []).map((r) => [`${r.layer}|${r.object}|${r.region}`, r.state]));
    ui.layers.replaceChildren(
      ...rows.map((r) => {
        const tr = el('tr');
        const old = was.get(`${r.layer}|${r.object}|${r.region}`);
        const changed = previous !== undefined && old !== r.state;
        tr.className = changed ? 'changed' : '';
        tr.dataset.layer = r.layer;
        tr.dataset.object = r.object;
        tr.dataset.region = r.region;
        tr.appendChild(el('td', r.layer));
        tr.appendChild(el('td', r.object));
        tr.appendChild(el('td', r.region));
        tr.appendChild(el('td', changed && old !== undefined ? `${r.state} (was ${old})` : r.state, 'state'));
        return tr;
      }),
    );
  }

  function renderTable(frame: Frame): void {
    ui.table.replaceChildren(
      ...frame.table.map((r) => {
        const tr = el('tr');
        for (const cell of [r.local, r.remote, r.state, r.offload, String(r.pid)]) tr.appendChild(el('td', cell));
        return tr;
      }),
    );
    if (frame.table.length === 0) ui.table.replaceChildren(el('tr', 'no connections'));
  }

  function renderPending(frame: Frame): void {
    const items: PageElement[] = [];
    const nextFrame = view.fork < 0 ? data.frames[view.index + 1] : undefined;
    const forks = view.fork < 0 ? frame.forks : [];
    for (const p of frame.pending) {
      const li = el('li');
      li.appendChild(el('span', `#${p.id} ${p.label}`, 'label'));
      li.appendChild(el('span', ` from ${p.caller}`, 'quiet'));
      if (p.waits !== undefined) li.appendChild(el('div', p.waits, 'waits'));
      else if (nextFrame?.kind === 'delivery' && nextFrame.title.startsWith(`deliver #${p.id} `) && asking === null) li.appendChild(el('div', 'the run delivers this one next', 'chosen'));
      const fork = forks.find((k) => data.forks[k]!.item.id === p.id);
      if (fork !== undefined) {
        const button = el('button', 'What if this one is delivered next?', 'fork');
        button.dataset.fork = String(fork);
        button.addEventListener('click', () => enterFork(fork));
        li.appendChild(button);
      }
      items.push(li);
    }
    if (items.length === 0) items.push(el('li', 'Nothing is pending.', 'quiet'));
    if (view.fork < 0 && frame.forkNote !== undefined) items.push(el('li', frame.forkNote, 'note'));
    ui.pending.replaceChildren(...items);
  }

  function renderWhyNot(rows: readonly WhyNot[]): void {
    const groups: [WhyNot['because'], string][] = [
      ['rule', 'A documented rule says no'],
      ['refused', 'The simulation refuses it'],
      ['state', 'The state says no'],
      ['guard', 'A guard decides'],
    ];
    ui.whyNot.replaceChildren(
      ...groups.flatMap(([because, heading]) => {
        const mine = rows.filter((r) => r.because === because);
        if (mine.length === 0) return [];
        const details = el('details');
        details.dataset.because = because;
        details.open = because === 'rule' || because === 'refused';
        details.appendChild(el('summary', `${heading} (${mine.length})`));
        const list = el('ul');
        for (const r of mine) {
          const li = el('li');
          li.appendChild(el('code', r.action));
          li.appendChild(el('span', ` — ${r.why}`));
          list.appendChild(li);
        }
        details.appendChild(list);
        return [details];
      }),
    );
    if (rows.length === 0) ui.whyNot.replaceChildren(el('p', 'Not judged at this step.', 'quiet'));
  }

  function go(index: number): void {
    const frames = timeline();
    if (asking !== null || index < 0 || index >= frames.length) return;
    if (index === view.index + 1 && view.fork < 0 && ui.predict.checked) {
      const frame = frames[index]!;
      if (frame.prediction && !answered.has(index)) {
        ask(index);
        return;
      }
    }
    ui.feedback.hidden = true;
    view.index = index;
    render();
  }

  function ask(index: number): void {
    const p = data.frames[index]!.prediction!;
    asking = index;
    ui.prediction.hidden = false;
    ui.feedback.hidden = true;
    ui.question.textContent = p.question;
    ui.choices.replaceChildren(
      ...p.choices.map((c, k) => {
        const button = el('button', `${k + 1}. ${c}`, 'choice');
        button.dataset.choice = String(k);
        button.addEventListener('click', () => answer(k));
        return button;
      }),
    );
    render();
    ui.choices.dataset.ready = 'yes';
  }

  /** The learner picked choice `k` (or skipped, -1): say right or wrong and why, then show the frame. */
  function answer(k: number): void {
    if (asking === null) return;
    const index = asking;
    const p = data.frames[index]!.prediction!;
    asking = null;
    answered.add(index);
    ui.prediction.hidden = true;
    const right = k === p.answer;
    ui.feedback.hidden = false;
    ui.feedback.className = k < 0 ? 'feedback' : right ? 'feedback right' : 'feedback wrong';
    const verdict = k < 0 ? `The answer: ${p.choices[p.answer]}.` : right ? `Right: ${p.choices[p.answer]}.` : `Not quite: you said ${p.choices[k]}, and it is ${p.choices[p.answer]}.`;
    ui.feedback.textContent = `${verdict} Why: ${p.why}`;
    view.index = index;
    render();
  }

  function enterFork(fork: number): void {
    if (asking !== null) return;
    ui.feedback.hidden = true;
    view.fork = fork;
    view.index = 1;
    render();
    ui.leave.focus();
  }

  function leaveFork(): void {
    if (view.fork < 0) return;
    view.index = data.forks[view.fork]!.from;
    view.fork = -1;
    render();
  }

  ui.back.addEventListener('click', () => go(view.index - 1));
  ui.next.addEventListener('click', () => go(view.index + 1));
  ui.leave.addEventListener('click', leaveFork);
  ui.skip.addEventListener('click', () => answer(-1));
  ui.fit.addEventListener('click', () => {
    const fit = ui.diagram.classList.toggle('fit');
    ui.fit.textContent = fit ? 'Actual size' : 'Fit to width';
  });
  doc.addEventListener('keydown', (e: PageEvent) => {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    if (asking !== null) {
      const k = Number(e.key) - 1;
      const p = data.frames[asking]!.prediction!;
      if (Number.isInteger(k) && k >= 0 && k < p.choices.length) answer(k);
      else if (e.key === 'Escape') answer(-1);
      return;
    }
    if (e.key === 'ArrowRight' || e.key === 'n') go(view.index + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'p') go(view.index - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'Escape') leaveFork();
    else return;
    e.preventDefault();
  });

  render();
  drawDiagram();

  function drawDiagram(): void {
    const mermaid = win.mermaid;
    const done = (state: string, text?: string) => {
      ui.diagram.dataset.state = state;
      if (text !== undefined) ui.diagram.appendChild(el('p', text, 'note'));
    };
    if (!mermaid) return done('failed', 'Mermaid did not load: the sequence diagram is not drawn.');
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', maxTextSize: 1_000_000, sequence: { useMaxWidth: false } });
    const nodes = data.diagram.map((text, k) => {
      if (data.diagram.length > 1) ui.diagram.appendChild(el('h3', `Part ${k + 1} of ${data.diagram.length}`));
      return ui.diagram.appendChild(el('pre', text, 'mermaid'));
    });
    mermaid.run({ nodes }).then(
      () => done('rendered'),
      (e: unknown) => done('failed', `Mermaid could not draw the diagram: ${e instanceof Error ? e.message : String(e)}`),
    );
  }
}
