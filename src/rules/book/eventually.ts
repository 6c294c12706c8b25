/** "Eventually" rules, judged when nothing is pending: an obligation a crossing created and none answered. */
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TcpUploadReasonEnum } from '../../ndis/TCP_UPLOAD_REASON.js';
import { defineRule } from '../Rule.js';

/** mandatory-retrieve-answered-by-upload */
export const mandatoryRetrieveAnsweredByUpload = defineRule({
  id: 'mandatory-retrieve-answered-by-upload',
  summary: 'After TcpIndicateRetrieve with a mandatory reason the host terminates the offload of that connection.',
  source: 'NdisTcpOffloadEventHandler',
  atQuiescence: (m) =>
    m.allGhosts(0)
      .filter((g) => g.mandatoryRetrieve !== 0 && g.state === S.TcpConnectionOffloadStateOffloaded)
      .map((g) => ({
        detail: `TcpIndicateRetrieve(${TcpUploadReasonEnum.format(g.mandatoryRetrieve)}) was never answered by NdisTerminateOffload`,
        objects: [g.label],
      })),
});
