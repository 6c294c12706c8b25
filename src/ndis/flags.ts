/** Flag constants of ndischimney.h (reference §2.7). */

/** `Flags` of NdisOffloadTcpDisconnect / MiniportTcpOffloadDisconnect. */
export const TCP_DISCONNECT_GRACEFUL_CLOSE = 0x01;
export const TCP_DISCONNECT_ABORTIVE_CLOSE = 0x02;

/** TCP_OFFLOAD_STATE_CONST.Flags. */
export const TCP_FLAG_TIMESTAMP_ENABLED = 0x01;
export const TCP_FLAG_SACK_ENABLED = 0x02;
export const TCP_FLAG_WINDOW_SCALING_ENABLED = 0x04;

/** TCP_OFFLOAD_STATE_CACHED.Flags. */
export const TCP_FLAG_KEEP_ALIVE_ENABLED = 0x01;
export const TCP_FLAG_NAGLING_ENABLED = 0x02;
export const TCP_FLAG_KEEP_ALIVE_RESTART = 0x04;
export const TCP_FLAG_MAX_RT_RESTART = 0x08;
export const TCP_FLAG_UPDATE_RCV_WND = 0x10;

/** Timer deltas in delegated state: -1 (0xFFFFFFFF) means "not running"; 0 means "expired". */
export const TIMER_NOT_RUNNING = 0xffffffff;
/** SendBacklogSize / ReceiveBacklogSize in a query: the target does not support the feature. */
export const BACKLOG_SIZE_UNSUPPORTED = 0xffffffff;
