/** `chimney schema`: the JSON Schema of the scenario format (`chimney schema > scenarios/scenario.schema.json`). */
import { scenarioJsonSchema } from '../index.js';
import type { CliIo } from './CliIo.js';
import type { COMMANDS, OptionValues } from './commands.js';
import { EXIT } from './exitCodes.js';

export function runSchemaCommand(_values: OptionValues<(typeof COMMANDS)['schema']['options']>, io: CliIo): number {
  for (const line of JSON.stringify(scenarioJsonSchema(), null, 2).split('\n')) io.stdout(line);
  return EXIT.OK;
}
