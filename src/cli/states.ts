/** `chimney states`: the offload-state graph (or the TCP region) as a Mermaid state diagram. */
import { offloadStateDiagram } from '../machines/offloadStateMachine.js';
import { tcpStateDiagram } from '../machines/tcpStateMachine.js';
import type { CliIo } from './CliIo.js';
import type { COMMANDS, OptionValues } from './commands.js';
import { EXIT } from './exitCodes.js';

export function runStatesCommand(values: OptionValues<(typeof COMMANDS)['states']['options']>, io: CliIo): number {
  for (const line of (values.tcp ? tcpStateDiagram() : offloadStateDiagram()).split('\n')) io.stdout(line);
  return EXIT.OK;
}
