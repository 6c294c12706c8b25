/**
 * `chimney validate <file|dir>...`: parses and checks scenarios without running them. `ok <file>` for
 * each good one; every problem of every bad one as `file:line:col: message` on stderr; exit 0 or 2.
 * (A `deliver` naming a pending item that will not be there is found only by `chimney run`.)
 */
import { formatProblem, visibleText, type ScenarioProblem } from '../index.js';
import type { CliIo } from './CliIo.js';
import type { COMMANDS, OptionValues } from './commands.js';
import { EXIT } from './exitCodes.js';
import { expandScenarioPaths, loadScenario, STDIN_ARGUMENT, STDIN_NAME } from './loadScenarios.js';

export function runValidateCommand(_values: OptionValues<(typeof COMMANDS)['validate']['options']>, io: CliIo, paths: readonly string[]): number {
  let invalid = false;
  const files = expandScenarioPaths('validate', paths);
  files.forEach((file, i) => {
    if (files.length > 1) io.progress?.(`chimney validate: ${i + 1}/${files.length} ${file}`);
    const result = loadScenario(file, io);
    if ('parsed' in result) io.stdout(visibleText(`ok ${file === STDIN_ARGUMENT ? STDIN_NAME : file}`));
    else {
      invalid = true;
      result.problems.forEach((p: ScenarioProblem) => io.stderr(formatProblem(p)));
    }
  });
  io.progress?.(undefined);
  return invalid ? EXIT.USAGE : EXIT.OK;
}
