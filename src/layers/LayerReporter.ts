/**
 * How a layer tells the simulation what it did that is not an NDIS call: a state change of one of its
 * objects (checked by the rulebook) or a decision worth narrating. `wanted` is false when nobody
 * records narration, so layers skip building the text.
 */
export interface LayerReporter {
  readonly wanted: boolean;
  stateChange(object: string, region: 'offload' | 'tcp' | 'adapter', from: number, to: number, cause: string): void;
  decision(text: string, object?: string): void;
}
