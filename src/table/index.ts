/** Public surface of the user-mode TCP table: GetTcpTable2 / GetTcp6Table2, their rows and the SDK printer. */
export type { TcpTableEntry, AddressFamily } from './TcpTableEntry.js';
export { addressFamilyOf } from './TcpTableEntry.js';
export {
  IPV4_ADDRESS_BYTES,
  IPV6_ADDRESS_BYTES,
  isIpv4AddressText,
  parseAddress,
  parseIpv4Address,
  parseIpv6Address,
} from './parseAddress.js';
export { htonl, htons, ntohl, ntohs } from './byteOrder.js';
export { inet_addr, inet_ntoa } from './inet_ntoa.js';
export type { MIB_TCPROW2 } from './MIB_TCPROW2.js';
export {
  decodeMibTcpRow2,
  encodeMibTcpRow2,
  MIB_TCPROW2_OFFSET,
  MIB_TCPROW2_SIZE,
  toMibTcpRow2,
} from './MIB_TCPROW2.js';
export type { MIB_TCP6ROW2 } from './MIB_TCP6ROW2.js';
export {
  decodeMibTcp6Row2,
  encodeMibTcp6Row2,
  MIB_TCP6ROW2_OFFSET,
  MIB_TCP6ROW2_SIZE,
  toMibTcp6Row2,
} from './MIB_TCP6ROW2.js';
export { compareMibTcp6Row2, compareMibTcpRow2 } from './tcpTableOrder.js';
export type { SizePointer } from './GetTcpTable2.js';
export {
  GetTcp6Table2,
  GetTcpTable2,
  MIB_TCPTABLE2_HEADER_SIZE,
  readTcp6Table2,
  readTcpTable2,
  tcp6Table2Size,
  tcpTable2Size,
} from './GetTcpTable2.js';
export { formatTcp6Table2, formatTcpTable2 } from './formatTcpTable2.js';
export { fetchTcpTable, type GetTcpTableFunction } from './fetchTcpTable.js';
export { tcp6Row2Json, tcpRow2Json, type TcpTableRowJson } from './tcpTableRowJson.js';
