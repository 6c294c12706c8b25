/** `chimney states`: a registered machine (by default the offload state) as a Mermaid state diagram. */
import { compileMachine, findMachine, MACHINE_NAMES, stateDiagram } from '../index.js';
import type { CliIo } from './CliIo.js';
import type { COMMANDS, OptionValues } from './commands.js';
import { EXIT } from './exitCodes.js';
import { UsageError } from './UsageError.js';

/** Draws the machine `--machine` names (`--tcp` is `--machine tcp`), from the table that runs it. */
export function runStatesCommand(values: OptionValues<(typeof COMMANDS)['states']['options']>, io: CliIo): number {
  if (values.tcp && values.machine !== undefined && values.machine !== 'tcp') {
    throw new UsageError(`--tcp is --machine tcp; it cannot be given with --machine ${values.machine}`, 'states');
  }
  const name = values.tcp ? 'tcp' : (values.machine ?? MACHINE_NAMES[0]!);
  const entry = findMachine(name);
  if (!entry) throw new UsageError(`unknown machine '${name}' (machines: ${MACHINE_NAMES.join(', ')})`, 'states');
  for (const line of stateDiagram(compileMachine(entry.machine), entry.drawFrom).split('\n')) io.stdout(line);
  return EXIT.OK;
}
