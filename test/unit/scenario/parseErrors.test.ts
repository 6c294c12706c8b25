/**
 * Bad scenario files: every problem in a file is reported as `file:line:col: message`, naming what
 * was expected, with the line and column of the mistake; hostile files are refused with a clear
 * message before they can cost much. Nothing here is timed: a bounded cost shows as the test ending.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/scenario/parseScenario.js';
import { formatProblem, ScenarioInputError, type ScenarioProblem } from '../../../src/scenario/ScenarioInputError.js';
import { LIMITS, STEP_KIND_NAMES } from '../../../src/scenario/schema.js';

const FILE = 'bad.yaml';

/** The problems parseScenario reports for `text`; fails the test if it accepts the text or throws anything else. */
function problemsOf(text: string, file = FILE): ScenarioProblem[] {
  let error: unknown;
  try {
    parseScenario(text, file);
  } catch (e) {
    error = e;
  }
  if (error === undefined) throw new Error('expected the scenario to be refused, but it parsed');
  expect(error).toBeInstanceOf(ScenarioInputError);
  const problems = [...(error as ScenarioInputError).problems];
  expect((error as ScenarioInputError).message).toBe(problems.map(formatProblem).join('\n'));
  return problems;
}

/** Lines joined into a file. */
const lines = (...ls: string[]) => ls.join('\n') + '\n';

