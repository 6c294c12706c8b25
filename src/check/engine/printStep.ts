/** One scenario step on one line, as it reads in a scenario file: `offload: [ c1 ]`, `deliver: { call: NdisMInitiateOffloadComplete, connection: c1 }`. */
import { stringify } from 'yaml';
import type { Step } from '../../scenario/schema.js';

export function printStep(step: Step): string {
  return Object.entries(step)
    .map(([key, value]) => `${key}: ${stringify(value, { collectionStyle: 'flow', lineWidth: 0, flowCollectionPadding: true }).trim()}`)
    .join(', ');
}
