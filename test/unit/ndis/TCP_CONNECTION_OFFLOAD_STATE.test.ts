/** TCP_CONNECTION_OFFLOAD_STATE (reference §2.1): values, the illegal sentinel, and the sample's wording. */
import { describe, expect, it } from 'vitest';
import {
  OFFLOAD_STATE_DESCRIPTION,
  offloadStateShortName,
  TCP_CONNECTION_OFFLOAD_STATE,
  TcpConnectionOffloadStateEnum,
} from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';

describe('TCP_CONNECTION_OFFLOAD_STATE', () => {
  it('has exactly the values of reference §2.1', () => {
    expect(TCP_CONNECTION_OFFLOAD_STATE).toEqual({
      TcpConnectionOffloadStateInHost: 0,
      TcpConnectionOffloadStateOffloading: 1,
      TcpConnectionOffloadStateOffloaded: 2,
      TcpConnectionOffloadStateUploading: 3,
      TcpConnectionOffloadStateMax: 4,
    });
  });

  it('InHost..Uploading are legal; the Max sentinel and anything else are not', () => {
    for (const value of [0, 1, 2, 3]) expect(TcpConnectionOffloadStateEnum.isLegal(value)).toBe(true);
    for (const value of [4, -1, 5, 1.5]) expect(TcpConnectionOffloadStateEnum.isLegal(value)).toBe(false);
  });

  it('names values and formats them as `Name (value)`', () => {
    expect(TcpConnectionOffloadStateEnum.typeName).toBe('TCP_CONNECTION_OFFLOAD_STATE');
    expect(TcpConnectionOffloadStateEnum.nameOf(2)).toBe('TcpConnectionOffloadStateOffloaded');
    expect(TcpConnectionOffloadStateEnum.valueOf('TcpConnectionOffloadStateUploading')).toBe(3);
    expect(TcpConnectionOffloadStateEnum.format(0)).toBe('TcpConnectionOffloadStateInHost (0)');
    expect(TcpConnectionOffloadStateEnum.format(9)).toBe('<unknown> (9)');
  });

  it('short names drop the prefix', () => {
    expect([0, 1, 2, 3].map(offloadStateShortName)).toEqual(['InHost', 'Offloading', 'Offloaded', 'Uploading']);
    expect(offloadStateShortName(7)).toBe('<unknown 7>');
  });

  it('descriptions are the SDK sample texts (without the sample\'s trailing spaces)', () => {
    expect(OFFLOAD_STATE_DESCRIPTION).toEqual({
      0: 'Owned by the network stack and not offloaded',
      1: 'In the process of being offloaded',
      2: 'Offloaded to the network interface control',
      3: 'In the process of being uploaded back to the network stack',
    });
  });
});
