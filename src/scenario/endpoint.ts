/** `address:port` text as scenarios write it: `10.0.0.1:49152`, `[fe80::1]:443`. */
import { parseIpv4Address, parseIpv6Address } from '../table/parseAddress.js';

export interface Endpoint {
  address: string;
  port: number;
}

/** Splits and checks an endpoint; throws a RangeError saying what is wrong. */
export function parseEndpoint(text: string): Endpoint {
  const m = /^(?:\[([^\]]+)\]|([^:\[\]]+)):(\d+)$/.exec(text);
  if (!m) throw new RangeError(`'${text}' is not an address and port ("10.0.0.1:49152" or "[fe80::1]:443")`);
  const port = Number(m[3]);
  if (port > 0xffff) throw new RangeError(`port ${port} in '${text}' is not a port (0..65535)`);
  const address = (m[1] ?? m[2])!;
  if (m[1] !== undefined) parseIpv6Address(address);
  else parseIpv4Address(address);
  return { address, port };
}

export function formatEndpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** True for IPv4 or IPv6 address text. */
export function isAddress(text: string): boolean {
  try {
    (text.includes(':') ? parseIpv6Address : parseIpv4Address)(text);
    return true;
  } catch {
    return false;
  }
}
