/** The Win32 error codes `GetTcpTable2` returns (reference §11.4). */
export const NO_ERROR = 0;
export const ERROR_NOT_SUPPORTED = 50;
export const ERROR_INVALID_PARAMETER = 87;
export const ERROR_INSUFFICIENT_BUFFER = 122;

export const WIN32_ERROR_NAMES: Readonly<Record<number, string>> = {
  0: 'NO_ERROR',
  50: 'ERROR_NOT_SUPPORTED',
  87: 'ERROR_INVALID_PARAMETER',
  122: 'ERROR_INSUFFICIENT_BUFFER',
};
