/** TCP_OFFLOAD_EVENT_TYPE (reference §2.2): starts at 1 with SendBacklogChange first. */
import { describe, expect, it } from 'vitest';
import { TCP_OFFLOAD_EVENT_TYPE, TcpOffloadEventTypeEnum } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';

describe('TCP_OFFLOAD_EVENT_TYPE', () => {
  it('has exactly the values of reference §2.2', () => {
    expect(TCP_OFFLOAD_EVENT_TYPE).toEqual({
      TcpIndicateSendBacklogChange: 1,
      TcpIndicateDisconnect: 2,
      TcpIndicateRetrieve: 3,
      TcpIndicateAbort: 4,
    });
  });

  it('0 is not an event type', () => {
    expect(TcpOffloadEventTypeEnum.isLegal(0)).toBe(false);
    expect(TcpOffloadEventTypeEnum.nameOf(0)).toBeUndefined();
    for (const value of [1, 2, 3, 4]) expect(TcpOffloadEventTypeEnum.isLegal(value)).toBe(true);
  });

  it('formats as `Name (value)`', () => {
    expect(TcpOffloadEventTypeEnum.format(3)).toBe('TcpIndicateRetrieve (3)');
    expect(TcpOffloadEventTypeEnum.format(1)).toBe('TcpIndicateSendBacklogChange (1)');
    expect(TcpOffloadEventTypeEnum.format(4)).toBe('TcpIndicateAbort (4)');
  });
});
