/**
 * Messages that used to come twice, or say too little: each case is now exactly one precise problem
 * (issue 13: numbers above 2^53, an IPv6 zone, a multi-document file, too many connections, the size
 * limit in bytes, and YAML syntax errors the library reports several times over).
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/scenario/parseScenario.js';
import { formatProblem, ScenarioInputError, type ScenarioProblem } from '../../../src/scenario/ScenarioInputError.js';
import { LIMITS } from '../../../src/scenario/schema.js';

const FILE = 'm.yaml';

function messagesOf(text: string): string[] {
  try {
    parseScenario(text, FILE);
  } catch (error) {
    if (error instanceof ScenarioInputError) return error.problems.map((p: ScenarioProblem) => formatProblem(p));
    throw error;
  }
  throw new Error('expected the scenario to be refused');
}

const C1 = '  - { id: c1, local: 10.0.0.1:49152, remote: 10.0.0.2:443, pid: 7 }';
const lines = (...ls: string[]) => ls.join('\n') + '\n';

describe('one precise message each', () => {
  it('a number above 2^53: once, with the field\'s own limit and the number as written (not 18446744073709552000)', () => {
    expect(messagesOf(lines('description: x', 'seed: 18446744073709551616', 'connections: []', 'steps: []'))).toEqual([
      `${FILE}:2:7: seed: expected at most 4294967295, got 18446744073709551616`,
    ]);
    expect(messagesOf(lines('description: x', 'connections:', C1, 'steps:', '  - send: { connection: c1, bytes: 18446744073709551616 }'))).toEqual([
      `${FILE}:5:36: steps.0.send.bytes: expected at most 2147483647, got 18446744073709551616`,
    ]);
  });

  it('a number above 2^53 where any whole number is allowed: the exact limit, once', () => {
    expect(messagesOf(lines('description: x', 'connections: []', 'steps:', '  - expect: { pending: 99999999999999999999 }'))).toEqual([
      `${FILE}:4:24: steps.0.expect.pending: expected a whole number of at most ${Number.MAX_SAFE_INTEGER}, got 99999999999999999999`,
    ]);
  });

  it('a number JavaScript cannot hold exactly, where no number belongs: shown as written', () => {
    expect(messagesOf(lines('description: x', 'connections:', C1, 'steps:', '  - offload: 18446744073709551616', '  - send: { connection: c1, bytes: 1e400 }'))).toEqual([
      `${FILE}:5:14: steps.0.offload: expected a string, or a list, got 18446744073709551616`,
      `${FILE}:6:36: steps.1.send.bytes: expected a number, got 1e400`,
    ]);
  });

  it('an IPv6 zone: one message, with its field path', () => {
    const text = lines('description: x', 'connections:', '  - { id: c1, local: "[fe80::1%eth0]:49152", remote: "[fe80::2]:443", pid: 1 }', 'steps: []');
    expect(messagesOf(text)).toEqual([
      `${FILE}:3:22: connections.0.local: an IPv6 zone ('%eth0') is not supported here (expected an address and port: "[fe80::1]:443")`,
    ]);
  });

  it('a multi-document file: our words, not the YAML library\'s advice about its API', () => {
    expect(messagesOf(lines('description: a', 'connections: []', 'steps: []', '---', 'description: b'))).toEqual([
      `${FILE}:4:1: YAML syntax: a second document starts here (after ---); a scenario file holds one document`,
    ]);
  });

  it('more than 1,000 connections: the count', () => {
    const conns = Array.from({ length: LIMITS.connections + 1 }, (_, i) => `  - { id: c${i}, local: 10.0.${i >> 8}.${i & 255}:1, remote: 10.1.0.1:2, pid: 1 }`);
    expect(messagesOf(lines('description: many', 'connections:', ...conns, 'steps: []'))).toEqual([
      `${FILE}:3:3: connections: expected at most ${LIMITS.connections} items, got ${LIMITS.connections + 1} items`,
    ]);
  });

  it('the size limit: bytes on both sides', () => {
    const text = `description: ${'é'.repeat(600_000)}\nconnections: []\nsteps: []\n`;
    expect(messagesOf(text)).toEqual([`${FILE}: the file has ${Buffer.byteLength(text)} bytes (as UTF-8); a scenario may have at most 1048576 bytes (1 MiB)`]);
  });

  it('a YAML syntax error the library reports three times: one message', () => {
    expect(messagesOf(lines('description: x', 'connections: []', 'steps:', '  - offload: c1', '    - deliver: all'))).toEqual([
      `${FILE}:5:1: YAML syntax: A block sequence may not be used as an implicit map key`,
    ]);
  });

  it('an unclosed bracket in a JSON scenario: one message where it is, not one per enclosing collection', () => {
    expect(messagesOf('{"description": "x", "connections": [], "steps": [}')).toEqual([
      `${FILE}:1:51: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ]);
  });

  it('a file broken on many lines: at most one syntax message per line, never the same line twice', () => {
    const text = lines('[description: x', 'connections:', C1, 'steps:', '  - offload: c1', '  - deliver: all');
    const messages = messagesOf(text);
    const where = messages.map((m) => m.split(':').slice(0, 2).join(':'));
    expect(new Set(where).size).toBe(where.length);
    expect(messages[0]).toBe(`${FILE}:1:15: YAML syntax: Implicit keys need to be on a single line`);
  });

  it('a list as a key: refused with a message, never turned into text with a warning', () => {
    expect(messagesOf(lines('description: x', 'connections: []', 'steps: []', '[a, b]: 1'))).toEqual([`${FILE}:4:1: a key must be a name, got a list`]);
  });
});
