/**
 * `chimney validate <file|dir>...`: parses and checks scenarios without running them. `ok <file>` for
 * each good one; every problem of every bad one as `file:line:col: message` on stderr; exit 0 or 2.
 * (A `deliver` naming a pending item that will not be there is found only by `chimney run`.)
 */
import { formatProblem, type ScenarioProblem } from '../index.js';
import type { CliIo } from './CliIo.js';
import type { COMMANDS, OptionValues } from './commands.js';
import { EXIT } from './exitCodes.js';
import { expandScenarioPaths, loadScenario } from './loadScenarios.js';

export function runValidateCommand(_values: OptionValues<(typeof COMMANDS)['validate']['options']>, io: CliIo, paths: readonly string[]): number {
  let invalid = false;
  for (const file of expandScenarioPaths('validate', paths)) {
    const result = loadScenario(file);
    if ('parsed' in result) io.stdout(`ok ${file}`);
    else {
      invalid = true;
      result.problems.forEach((p: ScenarioProblem) => io.stderr(formatProblem(p)));
    }
  }
  return invalid ? EXIT.USAGE : EXIT.OK;
}
