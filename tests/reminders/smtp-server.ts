import net from "node:net";
import { SMTPServer } from "smtp-server";

export interface CapturedMessage {
  from: string;
  to: string[];
  raw: string;
}

/**
 * A real SMTP server on loopback that keeps what it receives. Plain SMTP only (no STARTTLS), as a
 * relay inside a council network might be; `refuse` names recipients it turns away.
 */
export async function startSmtpServer(options: { refuse?: string[]; holdUntilConcurrent?: number } = {}) {
  const messages: CapturedMessage[] = [];
  // holdUntilConcurrent (ms): each message waits, up to that long, until two are being received at
  // the same moment (two senders at work at once, each sending one at a time); then none waits.
  let receiving = 0;
  let overlapped = false;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const hold = async () => {
    receiving += 1;
    if (receiving >= 2) {
      overlapped = true;
      release();
    }
    if (options.holdUntilConcurrent) {
      await Promise.race([gate, new Promise((resolve) => setTimeout(resolve, options.holdUntilConcurrent))]);
    }
    receiving -= 1;
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.refuse?.includes(address.address)) {
        const error = Object.assign(new Error(`Mailbox ${address.address} unavailable`), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        await hold();
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as net.AddressInfo).port;
  return {
    port,
    messages,
    /** Whether two messages were ever being received at the same moment. */
    overlapped: () => overlapped,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nothing listens on, for a relay that is down. */
export async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The message with quoted-printable soft line breaks and escapes undone, good enough to search. */
export function readable(raw: string): string {
  return raw
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\r\n/g, "\n");
}
