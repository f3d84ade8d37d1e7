import { signature, validSignature } from '../../../domain/delivery/webhook-signature';

const SECRET = "It's a Secret to Everybody";
const BODY = Buffer.from('Hello, World!');

test("matches GitHub's documented example: secret, payload and the signature it gives", () => {
  // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
  const documented = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
  expect(signature(SECRET, BODY)).toBe(documented);
  expect(validSignature(SECRET, BODY, documented)).toBe(true);
});

test.each([
  ['no header', undefined],
  ['another algorithm', 'sha1=0a4d55a8d778e5022fab701977c5d840bbc486d0'],
  ['a signature of another body', signature(SECRET, 'Hello, World?')],
  ['a signature with another secret', signature('guess', BODY)],
  ['a truncated signature', signature(SECRET, BODY).slice(0, 40)],
  ['garbage', 'sha256=not-hex'],
])('refuses %s', (_name, header) => {
  expect(validSignature(SECRET, BODY, header)).toBe(false);
});

test('refuses everything when no secret is set, rather than accepting unsigned deliveries', () => {
  expect(validSignature('', BODY, signature('', BODY))).toBe(false);
});
