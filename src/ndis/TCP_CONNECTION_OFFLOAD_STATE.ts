/** `TCP_CONNECTION_OFFLOAD_STATE` (tcpmib.h): where a TCP connection is owned. Reference §2.1. */
import { defineEnumeration, type ValueOf } from './enumeration.js';

export const TCP_CONNECTION_OFFLOAD_STATE = {
  /** Owned by the host stack, not offloaded. */
  TcpConnectionOffloadStateInHost: 0,
  /** Offload started (`NdisInitiateOffload`), not yet complete. */
  TcpConnectionOffloadStateOffloading: 1,
  /** Owned by the offload target. */
  TcpConnectionOffloadStateOffloaded: 2,
  /** Upload started (`NdisTerminateOffload`), not yet complete. */
  TcpConnectionOffloadStateUploading: 3,
  /** Sentinel; never a legal state. */
  TcpConnectionOffloadStateMax: 4,
} as const;
export type TCP_CONNECTION_OFFLOAD_STATE = ValueOf<typeof TCP_CONNECTION_OFFLOAD_STATE>;

export const TcpConnectionOffloadStateEnum = defineEnumeration(
  'TCP_CONNECTION_OFFLOAD_STATE',
  TCP_CONNECTION_OFFLOAD_STATE,
  { sentinels: ['TcpConnectionOffloadStateMax'] },
);

/** The SDK sample's wording for each state (seed 004, `GetTcpTable2` example). */
export const OFFLOAD_STATE_DESCRIPTION: Readonly<Record<number, string>> = {
  0: 'Owned by the network stack and not offloaded',
  1: 'In the process of being offloaded',
  2: 'Offloaded to the network interface control',
  3: 'In the process of being uploaded back to the network stack',
};

/** The short name used in narration: `InHost`, `Offloading`, `Offloaded`, `Uploading`. */
export function offloadStateShortName(value: number): string {
  return SHORT_NAMES[value] ?? `<unknown ${value}>`;
}
const SHORT_NAMES: readonly string[] = Object.keys(TCP_CONNECTION_OFFLOAD_STATE).map((n) => n.replace('TcpConnectionOffloadState', ''));
