import { explainAwsError, withAwsErrors } from '../../../cli/aws/aws-error';
import { isRetryLater } from '../../../cli/aws/throttling';
import { CliError } from '../../../cli/cli-error';

const named = (name: string, message: string, extra: object = {}) => Object.assign(new Error(message), { name, ...extra });
const context = { configPath: 'config/example.yaml', hostedZoneId: 'Z0123' };

test.each([
  [
    named('CredentialsProviderError', 'Could not load credentials from any providers'),
    'no AWS credentials: Could not load credentials from any providers (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)',
  ],
  [
    named('NoSuchHostedZone', 'No hosted zone found with ID: Z0123'),
    'hosted zone Z0123 does not exist (dns.hostedZoneId in config/example.yaml): No hosted zone found with ID: Z0123',
  ],
  [
    named('AccessDenied', 'User: x is not authorized to perform: route53:ListResourceRecordSets'),
    'access denied by AWS: User: x is not authorized to perform: route53:ListResourceRecordSets',
  ],
  [
    named('InvalidClientTokenId', 'The security token included in the request is invalid.'),
    'AWS rejected the credentials (InvalidClientTokenId): The security token included in the request is invalid.',
  ],
  [
    named('Error', 'connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' }),
    'cannot reach the AWS endpoint (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:1',
  ],
])('%p becomes one actionable line', (error, message) => {
  const explained = explainAwsError(error, context);
  expect(explained).toBeInstanceOf(CliError);
  expect((explained as CliError).message).toBe(message);
});

test('anything else passes through unchanged for the entry point', async () => {
  const error = named('InternalFailure', 'boom');
  expect(explainAwsError(error, context)).toBe(error);
  await expect(withAwsErrors(context, () => Promise.reject(error))).rejects.toBe(error);
});

test.each([
  ['Throttling', true],
  ['PriorRequestNotComplete', true],
  ['ThrottlingException', true],
  ['AccessDenied', false],
])('%s is retried later: %p', (name, retry) => {
  expect(isRetryLater(named(name, 'x'))).toBe(retry);
});
