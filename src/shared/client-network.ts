// The network a request comes from, as the rate limits, bans and client hash count readers. An IPv4
// address is one reader (or one household or office behind it). An IPv6 user is given a whole /64 by
// their provider, 2^64 addresses to choose from, so counting single IPv6 addresses would let anyone step
// around a limit by changing the last half of theirs; the /64 is counted instead.
import { isIPv4, isIPv6 } from 'node:net';

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

export function clientNetwork(address: string): string {
  const mapped = MAPPED_IPV4.exec(address);
  if (mapped) return mapped[1]!;
  if (isIPv4(address)) return address;
  const bare = address.split('%')[0]!; // a zone ("fe80::1%eth0") is the local interface, not the reader
  if (!isIPv6(bare)) return address;
  return `${firstFourGroups(bare).join(':')}::/64`;
}

/** The first four 16-bit groups of an IPv6 address, in lower case without leading zeros. */
function firstFourGroups(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::');
  const headGroups = head === '' ? [] : head.split(':');
  let groups = headGroups;
  if (tail !== undefined) {
    const tailGroups = tail === '' ? [] : tail.split(':');
    // An IPv4 address written at the end takes the place of two groups.
    const tailLength = tailGroups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
    groups = [...headGroups, ...Array<string>(8 - headGroups.length - tailLength).fill('0'), ...tailGroups];
  }
  return groups.slice(0, 4).map((g) => (g.includes('.') ? g : (parseInt(g, 16) || 0).toString(16)));
}