/** The 1-based line and column of the `nth` occurrence of `token` in the file's text. */
function at(text: string, token: string, nth = 1): { line: number; col: number } {
  let offset = -1;
  for (let i = 0; i < nth; i++) offset = text.indexOf(token, offset + 1);
  if (offset < 0) throw new Error(`'${token}' is not in the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

const where = (p: ScenarioProblem) => ({ line: p.line, col: p.col });

const HEAD = lines('description: a scenario with a mistake', 'connections:', '  - { id: c1, local: 10.0.0.1:49152, remote: 10.0.0.2:443, pid: 4242 }', 'steps:');

describe('every problem of a file, each at its line and column', () => {
  const FIVE = lines(
    'description: five different mistakes',
    'connections:',
    '  - id: c1',
    '    local: 10.0.0.1:49152',
    '    remote: 10.0.0.2:443',
    '    pid: lots',
    'steps:',
    '  - offload: c1',
    '  - jump: c1',
    '  - indicate: { connection: c1, event: TcpIndicateRetreive, reason: LowActivity }',
    '  - upload: c9',
    '  - expect: { connection: c1, offload: Offloaded, ofload: InHost }',
  );

  it('reports five mistakes as five problems, in file order, formatted file:line:col: message', () => {
    const problems = problemsOf(FIVE);
    expect(problems.map(where)).toEqual([at(FIVE, 'lots'), at(FIVE, 'jump'), at(FIVE, 'TcpIndicateRetreive'), at(FIVE, 'c9'), at(FIVE, 'ofload')]);
    expect(problems.map((p) => p.file)).toEqual(Array(5).fill(FILE));
    const [type, kind, name, undeclared, key] = problems.map((p) => p.message);
    expect(type).toMatch(/^connections\.0\.pid: .*expected (a )?number/);
    expect(kind).toBe(`unknown step kind 'jump' (expected one of ${STEP_KIND_NAMES.join(', ')})`);
    expect(name).toMatch(/^steps\.2\.indicate\.event: expected one of TcpIndicateSendBacklogChange, TcpIndicateDisconnect, TcpIndicateRetrieve, TcpIndicateAbort, or a number/);
    expect(undeclared).toBe("connection 'c9' is used but never declared (declared: c1)");
    expect(key).toBe("unknown key 'ofload' (expected connection, offload, tcp, acked, received, called, not-called, status, by, violation, invariant, violations, bytes-lost, pending, table)");
    for (const p of problems) expect(formatProblem(p)).toBe(`${FILE}:${p.line}:${p.col}: ${p.message}`);
  });

  it('reports every YAML syntax error, each at its line, and nothing else', () => {
    const text = lines(
      'description: "bad \\q escape"',
      'connections: []',
      'steps:',
      '  - deliver: all',
      '  - status: NDIS_STATUS_OFFLOAD_PAUSE: now',
      '  - expect: { pending: 0, pending: 1 }',
      '  - deliver: "next" trailing',
    );
    const problems = problemsOf(text);
    expect(problems.map((p) => p.line)).toEqual([1, 5, 6, 7]);
    for (const p of problems) expect(p.message).toMatch(/^YAML syntax: /);
    expect(problems[0]!.message).toBe('YAML syntax: Invalid escape sequence \\q');
    expect(problems[2]).toMatchObject({ ...at(text, 'pending', 2), message: 'YAML syntax: Map keys must be unique' });
  });

  it('reports the line and column of mistakes in a JSON file too', () => {
    const text = '{\n  "description": "json",\n  "connections": [],\n  "steps": [\n    { "jump": "c1" },\n    { "deliver": "al" }\n  ]\n}\n';
    const problems = problemsOf(text, 'bad.json');
    expect(problems.map(where)).toEqual([at(text, '"jump"'), at(text, '"al"')]);
    expect(problems[0]!.message).toMatch(/^unknown step kind 'jump'/);
    expect(problems[1]!.message).toMatch(/^steps\.1\.deliver: expected one of all, next, or a map/);
  });
});

describe('unknown step kinds', () => {
  it('names the unknown kind and every kind there is, at the key', () => {
    const text = HEAD + lines('  - offlaod: c1', '  - deliver: all', '  - wait: 10');
    const problems = problemsOf(text);
    expect(problems.map(where)).toEqual([at(text, 'offlaod'), at(text, 'wait')]);
    expect(problems.map((p) => p.message)).toEqual([
      `unknown step kind 'offlaod' (expected one of ${STEP_KIND_NAMES.join(', ')})`,
      `unknown step kind 'wait' (expected one of ${STEP_KIND_NAMES.join(', ')})`,
    ]);
  });

  it('says a step has exactly one kind when it has two or none', () => {
    const text = HEAD + lines('  - { deliver: all, upload-all: true }', '  - {}');
    const problems = problemsOf(text);
    expect(problems.map((p) => p.line)).toEqual([5, 6]);
    expect(problems[0]!.message).toMatch(/^steps\.0: a step has exactly one kind, got (deliver, upload-all|upload-all, deliver) \(expected one of offload, /);
    expect(problems[1]!.message).toMatch(/^steps\.1: a step has exactly one kind, got none/);
  });
});

describe('unknown enum names', () => {
  const text = lines(
    'description: unknown names',
    'topology: { scheduling: lifo, faults: [host-crashes] }',
    'connections:',
    '  - { id: c1, local: 10.0.0.1:49152, remote: 10.0.0.2:443, pid: 1, state: OPEN }',
    'steps:',
    '  - indicate: { connection: c1, event: TcpIndicateRetrieve, reason: Boredom }',
    '  - fail-next-offload: { connection: c1, status: NDIS_STATUS_OOPS }',
    '  - status: NDIS_STATUS_PAUSE',
    '  - expect: { connection: c1, offload: Offloded }',
    '  - expect: { called: NdisOffload }',
    '  - expect: { violation: no-such-rule }',
    '  - invalidate: { connection: c1, object: route }',
    '  - expect: { table: [ { local: 10.0.0.1:49152, remote: 10.0.0.2:443, state: ESTABLISHED, offload: InHost } ] }',
  );
  const problems = problemsOf(text);
  const cases: Array<[token: string, expected: RegExp]> = [
    ['lifo', /^topology\.scheduling: expected one of fifo, random/],
    ['host-crashes', /^topology\.faults\.0: expected one of host-ignores-mandatory-retrieve, host-offloads-while-paused, im-relays-with-own-handle/],
    ['OPEN', /^connections\.0\.state: expected one of CLOSED, LISTEN, SYN_SENT, SYN_RCVD, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT, or a number/],
    ['Boredom', /^steps\.0\.indicate\.reason: expected one of LowActivity, HighDropRate, SmallIO, NoBufferPreposting, NoBufferProposting, ReceivedUrgentData, .*HardwareFailure, or a number/],
    ['NDIS_STATUS_OOPS', /^steps\.1\.fail-next-offload\.status: expected one of NDIS_STATUS_SUCCESS, .*NDIS_STATUS_OFFLOAD_TCP_ENTRIES, .*or a number/],
    ['NDIS_STATUS_PAUSE', /^steps\.2\.status: expected one of NDIS_STATUS_OFFLOAD_PAUSE, NDIS_STATUS_UPLOAD_ALL, NDIS_STATUS_OFFLOAD_RESUME, or a number, got 'NDIS_STATUS_PAUSE'$/],
    ['Offloded', /^steps\.3\.expect\.offload: expected one of InHost, Offloading, Offloaded, Uploading, or a number/],
    ['NdisOffload', /^steps\.4\.expect\.called: expected one of NdisInitiateOffload, NdisTerminateOffload, .*NdisMIndicateStatusEx, NdisOffloadTcpSend, .*NdisTcpOffloadForwardComplete$/],
    ['no-such-rule', /^steps\.5\.expect\.violation: expected one of complete-once-with-same-root, .*offload-transition-legal$/],
    ['route', /^steps\.6\.invalidate\.object: expected one of tcp, path, neighbor$/],
    ['ESTABLISHED', /^steps\.7\.expect\.table\.0\.state: expected one of CLOSED, LISTEN, SYN_SENT, SYN_RCVD, ESTAB, .*DELETE_TCB, or a number/],
  ];

  it('reports each unknown name once, in file order', () => {
    expect(problems.map(where)).toEqual(cases.map(([token]) => at(text, token)));
  });

  it.each(cases)('names the expected values for %s', (token, expected) => {
    const p = problems.find((q) => q.line === at(text, token).line && q.col === at(text, token).col);
    expect(p?.message).toMatch(expected);
  });

  it('accepts the numbers the documentation gives, and turns them into names', () => {
    const ok = parseScenario(
      HEAD + lines('  - indicate: { connection: c1, event: 3, reason: 4 }', '  - fail-next-offload: { connection: c1, status: 0xC0231004 }', '  - expect: { connection: c1, offload: 2, tcp: 7 }'),
      'ok.yaml',
    );
    expect(ok.scenario.steps).toEqual([
      { indicate: { connection: 'c1', event: 'TcpIndicateRetrieve', reason: 'NoBufferPreposting' } },
      { 'fail-next-offload': { connection: 'c1', status: 'NDIS_STATUS_OFFLOAD_TCP_ENTRIES' } },
      { expect: { connection: 'c1', offload: 'Offloaded', tcp: 'CLOSE_WAIT' } },
    ]);
  });

  it('refuses a number that is not a value where illegal numbers are not kept', () => {
    const text2 = HEAD + lines('  - expect: { connection: c1, offload: 4 }');
    expect(problemsOf(text2)).toEqual([{ file: FILE, ...at(text2, '4 }'), message: 'steps.0.expect.offload: 4 is not a TCP_CONNECTION_OFFLOAD_STATE value (expected one of InHost, Offloading, Offloaded, Uploading)' }]);
  });
});

describe('connections used but never declared', () => {
  it('reports each undeclared id where it is used, with the ids that are declared', () => {
    const text = HEAD + lines(
      '  - offload: [c1, c2]',
      '  - query: c3',
      '  - indicate: { connection: c4, event: TcpIndicateAbort }',
      '  - expect: { connection: c5, offload: InHost }',
      '  - deliver: { call: NdisMInitiateOffloadComplete, connection: c6 }',
      '  - upload: c7',
    );
    const problems = problemsOf(text);
    const ids = ['c2', 'c3', 'c4', 'c5', 'c6', 'c7'];
    expect(problems.map(where)).toEqual(ids.map((id) => at(text, id)));
    expect(problems.map((p) => p.message)).toEqual(ids.map((id) => `connection '${id}' is used but never declared (declared: c1)`));
  });

  it('reports them even when the file has schema problems too', () => {
    const text = HEAD + lines('  - upload: c9', '  - deliver: sometimes');
    expect(problemsOf(text).map((p) => p.line)).toEqual([5, 6]);
  });
});

describe('addresses', () => {
  it('a connection with the endpoints of another, spelled differently, is the same connection', () => {
    const text = lines(
      'description: one 4-tuple twice',
      'connections:',
      '  - { id: c1, local: "[fe80::1]:49152", remote: "[fe80::2]:443", pid: 1 }',
      '  - { id: c2, local: "[FE80:0::0001]:49152", remote: "[fe80:0:0:0:0:0:0:2]:443", pid: 1 }',
      'steps:',
      '  - offload: c1',
    );
    const problems = problemsOf(text);
    expect(problems.map(where)).toEqual([at(text, '{ id: c2')]);
    expect(problems[0]!.message).toBe("connection 'c2' has the same local and remote endpoints as 'c1'");
  });

  it('a next hop of the other family than the remote address is refused at the next hop', () => {
    const text = lines(
      'description: an IPv6 next hop for an IPv4 path',
      'connections:',
      '  - { id: c1, local: 10.0.0.1:49152, remote: 10.0.0.2:443, pid: 1, next-hop: "fe80::fe" }',
      'steps:',
      '  - offload: c1',
    );
    const problems = problemsOf(text);
    expect(problems.map(where)).toEqual([at(text, '"fe80::fe"')]);
    expect(problems[0]!.message).toMatch(/next hop 'fe80::fe' is not of the remote address's family/);
  });

  it('so is a relink to a next hop of the other family, at its next-hop', () => {
    const text = HEAD + lines('  - relink: { connection: c1, next-hop: "fe80::fe" }');
    const problems = problemsOf(text);
    expect(problems.map(where)).toEqual([at(text, '"fe80::fe"')]);
    expect(problems[0]!.message).toBe("next hop 'fe80::fe' is not of the family of c1's remote address 10.0.0.2 (expected both IPv4 or both IPv6)");
  });
});

describe('wrong types', () => {
  const text = lines(
    'description: [a, list]',
    'seed: ten',
    'topology: [1]',
    'connections:',
    '  - { id: c1, local: 10.0.0.1:49152, remote: 10.0.0.2:443, pid: "4242" }',
    'steps:',
    '  - offload: { c1: 1 }',
    '  - neighbor-query: { connection: c1, nrd: x }',
    '  - upload-all: false',
  );
  const problems = problemsOf(text);

  it('reports every one at its value, naming the expected type', () => {
    expect(problems.map(where)).toEqual([at(text, '[a, list]'), at(text, 'ten'), at(text, '[1]'), at(text, '"4242"'), at(text, '{ c1: 1 }'), at(text, 'x }'), at(text, 'false')]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^description: .*expected (a )?string/),
      expect.stringMatching(/^seed: .*expected (a )?number/),
      expect.stringMatching(/^topology: .*expected (a map|object)/),
      expect.stringMatching(/^connections\.0\.pid: .*expected (a )?number/),
      expect.stringMatching(/^steps\.0\.offload: expected a string, or a list/),
      expect.stringMatching(/^steps\.1\.neighbor-query\.nrd: .*expected (a )?number/),
      'steps.2.upload-all: expected one of true',
    ]);
  });

  it('says what is missing, at the map it is missing from', () => {
    const text2 = lines('description: no connections or steps', 'topology: { intermediate-drivers: 2 }');
    expect(problemsOf(text2)).toEqual([
      { file: FILE, line: 1, col: 1, message: 'connections: missing (expected array)' },
      { file: FILE, line: 1, col: 1, message: 'steps: missing (expected array)' },
    ]);
  });

  it('says a file that is not a map is not a scenario', () => {
    for (const text2 of ['', '- a\n- b\n', '42\n']) {
      expect(problemsOf(text2)).toEqual([{ file: FILE, line: 1, col: 1, message: 'expected a scenario: a map with description, connections and steps' }]);
    }
  });

  // src bug: parseScenario calls Scenario.safeParse without { reportInput: true }, so zod 4 leaves
  // `input` out of every issue: a wrong type reads "missing", and every "got ..." reads "got nothing".
  it('says what was found instead (not "missing", not "got nothing")', () => {
    for (const p of problems) {
      expect(p.message).not.toMatch(/missing|got nothing/);
    }
    const five = problemsOf(HEAD + lines('  - indicate: { connection: c1, event: TcpIndicateRetreive }'));
    expect(five[0]!.message).toMatch(/got 'TcpIndicateRetreive'$/);
  });
});

describe('hostile input', () => {
  it(`refuses a file over LIMITS.bytes (${LIMITS.bytes}) bytes before parsing it, counting bytes, not characters`, () => {
    const text = `description: ${'x'.repeat(LIMITS.bytes)}\nconnections: []\nsteps: []\n`;
    expect(problemsOf(text)).toEqual([
      { file: FILE, message: `the file has ${text.length} bytes (as UTF-8); a scenario may have at most ${LIMITS.bytes} bytes (1 MiB)` },
    ]);
    // 600,000 'é' are fewer characters than the limit but 1.2 million bytes.
    const accents = `description: ${'é'.repeat(600_000)}\nconnections: []\nsteps: []\n`;
    expect(accents.length).toBeLessThan(LIMITS.bytes);
    expect(problemsOf(accents)).toEqual([
      { file: FILE, message: `the file has ${Buffer.byteLength(accents)} bytes (as UTF-8); a scenario may have at most ${LIMITS.bytes} bytes (1 MiB)` },
    ]);
  });

  it(`refuses more than LIMITS.steps (${LIMITS.steps}) steps, at the steps list`, () => {
    const text = lines('description: too many steps', 'connections: []', 'steps:') + '  - deliver: all\n'.repeat(LIMITS.steps + 1);
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 4, col: 3 });
    expect(problems[0]!.message).toMatch(new RegExp(`^steps: expected at most ${LIMITS.steps} items`));
  });

  it(`refuses more than LIMITS.connections (${LIMITS.connections}) connections`, () => {
    const conns = Array.from({ length: LIMITS.connections + 1 }, (_, i) => `  - { id: c${i}, local: 10.0.${i >> 8}.${i & 255}:1, remote: 10.1.0.1:2, pid: 1 }`);
    const problems = problemsOf(lines('description: too many connections', 'connections:', ...conns, 'steps: []'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3, col: 3 });
    expect(problems[0]!.message).toMatch(new RegExp(`^connections: expected at most ${LIMITS.connections} items`));
  });

  it(`refuses nesting deeper than LIMITS.depth (${LIMITS.depth}) levels, at the level that is too deep`, () => {
    const text = HEAD + `  - expect: ${'['.repeat(100)}${']'.repeat(100)}\n`;
    // The scenario map is level 0, steps 1, the step 2, the first '[' 3: level 65 is the 63rd '['.
    expect(problemsOf(text)).toEqual([{ file: FILE, line: 5, col: at(text, '[').col + LIMITS.depth - 2, message: `nesting deeper than ${LIMITS.depth} levels` }]);
  });

  describe('10,000 nested lists', () => {
    // Parsed once: a second parse of such a file in one process can abort Node (see the child-process test).
    const text = HEAD + `  - expect: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    let problems: ScenarioProblem[] | undefined;
    const once = () => (problems ??= problemsOf(text));

    it('are refused as bad input (a ScenarioInputError, not a crash), every problem on their line', () => {
      expect(once().length).toBeGreaterThan(0);
      for (const p of once()) expect(p.line).toBe(5);
    });

    // src bug: the depth limit is checked only after `yaml` has composed the whole document; yaml's
    // composer recurses once per level, overflows the JS stack, and reports that as an error, which
    // parseScenario prints as "YAML syntax: Maximum call stack size exceeded" (the column depends on
    // the stack size, so it is not even deterministic).
    it(`are refused with "nesting deeper than ${LIMITS.depth} levels"`, () => {
      expect(once()[0]!.message).toBe(`nesting deeper than ${LIMITS.depth} levels`);
    });
  });

  /** Parses `files` files of 10,000 unclosed '[' in a child process; its exit status and output. */
  function parseDeepInChild(files: number): { status: number | null; stdout: string } {
    const parseScenarioUrl = new URL('../../../src/scenario/parseScenario.ts', import.meta.url).href;
    const script = [
      `const { parseScenario } = await import(${JSON.stringify(parseScenarioUrl)});`,
      `for (let i = 0; i < ${files}; i++) {`,
      `  try { parseScenario('['.repeat(10000), 'deep' + i + '.yaml'); } catch (e) { if (e.name !== 'ScenarioInputError') throw e; }`,
      `}`,
      `console.log('survived');`,
    ].join('\n');
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../../../', import.meta.url)),
      encoding: 'utf8',
    });
    return { status: child.status, stdout: child.stdout.trim() };
  }

  it('a child process parsing one file of 10,000 unclosed [ ends normally (the harness of the next test)', () => {
    expect(parseDeepInChild(1)).toEqual({ status: 0, stdout: 'survived' });
  });

  // src bug (same cause): the stack overflow can land in V8's regular-expression compiler, which
  // aborts the process ("FATAL ERROR: RegExpCompiler Allocation failed - process out of memory",
  // exit 134) instead of throwing: two 10 KB files of unclosed '[' in one process are enough
  // (`chimney validate a.yaml b.yaml`). In a child process so the abort cannot take the runner down.
  it('a child process parsing two such files ends normally', () => {
    expect(parseDeepInChild(2)).toEqual({ status: 0, stdout: 'survived' });
  });

  it(`refuses a billion-laughs alias bomb before expanding it`, () => {
    const bomb = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++) {
      const [prev, name] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      bomb.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const problems = problemsOf(lines('description: billion laughs', 'connections: []', 'steps: []', ...bomb));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(new RegExp(`^the file expands too much \\(.*\\); aliases may stand for at most ${LIMITS.aliases * 10} nodes in all$`));
  });

  it(`refuses more than LIMITS.aliases (${LIMITS.aliases}) aliases, at the one too many`, () => {
    const text = HEAD + lines('  - deliver: &d all', ...Array.from({ length: LIMITS.aliases + 1 }, () => '  - deliver: *d'));
    expect(problemsOf(text)).toEqual([{ file: FILE, line: 6 + LIMITS.aliases, col: 14, message: `more than ${LIMITS.aliases} aliases` }]);
  });

  // src bug: an alias whose anchor is not defined (a typo) is reported at 1:1 as
  // "the file expands too much (Unresolved alias ...)" before it was fixed.
  it('reports an alias to an undefined anchor at the alias, not as an expansion', () => {
    const text = HEAD + lines('  - deliver: all', '  - deliver: *nowhere');
    const [p] = problemsOf(text);
    expect(p).toMatchObject(at(text, '*nowhere'));
    expect(p!.message).not.toMatch(/expands too much/);
  });

  describe('__proto__ and friends', () => {
    it.each([
      ['at the top (YAML)', lines('description: x', 'connections: []', 'steps: []', '__proto__: { polluted: 1 }'), '__proto__'],
      ['in a step (YAML)', HEAD + lines('  - expect: { __proto__: { polluted: 1 }, violations: none }'), '__proto__'],
      ['at the top (JSON)', '{ "description": "x", "connections": [], "steps": [], "__proto__": { "polluted": 1 } }', '"__proto__"'],
      ['quoted', lines('description: x', 'connections: []', 'steps: []', '"__proto__": { polluted: 1 }'), '"__proto__"'],
      ['constructor', lines('description: x', 'connections: []', 'steps: []', 'constructor: { prototype: { polluted: 1 } }'), 'constructor'],
    ])('refuses a forbidden key %s, at the key, without polluting Object.prototype', (_, text, token) => {
      const problems = problemsOf(text);
      expect(problems[0]).toMatchObject(at(text, token));
      expect(problems[0]!.message).toMatch(/^the key '(__proto__|constructor)' is not allowed$/);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    });

    it('refuses __proto__ reached through an alias, without polluting Object.prototype', () => {
      const text = lines('description: &k __proto__', 'connections: []', 'steps:', '  - { *k : { polluted: 1 } }');
      const problems = problemsOf(text);
      expect(problems).toHaveLength(1);
      expect(problems[0]!.message).toMatch(/'__proto__'/);
      expect(Object.prototype).not.toHaveProperty('polluted');
    });
  });
});

