import nodemailer from "nodemailer";

// Outgoing e-mail through the council's SMTP relay, configured from the environment. With no
// SMTP_HOST there is no mailer: reminders are then kept in the outbox and shown in the app.

export interface SmtpSettings {
  host: string;
  port: number;
  /** true: TLS from the start (usually port 465); false: STARTTLS when the server offers it. */
  secure: boolean;
  user: string | null;
  password: string | null;
  from: string;
}

type Env = Record<string, string | undefined>;

export const DEFAULT_MAIL_FROM = "Followthrough <followthrough@localhost>";
export const DEFAULT_APP_URL = "http://localhost:3000";

/** SMTP settings from SMTP_HOST, SMTP_PORT, SMTP_SECURE, SMTP_USER, SMTP_PASSWORD and MAIL_FROM; null without SMTP_HOST. */
export function smtpSettingsFromEnv(env: Env = process.env): SmtpSettings | null {
  const host = env.SMTP_HOST?.trim();
  if (!host) return null;
  const secure = ["1", "true", "yes"].includes((env.SMTP_SECURE ?? "").trim().toLowerCase());
  const port = env.SMTP_PORT?.trim() ? Number(env.SMTP_PORT) : secure ? 465 : 587;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`SMTP_PORT must be a port number (got "${env.SMTP_PORT}")`);
  return {
    host,
    port,
    secure,
    user: env.SMTP_USER?.trim() || null,
    password: env.SMTP_PASSWORD ?? null,
    from: env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM,
  };
}

/** The address people reach the app at, for links in e-mails and feeds (APP_URL). */
export function appBaseUrl(env: Env = process.env): string {
  return (env.APP_URL?.trim() || DEFAULT_APP_URL).replace(/\/+$/, "");
}

/** APP_URL when it is set, otherwise the address the request came to. */
export function requestBaseUrl(request: Request, env: Env = process.env): string {
  return env.APP_URL?.trim() ? appBaseUrl(env) : new URL(request.url).origin;
}

/** An absolute link to `path` (which starts with "/"), on `requestBaseUrl`. */
export function absoluteAppUrl(path: string, request: Request, env: Env = process.env): string {
  return `${requestBaseUrl(request, env)}${path}`;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export function createMailer(settings: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: settings.user ? { user: settings.user, pass: settings.password ?? "" } : undefined,
    // A relay that is down should fail this run quickly, not hang the cron job.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      await transport.sendMail({ from: settings.from, ...message });
    },
    close() {
      transport.close();
    },
  };
}

/** Whether reminders go out by e-mail or stay in the app. */
export function isMailConfigured(env: Env = process.env): boolean {
  return Boolean(env.SMTP_HOST?.trim());
}
