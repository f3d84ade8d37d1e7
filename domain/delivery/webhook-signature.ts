import { createHmac, timingSafeEqual } from 'node:crypto';

/** GitHub's header: `sha256=` and the hex HMAC-SHA256 of the raw body with the webhook secret. */
const PREFIX = 'sha256=';

/**
 * Whether a delivery really comes from GitHub: the HMAC-SHA256 of the raw body, keyed with the
 * webhook secret, compared in constant time, before anything parses the body
 * (https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries).
 */
export function validSignature(secret: string, rawBody: Uint8Array, header: string | undefined): boolean {
  if (!secret || !header?.startsWith(PREFIX)) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(header.slice(PREFIX.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The header value GitHub would send for a body: for tests and the local stand-ins. */
export function signature(secret: string, rawBody: Uint8Array | string): string {
  return `${PREFIX}${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}
