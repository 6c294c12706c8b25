/** The row order of `GetTcpTable2(..., Order = TRUE)`: local IP, local port, remote IP, remote port. */
import { ntohl, ntohs } from './byteOrder.js';
import type { MIB_TCP6ROW2 } from './MIB_TCP6ROW2.js';
import type { MIB_TCPROW2 } from './MIB_TCPROW2.js';

/**
 * Compares two IPv4 rows by (local IP, local port, remote IP, remote port), all in host order.
 * Why host order: the reference (§11.4, §13) leaves unconfirmed whether Windows compares the raw DWORDs or
 * host-order values. Host-order numbers (`ntohl` / `ntohs`) give the order a reader expects (9.0.0.3 before
 * 10.0.0.1, port 1 before 256) and equal comparing the address bytes in network order. The callers sort
 * with the stable `Array.prototype.sort`, so equal keys keep the order the entries were given.
 */
export function compareMibTcpRow2(a: MIB_TCPROW2, b: MIB_TCPROW2): number {
  return (
    ntohl(a.dwLocalAddr) - ntohl(b.dwLocalAddr) ||
    ntohs(a.dwLocalPort) - ntohs(b.dwLocalPort) ||
    ntohl(a.dwRemoteAddr) - ntohl(b.dwRemoteAddr) ||
    ntohs(a.dwRemotePort) - ntohs(b.dwRemotePort)
  );
}

/**
 * Compares two IPv6 rows by (local address bytes, local port, remote address bytes, remote port); ports in
 * host order. Scope ids are not part of the key (the reference gives none for GetTcp6Table2; unconfirmed).
 */
export function compareMibTcp6Row2(a: MIB_TCP6ROW2, b: MIB_TCP6ROW2): number {
  return (
    compareBytes(a.LocalAddr, b.LocalAddr) ||
    ntohs(a.dwLocalPort) - ntohs(b.dwLocalPort) ||
    compareBytes(a.RemoteAddr, b.RemoteAddr) ||
    ntohs(a.dwRemotePort) - ntohs(b.dwRemotePort)
  );
}

/** Lexicographic comparison of two byte strings (a shorter prefix sorts first). */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
