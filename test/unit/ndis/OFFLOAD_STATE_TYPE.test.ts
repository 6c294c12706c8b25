/** OFFLOAD_STATE_TYPE, INDICATE_OFFLOAD_EVENT, NDIS_CHIMNEY_OFFLOAD_TYPE (reference §2.4-§2.6). */
import { describe, expect, it } from 'vitest';
import {
  INDICATE_OFFLOAD_EVENT,
  IndicateOffloadEventEnum,
  NDIS_CHIMNEY_OFFLOAD_TYPE,
  NdisChimneyOffloadTypeEnum,
  OFFLOAD_STATE_TYPE,
  offloadLayerOf,
  OffloadStateTypeEnum,
} from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';

describe('INDICATE_OFFLOAD_EVENT (§2.4)', () => {
  it('has exactly the values of the reference, MaxOffloadEvent a sentinel', () => {
    expect(INDICATE_OFFLOAD_EVENT).toEqual({
      NeighborReachabilityInDoubt: 1,
      NeighborReachabilityQuery: 2,
      MaxOffloadEvent: 3,
    });
    expect(IndicateOffloadEventEnum.isLegal(2)).toBe(true);
    expect(IndicateOffloadEventEnum.isLegal(3)).toBe(false);
    expect(IndicateOffloadEventEnum.format(2)).toBe('NeighborReachabilityQuery (2)');
  });
});

describe('OFFLOAD_STATE_TYPE (§2.5)', () => {
  it('has exactly the values of the reference', () => {
    expect(OFFLOAD_STATE_TYPE).toEqual({
      NeighborOffloadConstState: 1,
      NeighborOffloadCachedState: 2,
      NeighborOffloadDelegatedState: 3,
      NeighborOffloadState: 4,
      Ip4OffloadConstState: 5,
      Ip4OffloadCachedState: 6,
      Ip4OffloadDelegatedState: 7,
      Ip4OffloadState: 8,
      Ip6OffloadConstState: 9,
      Ip6OffloadCachedState: 10,
      Ip6OffloadDelegatedState: 11,
      Ip6OffloadState: 12,
      TcpOffloadConstState: 13,
      TcpOffloadCachedState: 14,
      TcpOffloadDelegatedState: 15,
      TcpOffloadResourceState: 16,
      TcpOffloadState: 17,
      FilterReservedOffloadState: 0xfe,
      MaximumOffloadState: 0xff,
    });
  });

  it('MaximumOffloadState is a sentinel; 0xFE is a member', () => {
    expect(OffloadStateTypeEnum.isLegal(0xff)).toBe(false);
    expect(OffloadStateTypeEnum.isLegal(0xfe)).toBe(true);
    expect(OffloadStateTypeEnum.isLegal(0)).toBe(false);
    expect(OffloadStateTypeEnum.format(17)).toBe('TcpOffloadState (17)');
  });

  it('maps each type to its layer', () => {
    expect([1, 2, 3, 4].map(offloadLayerOf)).toEqual(['Neighbor', 'Neighbor', 'Neighbor', 'Neighbor']);
    for (let type = 5; type <= 12; type++) expect(offloadLayerOf(type)).toBe('Path');
    for (let type = 13; type <= 17; type++) expect(offloadLayerOf(type)).toBe('Tcp');
    expect([0, 18, 0xfe, 0xff].map(offloadLayerOf)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('NDIS_CHIMNEY_OFFLOAD_TYPE (§2.6)', () => {
  it('has exactly the values of the reference, NdisMaxChimneyOffload a sentinel', () => {
    expect(NDIS_CHIMNEY_OFFLOAD_TYPE).toEqual({
      NdisTcpChimneyOffload: 1,
      NdisIpsecChimneyOffload: 2,
      NdisRdmaChimneyOffload: 3,
      NdisMaxChimneyOffload: 4,
    });
    expect(NdisChimneyOffloadTypeEnum.isLegal(1)).toBe(true);
    expect(NdisChimneyOffloadTypeEnum.isLegal(4)).toBe(false);
  });
});
