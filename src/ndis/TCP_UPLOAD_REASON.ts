/**
 * `TCP_UPLOAD_REASON` (ndischimney.h): why the target asks for an upload with `TcpIndicateRetrieve`,
 * and whether the host must honour it (NdisTcpOffloadEventHandler remarks). Reference §2.3.
 */
import { defineEnumeration, type ValueOf } from './enumeration.js';

export const TCP_UPLOAD_REASON = {
  LowActivity: 1,
  HighDropRate: 2,
  SmallIO: 3,
  NoBufferPreposting: 4,
  /** Alias of NoBufferPreposting (the header's "legacy spelling error"; the docs use this spelling). */
  NoBufferProposting: 4,
  ReceivedUrgentData: 5,
  HighFragmentation: 6,
  HighOutOfOrderPackets: 7,
  TimeoutExpiration: 8,
  InvalidState: 9,
  UploadRequested: 10,
  HardwareFailure: 11,
  /** Sentinel. */
  MaxUploadReason: 12,
} as const;
export type TCP_UPLOAD_REASON = ValueOf<typeof TCP_UPLOAD_REASON>;

export const TcpUploadReasonEnum = defineEnumeration('TCP_UPLOAD_REASON', TCP_UPLOAD_REASON, {
  aliases: ['NoBufferProposting'],
  sentinels: ['MaxUploadReason'],
});

/** Mandatory: the host always uploads. Optional: the host may decide (its policy). */
export type UploadObligation = 'Mandatory' | 'Optional';

/** The host's obligation for each reason, by value. */
export const UPLOAD_REASON_OBLIGATION: Readonly<Record<number, UploadObligation>> = {
  [TCP_UPLOAD_REASON.LowActivity]: 'Optional',
  [TCP_UPLOAD_REASON.HighDropRate]: 'Optional',
  [TCP_UPLOAD_REASON.SmallIO]: 'Optional',
  [TCP_UPLOAD_REASON.NoBufferPreposting]: 'Optional',
  [TCP_UPLOAD_REASON.ReceivedUrgentData]: 'Mandatory',
  [TCP_UPLOAD_REASON.HighFragmentation]: 'Optional',
  [TCP_UPLOAD_REASON.HighOutOfOrderPackets]: 'Optional',
  [TCP_UPLOAD_REASON.TimeoutExpiration]: 'Mandatory',
  [TCP_UPLOAD_REASON.InvalidState]: 'Mandatory',
  [TCP_UPLOAD_REASON.UploadRequested]: 'Mandatory',
  [TCP_UPLOAD_REASON.HardwareFailure]: 'Mandatory',
};

/** True for the reasons the host must always honour. Unknown values are not mandatory. */
export function isMandatoryUploadReason(reason: number): boolean {
  return UPLOAD_REASON_OBLIGATION[reason] === 'Mandatory';
}
