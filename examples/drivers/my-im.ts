/**
 * An intermediate driver to check: the reference pass-through driver with ONE handler changed, the way
 * a driver developer starts. Its bug is realistic: it "optimises" by not relaying
 * TcpIndicateSendBacklogChange (the host "does not need it"), but reference §7.5 says an intermediate
 * driver relays every TCP offload event up with the stored upper handle.
 *
 *   chimney check --driver examples/drivers/my-im.ts
 *
 * finds it, shrinks it and writes the counterexample to counterexamples/. Outside this repository,
 * import from 'chimney-sim' instead of '../../src/index.js'.
 */
import { passThroughIntermediateDriver, TCP_OFFLOAD_EVENT_TYPE, type IntermediateDriver, type PassThroughState } from '../../src/index.js';

const myIm: IntermediateDriver<PassThroughState> = {
  ...passThroughIntermediateDriver,
  name: 'my-im',
  ProtocolTcpOffloadEvent: (s, args, ndis) => {
    if (args.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateSendBacklogChange) return; // the bug
    passThroughIntermediateDriver.ProtocolTcpOffloadEvent(s, args, ndis);
  },
};

export default myIm;
