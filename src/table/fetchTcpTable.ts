/**
 * The SDK sample's two-call protocol around GetTcpTable2 / GetTcp6Table2: ask with no buffer to learn
 * the size, allocate it, ask again (sorted, as the sample asks). The buffer holds exactly what the
 * function filled in: `dwNumEntries`, then the rows.
 */
import { ERROR_INSUFFICIENT_BUFFER, NO_ERROR } from '../ndis/win32Error.js';
import type { SizePointer } from './GetTcpTable2.js';

/** A GetTcpTable2-shaped function: `sim.GetTcpTable2`, or GetTcpTable2 over entries. */
export type GetTcpTableFunction = (TcpTable: ArrayBuffer | null, SizePointer: SizePointer | null, Order: boolean) => number;

/**
 * The filled table.
 * @throws Error when either call returns what the protocol does not expect (a bug, not bad input).
 */
export function fetchTcpTable(GetTable: GetTcpTableFunction): ArrayBuffer {
  const size: SizePointer = { value: 0 };
  const first = GetTable(null, size, true);
  if (first !== ERROR_INSUFFICIENT_BUFFER) throw new Error(`the first call returned ${first}, expected ERROR_INSUFFICIENT_BUFFER (${ERROR_INSUFFICIENT_BUFFER})`);
  const buffer = new ArrayBuffer(size.value);
  const second = GetTable(buffer, size, true);
  if (second !== NO_ERROR) throw new Error(`the second call returned ${second}, expected NO_ERROR`);
  return buffer;
}
