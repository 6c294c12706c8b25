/** Flag constants of reference §2.7 and the all-ones markers. */
import { describe, expect, it } from 'vitest';
import * as flags from '../../../src/ndis/flags.js';

describe('ndischimney.h flags', () => {
  it('have exactly the values of reference §2.7', () => {
    expect({ ...flags }).toEqual({
      TCP_DISCONNECT_GRACEFUL_CLOSE: 0x01,
      TCP_DISCONNECT_ABORTIVE_CLOSE: 0x02,
      TCP_FLAG_TIMESTAMP_ENABLED: 0x01,
      TCP_FLAG_SACK_ENABLED: 0x02,
      TCP_FLAG_WINDOW_SCALING_ENABLED: 0x04,
      TCP_FLAG_KEEP_ALIVE_ENABLED: 0x01,
      TCP_FLAG_NAGLING_ENABLED: 0x02,
      TCP_FLAG_KEEP_ALIVE_RESTART: 0x04,
      TCP_FLAG_MAX_RT_RESTART: 0x08,
      TCP_FLAG_UPDATE_RCV_WND: 0x10,
      TIMER_NOT_RUNNING: 0xffffffff,
      BACKLOG_SIZE_UNSUPPORTED: 0xffffffff,
    });
  });
});
