/** TCP_UPLOAD_REASON (reference §2.3): 11 reasons + sentinel, the NoBufferProposting alias, host obligations. */
import { describe, expect, it } from 'vitest';
import {
  isMandatoryUploadReason,
  TCP_UPLOAD_REASON,
  TcpUploadReasonEnum,
  UPLOAD_REASON_OBLIGATION,
} from '../../../src/ndis/TCP_UPLOAD_REASON.js';

describe('TCP_UPLOAD_REASON', () => {
  it('has exactly the 12 values of reference §2.3 plus the alias', () => {
    expect(TCP_UPLOAD_REASON).toEqual({
      LowActivity: 1,
      HighDropRate: 2,
      SmallIO: 3,
      NoBufferPreposting: 4,
      NoBufferProposting: 4,
      ReceivedUrgentData: 5,
      HighFragmentation: 6,
      HighOutOfOrderPackets: 7,
      TimeoutExpiration: 8,
      InvalidState: 9,
      UploadRequested: 10,
      HardwareFailure: 11,
      MaxUploadReason: 12,
    });
  });

  it('the alias resolves to 4 but 4 is named NoBufferPreposting', () => {
    expect(TcpUploadReasonEnum.valueOf('NoBufferProposting')).toBe(4);
    expect(TcpUploadReasonEnum.nameOf(4)).toBe('NoBufferPreposting');
    expect(TcpUploadReasonEnum.format(4)).toBe('NoBufferPreposting (4)');
    expect(TcpUploadReasonEnum.names.at(-1)).toBe('NoBufferProposting');
  });

  it('1..11 are legal; 0 and the MaxUploadReason sentinel are not', () => {
    for (let value = 1; value <= 11; value++) expect(TcpUploadReasonEnum.isLegal(value)).toBe(true);
    expect(TcpUploadReasonEnum.isLegal(0)).toBe(false);
    expect(TcpUploadReasonEnum.isLegal(12)).toBe(false);
  });

  it.each([
    ['LowActivity', 'Optional'],
    ['HighDropRate', 'Optional'],
    ['SmallIO', 'Optional'],
    ['NoBufferPreposting', 'Optional'],
    ['NoBufferProposting', 'Optional'],
    ['ReceivedUrgentData', 'Mandatory'],
    ['HighFragmentation', 'Optional'],
    ['HighOutOfOrderPackets', 'Optional'],
    ['TimeoutExpiration', 'Mandatory'],
    ['InvalidState', 'Mandatory'],
    ['UploadRequested', 'Mandatory'],
    ['HardwareFailure', 'Mandatory'],
  ] as const)('%s: host response is %s', (name, obligation) => {
    const value = TCP_UPLOAD_REASON[name];
    expect(UPLOAD_REASON_OBLIGATION[value]).toBe(obligation);
    expect(isMandatoryUploadReason(value)).toBe(obligation === 'Mandatory');
  });

  it('the sentinel and unknown values have no obligation and are not mandatory', () => {
    expect(Object.keys(UPLOAD_REASON_OBLIGATION).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(isMandatoryUploadReason(12)).toBe(false);
    expect(isMandatoryUploadReason(0)).toBe(false);
  });
});
