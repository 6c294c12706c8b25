/**
 * Every command of a check run, with its weight: host actions, target events, adapter statuses, peer
 * segments and scheduling choices (one file each). Connections are named c1 .. cK.
 */
import fc from 'fast-check';
import { deliver } from './deliver.js';
import { deliverAll } from './deliverAll.js';
import { disconnect } from './disconnect.js';
import { hardwareFailure } from './hardwareFailure.js';
import { indicateRetrieve } from './indicateRetrieve.js';
import { indicateSendBacklogChange } from './indicateSendBacklogChange.js';
import { invalidate } from './invalidate.js';
import { neighborQuery } from './neighborQuery.js';
import { offload } from './offload.js';
import { peerFin } from './peerFin.js';
import { peerRst } from './peerRst.js';
import { peerSend, peerSendPastWindow } from './peerSend.js';
import { query } from './query.js';
import { read } from './read.js';
import { receive } from './receive.js';
import { relink } from './relink.js';
import { send } from './send.js';
import { status } from './status.js';
import type { StepCommand } from './StepCommand.js';
import { update } from './update.js';
import { upload } from './upload.js';
import { uploadAll } from './uploadAll.js';
import { wireDrop } from './wireDrop.js';

export { DeliverCommand } from './deliver.js';
export type { CheckModel } from './CheckModel.js';
export type { StepCommand } from './StepCommand.js';

/** The id of connection k (1-based). */
export const connectionId = (k: number): string => `c${k}`;

/** One command over at most `connections` connections, weighted like the suite's random runs. */
export function commandArbitrary(connections: number, lossyWire = false): fc.Arbitrary<StepCommand> {
  const c = fc.integer({ min: 1, max: connections }).map(connectionId);
  const weighted: Array<[number, fc.Arbitrary<StepCommand>]> = [
    [5, deliver()], [1, deliverAll()],
    [3, offload(c)], [2, upload(c)], [1, uploadAll()], [3, send(c)], [2, receive(c)], [2, read(c)], [1, disconnect(c)],
    [1, update(c)], [1, invalidate(c)], [1, query(c)], [1, relink(c)],
    [1, indicateRetrieve(c)], [1, indicateSendBacklogChange(c)], [1, hardwareFailure(c)], [1, neighborQuery(c)], [1, status()],
    [3, peerSend(c)], [1, peerSendPastWindow(c)], [1, peerFin(c)], [1, peerRst(c)],
    ...(lossyWire ? [[2, wireDrop()] as [number, fc.Arbitrary<StepCommand>]] : []), // only where the wire can lose (a lossy-wire fault)
  ];
  return fc.oneof(...weighted.map(([weight, arbitrary]) => ({ weight, arbitrary })));
}