describe('peer-rst', () => {
  it('takes a bare connection id, as peer-fin does, or a map with out-of-window', () => {
    const parsed = parseScenario(lines(HEAD.trimEnd(), '  - peer-rst: c1', '  - peer-rst: { connection: c1, out-of-window: true }'), FILE);
    expect(parsed.scenario.steps).toEqual([
      { 'peer-rst': { connection: 'c1', 'out-of-window': false } },
      { 'peer-rst': { connection: 'c1', 'out-of-window': true } },
    ]);
  });

  it('names both forms when given neither', () => {
    const text = HEAD + '  - peer-rst: 5\n';
    const [p] = problemsOf(text);
    expect(where(p!)).toEqual(at(text, '5\n'));
    expect(p!.message).toBe('steps.0.peer-rst: expected a string, or a map, got 5');
  });
});

describe('messages inside a map', () => {
  it("name the keys expected where a key is unknown", () => {
    const text = lines('description: x', 'topology: { schedling: fifo }', 'connections: []', 'steps: []');
    expect(problemsOf(text)).toEqual([
      { file: FILE, ...at(text, 'schedling'), message: "unknown key 'schedling' (expected intermediate-drivers, capacity, optional-retrieve, scheduling, receive-buffer, receive-window, timed-wait-delay, time-wait-rst, neighbor-reachable, faults, wire, keep-alive, ack-frequency, driver, target)" },
    ]);
  });

  it('judge a map given where a bare id is also allowed as the map form, and call a fraction not a whole number', () => {
    const text = HEAD + lines('  - peer-rst: { connection: c1, out-of-window: maybe }', '  - send: { connection: c1, bytes: 1.5 }');
    expect(problemsOf(text)).toEqual([
      { file: FILE, ...at(text, 'maybe'), message: "steps.0.peer-rst.out-of-window: expected a boolean, got 'maybe'" },
      { file: FILE, ...at(text, '1.5'), message: 'steps.1.send.bytes: expected a whole number, got 1.5' },
    ]);
  });
});

