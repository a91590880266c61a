// The network a request comes from, as the rate limits, bans and client hash count readers. An IPv4
// address is one reader (or one household or office behind it). An IPv6 user is given a whole /64 by
// their provider, 2^64 addresses to choose from, so counting single IPv6 addresses would let anyone step
// around a limit by changing the last half of theirs; the /64 is counted instead.
import ipaddr from 'ipaddr.js';

export function clientNetwork(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  // process() turns an IPv4-mapped IPv6 address ("::ffff:203.0.113.9") into the IPv4 one.
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return `${(parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16)).join(':')}::/64`;
}
