/** Writes a canonical scenario as YAML; `parseScenario(printScenario(s))` gives `s` back. */
import { stringify } from 'yaml';
import type { Scenario } from './schema.js';

export function printScenario(s: Scenario): string {
  return stringify(s, { lineWidth: 0, flowCollectionPadding: true, aliasDuplicateObjects: false });
}