describe('the receive path: peer-send, receive, read, expect received, receive-buffer', () => {
  it('parses every form into the canonical one (defaults filled in, read as a map)', () => {
    const text = lines(
      'description: the receive path',
      'topology: { receive-buffer: 100 }',
      'connections:',
      '  - { id: c1, local: 10.0.0.1:49152, remote: 10.0.0.2:443, pid: 4242 }',
      'steps:',
      '  - peer-send: { connection: c1, bytes: 100 }',
      '  - peer-send: { connection: c1, bytes: 5, push: false }',
      '  - receive: { connection: c1, bytes: 50 }',
      '  - receive: { connection: c1, bytes: 50, no-push: true }',
      '  - read: c1',
      '  - read: { connection: c1, bytes: 10 }',
      '  - deliver: { call: timer, connection: c1 }',
      '  - expect: { connection: c1, received: 60 }',
      '  - expect: { called: NdisTcpOffloadReceiveComplete, status: 0xC001000C }',
    );
    const parsed = parseScenario(text, FILE);
    expect(parsed.scenario.topology['receive-buffer']).toBe(100);
    expect(parsed.scenario.steps).toEqual([
      { 'peer-send': { connection: 'c1', bytes: 100, push: true, urgent: false } },
      { 'peer-send': { connection: 'c1', bytes: 5, push: false, urgent: false } },
      { receive: { connection: 'c1', bytes: 50, 'no-push': false } },
      { receive: { connection: 'c1', bytes: 50, 'no-push': true } },
      { read: { connection: 'c1' } },
      { read: { connection: 'c1', bytes: 10 } },
      { deliver: { call: 'timer', connection: 'c1' } },
      { expect: { connection: 'c1', received: 60 } },
      { expect: { called: 'NdisTcpOffloadReceiveComplete', status: 'NDIS_STATUS_REQUEST_ABORTED' } },
    ]);
  });

  const kinds = [
    ['peer-send', (b: string) => `  - peer-send: { connection: c1, bytes: ${b} }`],
    ['receive', (b: string) => `  - receive: { connection: c1, bytes: ${b} }`],
    ['read', (b: string) => `  - read: { connection: c1, bytes: ${b} }`],
  ] as const;

  it.each(kinds)('%s: refuses 0, negative and fractional bytes, each at its value, saying what a byte count is', (kind, step) => {
    const text = HEAD + lines(step('0'), step('-3'), step('2.5'), step('"7"'));
    const problems = problemsOf(text);
    expect(problems).toEqual([
      { file: FILE, ...at(text, '0 }'), message: `steps.0.${kind}.bytes: expected at least 1, got 0` },
      { file: FILE, ...at(text, '-3'), message: `steps.1.${kind}.bytes: expected at least 1, got -3` },
      { file: FILE, ...at(text, '2.5'), message: `steps.2.${kind}.bytes: expected a whole number, got 2.5` },
      { file: FILE, ...at(text, '"7"'), message: `steps.3.${kind}.bytes: expected a number, got '7'` },
    ]);
    for (const p of problems) expect(formatProblem(p)).toMatch(new RegExp(`^${FILE}:${p.line}:${p.col}: steps\\.\\d\\.${kind}\\.bytes: expected `));
  });

  it('peer-send and receive need bytes', () => {
    const text = HEAD + lines('  - peer-send: { connection: c1 }', '  - receive: { connection: c1 }');
    expect(problemsOf(text)).toEqual([
      { file: FILE, ...at(text, '{ connection: c1 }'), message: 'steps.0.peer-send.bytes: missing (expected number)' },
      { file: FILE, ...at(text, '{ connection: c1 }', 2), message: 'steps.1.receive.bytes: missing (expected number)' },
    ]);
  });

  it('reports an undeclared connection in every new step, with the declared ids', () => {
    const text = HEAD + lines(
      '  - peer-send: { connection: c2, bytes: 1 }',
      '  - receive: { connection: c3, bytes: 1 }',
      '  - read: c4',
      '  - read: { connection: c5, bytes: 1 }',
      '  - expect: { connection: c6, received: 0 }',
      '  - deliver: { call: timer, connection: c7 }',
    );
    const ids = ['c2', 'c3', 'c4', 'c5', 'c6', 'c7'];
    expect(problemsOf(text)).toEqual(ids.map((id) => ({ file: FILE, ...at(text, id), message: `connection '${id}' is used but never declared (declared: c1)` })));
  });

  it('reports unknown keys at the key, naming the keys expected there', () => {
    const text = lines(
      'description: unknown keys',
      'topology: { recv-buffer: 100 }',
      'connections:',
      '  - { id: c1, local: 10.0.0.1:49152, remote: 10.0.0.2:443, pid: 4242 }',
      'steps:',
      '  - peer-send: { connection: c1, bytes: 1, psh: false }',
      '  - receive: { connection: c1, bytes: 1, nopush: true }',
      '  - read: { connection: c1, all: true }',
      '  - expect: { connection: c1, recieved: 1 }',
    );
    expect(problemsOf(text)).toEqual([
      { file: FILE, ...at(text, 'recv-buffer'), message: "unknown key 'recv-buffer' (expected intermediate-drivers, capacity, optional-retrieve, scheduling, receive-buffer, receive-window, timed-wait-delay, time-wait-rst, neighbor-reachable, faults, wire, keep-alive, ack-frequency, driver, target)" },
      { file: FILE, ...at(text, 'psh'), message: "unknown key 'psh' (expected connection, bytes, push, urgent, ignore-window)" },
      { file: FILE, ...at(text, 'nopush'), message: "unknown key 'nopush' (expected connection, bytes, no-push)" },
      { file: FILE, ...at(text, 'all'), message: "unknown key 'all' (expected connection, bytes)" },
      { file: FILE, ...at(text, 'recieved'), message: expect.stringMatching(/^unknown key 'recieved' \(expected connection, offload, tcp, acked, received, called, /) },
      { file: FILE, ...at(text, '{ connection: c1, recieved'), message: expect.stringMatching(/^steps\.3\.expect: expect needs something to check: offload, tcp, acked, received, /) },
    ].sort((a, b) => a.line - b.line || a.col - b.col));
  });

  it('refuses wrong types, a bad receive-buffer, and received or status without what they go with', () => {
    const text = lines(
      'description: wrong types',
      'topology: { receive-buffer: -1 }',
      'connections:',
      '  - { id: c1, local: 10.0.0.1:49152, remote: 10.0.0.2:443, pid: 4242 }',
      'steps:',
      '  - peer-send: { connection: c1, bytes: 1, push: sometimes }',
      '  - read: 5',
      '  - expect: { received: 3 }',
      '  - expect: { connection: c1, received: 1.5 }',
      '  - expect: { violations: none, status: NDIS_STATUS_SUCCESS }',
    );
    expect(problemsOf(text)).toEqual([
      { file: FILE, ...at(text, '-1'), message: 'topology.receive-buffer: expected at least 0, got -1' },
      { file: FILE, ...at(text, 'sometimes'), message: "steps.0.peer-send.push: expected a boolean, got 'sometimes'" },
      { file: FILE, ...at(text, '5\n'), message: 'steps.1.read: expected a string, or a map, got 5' },
      { file: FILE, ...at(text, '{ received: 3 }'), message: 'steps.2.expect: offload, tcp, acked and received need the connection they are about' },
      { file: FILE, ...at(text, '1.5'), message: 'steps.3.expect.received: expected a whole number, got 1.5' },
      { file: FILE, ...at(text, 'NDIS_STATUS_SUCCESS'), message: 'steps.4.expect.status: status goes with called or not-called' },
    ]);
  });

  it('refuses data from the peer after its FIN or an acceptable RST (not after an out-of-window RST)', () => {
    const text = HEAD + lines(
      '  - peer-send: { connection: c1, bytes: 1 }',
      '  - peer-rst: { connection: c1, out-of-window: true }',
      '  - peer-send: { connection: c1, bytes: 1 }',
      '  - peer-fin: c1',
      '  - peer-send: { connection: c1, bytes: 2 }',
    );
    expect(problemsOf(text)).toEqual([
      { file: FILE, ...at(text, '{ connection: c1, bytes: 2 }'), message: 'the peer closed c1 in steps.3; it sends no data after that (expected peer-send before peer-fin and peer-rst)' },
    ]);
    const reset = HEAD + lines('  - peer-rst: c1', '  - peer-send: { connection: c1, bytes: 1 }');
    expect(problemsOf(reset).map((p) => p.message)).toEqual(['the peer reset c1 in steps.0; it sends no data after that (expected peer-send before peer-fin and peer-rst)']);
  });
});

describe('urgent data and corrupt hardware: peer-send urgent, hardware-failure', () => {
  it('parses peer-send urgent (false unless given) and hardware-failure (a bare connection id)', () => {
    const text = HEAD + lines(
      '  - peer-send: { connection: c1, bytes: 1, urgent: true }',
      '  - peer-send: { connection: c1, bytes: 2, push: false, urgent: true }',
      '  - peer-send: { connection: c1, bytes: 3, urgent: false }',
      '  - hardware-failure: c1',
      '  - hardware-failure: "1"',
    );
    expect(() => parseScenario(text, FILE)).toThrow(/connection '1' is used but never declared/);
    const parsed = parseScenario(text.replace('  - hardware-failure: "1"\n', ''), FILE);
    expect(parsed.scenario.steps).toEqual([
      { 'peer-send': { connection: 'c1', bytes: 1, push: true, urgent: true } },
      { 'peer-send': { connection: 'c1', bytes: 2, push: false, urgent: true } },
      { 'peer-send': { connection: 'c1', bytes: 3, push: true, urgent: false } },
      { 'hardware-failure': 'c1' },
    ]);
  });

  it('refuses an urgent that is not a boolean, each at its value', () => {
    const text = HEAD + lines(
      '  - peer-send: { connection: c1, bytes: 1, urgent: maybe }',
      '  - peer-send: { connection: c1, bytes: 1, urgent: 1 }',
      '  - peer-send: { connection: c1, bytes: 1, urgent: "true" }',
      '  - peer-send: { connection: c1, bytes: 1, urgnet: true }',
    );
    expect(problemsOf(text)).toEqual([
      { file: FILE, ...at(text, 'maybe'), message: "steps.0.peer-send.urgent: expected a boolean, got 'maybe'" },
      { file: FILE, ...at(text, '1 }'), message: 'steps.1.peer-send.urgent: expected a boolean, got 1' },
      { file: FILE, ...at(text, '"true"'), message: "steps.2.peer-send.urgent: expected a boolean, got 'true'" },
      { file: FILE, ...at(text, 'urgnet'), message: "unknown key 'urgnet' (expected connection, bytes, push, urgent, ignore-window)" },
    ]);
  });

  it('refuses a hardware-failure that is not a connection id, each at its value', () => {
    const text = HEAD + lines(
      '  - hardware-failure: 5',
      '  - hardware-failure: { connection: c1 }',
      '  - hardware-failure: [c1]',
      '  - hardware-failure: true',
      '  - hardware-failure:',
    );
    const value = (line: number) => ({ line: 4 + line, col: 23 });
    expect(problemsOf(text)).toEqual([
      { file: FILE, ...value(1), message: 'steps.0.hardware-failure: expected a string, got 5' },
      { file: FILE, ...value(2), message: 'steps.1.hardware-failure: expected a string, got a map' },
      { file: FILE, ...value(3), message: 'steps.2.hardware-failure: expected a string, got a list' },
      { file: FILE, ...value(4), message: 'steps.3.hardware-failure: expected a string, got true' },
      { file: FILE, line: 9, col: 22, message: 'steps.4.hardware-failure: expected a string, got null' },
    ]);
  });

  it('reports a hardware-failure of an undeclared connection at the id, and a step with another kind beside it', () => {
    const text = HEAD + lines('  - hardware-failure: c9', '  - { hardware-failure: c1, query: c1 }');
    expect(problemsOf(text)).toEqual([
      { file: FILE, ...at(text, 'c9'), message: "connection 'c9' is used but never declared (declared: c1)" },
      { file: FILE, ...at(text, '{ hardware-failure: c1'), message: expect.stringMatching(/^steps\.1: a step has exactly one kind, got hardware-failure, query \(expected one of .*fail-next-offload, hardware-failure, update/) },
    ]);
  });

  it('refuses urgent data from the peer after its FIN, as any data', () => {
    const text = HEAD + lines('  - peer-fin: c1', '  - peer-send: { connection: c1, bytes: 1, urgent: true }');
    expect(problemsOf(text)).toEqual([
      { file: FILE, ...at(text, '{ connection: c1, bytes: 1, urgent'), message: 'the peer closed c1 in steps.0; it sends no data after that (expected peer-send before peer-fin and peer-rst)' },
    ]);
  });
});
