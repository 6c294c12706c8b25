/** The Win32 error codes GetTcpTable2 returns (reference §11.4). */
import { describe, expect, it } from 'vitest';
import {
  ERROR_INSUFFICIENT_BUFFER,
  ERROR_INVALID_PARAMETER,
  ERROR_NOT_SUPPORTED,
  NO_ERROR,
  WIN32_ERROR_NAMES,
} from '../../../src/ndis/win32Error.js';

describe('Win32 errors', () => {
  it('have the values of reference §11.4 and matching names', () => {
    expect(NO_ERROR).toBe(0);
    expect(ERROR_NOT_SUPPORTED).toBe(50);
    expect(ERROR_INVALID_PARAMETER).toBe(87);
    expect(ERROR_INSUFFICIENT_BUFFER).toBe(122);
    expect(WIN32_ERROR_NAMES).toEqual({
      0: 'NO_ERROR',
      50: 'ERROR_NOT_SUPPORTED',
      87: 'ERROR_INVALID_PARAMETER',
      122: 'ERROR_INSUFFICIENT_BUFFER',
    });
  });
});
