/** NDIS status codes of reference §2.8, their hex formatting and the groups built from them. */
import { describe, expect, it } from 'vitest';
import {
  INITIATE_FAILURE_STATUSES,
  isOffloadStatusIndication,
  NDIS_STATUS,
  NdisStatusEnum,
} from '../../../src/ndis/NDIS_STATUS.js';

// Every code of §2.8 that has a number there (CONNECTION_REJECTED is unconfirmed in the reference).
const REFERENCE_VALUES = [
  ['NDIS_STATUS_SUCCESS', 0x00000000],
  ['NDIS_STATUS_PENDING', 0x00000103],
  ['NDIS_STATUS_NOT_ACCEPTED', 0x00010003],
  ['NDIS_STATUS_FAILURE', 0xc0000001],
  ['NDIS_STATUS_RESOURCES', 0xc000009a],
  ['NDIS_STATUS_NOT_SUPPORTED', 0xc00000bb],
  ['NDIS_STATUS_REQUEST_ABORTED', 0xc001000c],
  ['NDIS_STATUS_INVALID_STATE', 0xc0000184],
  ['NDIS_STATUS_PAUSED', 0xc023002a],
  ['NDIS_STATUS_OFFLOAD_PAUSE', 0x40020001],
  ['NDIS_STATUS_UPLOAD_ALL', 0x40020002],
  ['NDIS_STATUS_OFFLOAD_RESUME', 0x40020003],
  ['NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS', 0x40020004],
  ['NDIS_STATUS_OFFLOAD_STATE_INVALID', 0x40020005],
  ['NDIS_STATUS_OFFLOAD_IM_RESERVED1', 0x40020100],
  ['NDIS_STATUS_OFFLOAD_IM_RESERVED2', 0x40020101],
  ['NDIS_STATUS_OFFLOAD_IM_RESERVED3', 0x40020102],
  ['NDIS_STATUS_UPLOAD_IN_PROGRESS', 0xc0231001],
  ['NDIS_STATUS_REQUEST_UPLOAD', 0xc0231002],
  ['NDIS_STATUS_UPLOAD_REQUESTED', 0xc0231003],
  ['NDIS_STATUS_OFFLOAD_TCP_ENTRIES', 0xc0231004],
  ['NDIS_STATUS_OFFLOAD_PATH_ENTRIES', 0xc0231005],
  ['NDIS_STATUS_OFFLOAD_NEIGHBOR_ENTRIES', 0xc0231006],
  ['NDIS_STATUS_OFFLOAD_IP_ADDRESS_ENTRIES', 0xc0231007],
  ['NDIS_STATUS_OFFLOAD_HW_ADDRESS_ENTRIES', 0xc0231008],
  ['NDIS_STATUS_OFFLOAD_VLAN_ENTRIES', 0xc0231009],
  ['NDIS_STATUS_OFFLOAD_TCP_XMIT_BUFFER', 0xc023100a],
  ['NDIS_STATUS_OFFLOAD_TCP_RCV_BUFFER', 0xc023100b],
  ['NDIS_STATUS_OFFLOAD_TCP_RCV_WINDOW', 0xc023100c],
  ['NDIS_STATUS_OFFLOAD_VLAN_MISMATCH', 0xc023100d],
  ['NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED', 0xc023100e],
  ['NDIS_STATUS_OFFLOAD_POLICY', 0xc023100f],
  ['NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED', 0xc0231010],
  ['NDIS_STATUS_OFFLOAD_REQUEST_RESET', 0xc0231011],
] as const;

describe('NDIS_STATUS', () => {
  it.each(REFERENCE_VALUES)('%s = %i', (name, value) => {
    expect(NDIS_STATUS[name]).toBe(value);
    expect(NdisStatusEnum.nameOf(value)).toBe(name);
  });

  it('CONNECTION_REJECTED uses ntstatus.h STATUS_NDIS_OFFLOAD_CONNECTION_REJECTED (0xC0231012)', () => {
    expect(NDIS_STATUS.NDIS_STATUS_OFFLOAD_CONNECTION_REJECTED).toBe(0xc0231012);
  });

  it('has no code beyond the reference list (PATH_MTU has no header definition)', () => {
    expect(Object.keys(NDIS_STATUS).sort()).toEqual(
      [...REFERENCE_VALUES.map(([name]) => name), 'NDIS_STATUS_OFFLOAD_CONNECTION_REJECTED'].sort(),
    );
  });

  it('all codes are distinct', () => {
    const values = Object.values(NDIS_STATUS);
    expect(new Set(values).size).toBe(values.length);
  });

  it('formats with eight hex digits', () => {
    expect(NdisStatusEnum.format(0x40020002)).toBe('NDIS_STATUS_UPLOAD_ALL (0x40020002)');
    expect(NdisStatusEnum.format(0)).toBe('NDIS_STATUS_SUCCESS (0x00000000)');
    expect(NdisStatusEnum.format(0xc0231004)).toBe('NDIS_STATUS_OFFLOAD_TCP_ENTRIES (0xC0231004)');
    expect(NdisStatusEnum.format(0x103)).toBe('NDIS_STATUS_PENDING (0x00000103)');
    expect(NdisStatusEnum.format(0xdeadbeef)).toBe('<unknown> (0xDEADBEEF)');
  });

  it('PAUSE, UPLOAD_ALL and RESUME are the adapter-wide status indications', () => {
    expect([0x40020001, 0x40020002, 0x40020003].every(isOffloadStatusIndication)).toBe(true);
    expect(isOffloadStatusIndication(0x40020004)).toBe(false);
    expect(isOffloadStatusIndication(0)).toBe(false);
  });

  it('initiate failure codes include the resource codes and exclude success and partial success', () => {
    expect(INITIATE_FAILURE_STATUSES).toContain(0xc0231004);
    expect(INITIATE_FAILURE_STATUSES).toContain(0xc000009a);
    expect(INITIATE_FAILURE_STATUSES).not.toContain(0);
    expect(INITIATE_FAILURE_STATUSES).not.toContain(0x40020004);
    expect(INITIATE_FAILURE_STATUSES).not.toContain(0x103);
  });
});
