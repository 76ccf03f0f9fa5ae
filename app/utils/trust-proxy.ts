// Whose word the server takes for the client's address. Without a proxy in front, X-Forwarded-For
// is whatever the client chose to send, so the address is the socket's. Behind proxies that each
// append the address they saw, TRUST_PROXY=<hops> says how many of them to believe: the client is
// the address that many entries from the end of X-Forwarded-For.

/** Express's `trust proxy` setting for TRUST_PROXY: false (the socket), or a number of hops. */
export function trustProxySetting(value: string | undefined): false | number {
  const text = (value ?? "").trim().toLowerCase();
  if (text === "" || text === "0" || text === "false" || text === "no") return false;
  if (/^[1-9][0-9]?$/.test(text)) return Number(text);
  throw new Error(
    `TRUST_PROXY must be the number of proxies in front of the server (for example 1), or 0 for none; it is "${value}"`,
  );
}

/** An address as people write it: IPv4 clients on a dual-stack socket lose the "::ffff:" prefix. */
export function normaliseAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  const plain = address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
  return plain.slice(0, 64);
}
