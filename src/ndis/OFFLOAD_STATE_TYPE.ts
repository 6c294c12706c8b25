/**
 * Block-list and event vocabularies of ndischimney.h: `OFFLOAD_STATE_TYPE` (the Header.Type of a block
 * list), `INDICATE_OFFLOAD_EVENT` (for NdisMOffloadEventIndicate) and `NDIS_CHIMNEY_OFFLOAD_TYPE`.
 * Reference §2.4-§2.6.
 */
import { defineEnumeration, type ValueOf } from './enumeration.js';

export const OFFLOAD_STATE_TYPE = {
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
  /** Reserved, unused. */
  TcpOffloadResourceState: 16,
  TcpOffloadState: 17,
  /** Reserved for filter drivers. */
  FilterReservedOffloadState: 0xfe,
  /** Sentinel. */
  MaximumOffloadState: 0xff,
} as const;
export type OFFLOAD_STATE_TYPE = ValueOf<typeof OFFLOAD_STATE_TYPE>;
export const OffloadStateTypeEnum = defineEnumeration('OFFLOAD_STATE_TYPE', OFFLOAD_STATE_TYPE, {
  sentinels: ['MaximumOffloadState'],
});

/** The layer of the offload tree a Header.Type belongs to. */
export type OffloadLayer = 'Neighbor' | 'Path' | 'Tcp';

/** Neighbor (1-4), Path (5-12, IPv4 and IPv6) or Tcp (13-17); undefined for filter/sentinel types. */
export function offloadLayerOf(type: number): OffloadLayer | undefined {
  if (type >= 1 && type <= 4) return 'Neighbor';
  if (type >= 5 && type <= 12) return 'Path';
  if (type >= 13 && type <= 17) return 'Tcp';
  return undefined;
}

export const INDICATE_OFFLOAD_EVENT = {
  /** Reserved. */
  NeighborReachabilityInDoubt: 1,
  /** A neighbor cache entry looks stale (reference §6.11). */
  NeighborReachabilityQuery: 2,
  /** Sentinel. */
  MaxOffloadEvent: 3,
} as const;
export type INDICATE_OFFLOAD_EVENT = ValueOf<typeof INDICATE_OFFLOAD_EVENT>;
export const IndicateOffloadEventEnum = defineEnumeration('INDICATE_OFFLOAD_EVENT', INDICATE_OFFLOAD_EVENT, {
  sentinels: ['MaxOffloadEvent'],
});

export const NDIS_CHIMNEY_OFFLOAD_TYPE = {
  NdisTcpChimneyOffload: 1,
  NdisIpsecChimneyOffload: 2,
  NdisRdmaChimneyOffload: 3,
  NdisMaxChimneyOffload: 4,
} as const;
export type NDIS_CHIMNEY_OFFLOAD_TYPE = ValueOf<typeof NDIS_CHIMNEY_OFFLOAD_TYPE>;
export const NdisChimneyOffloadTypeEnum = defineEnumeration('NDIS_CHIMNEY_OFFLOAD_TYPE', NDIS_CHIMNEY_OFFLOAD_TYPE, {
  sentinels: ['NdisMaxChimneyOffload'],
});
