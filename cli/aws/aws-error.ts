import { CliError } from '../cli-error';

/** What the command was doing, to name it in the one line an AWS failure becomes. */
export interface AwsContext {
  /** The config file, named when a value from it (a zone id) is what AWS rejected. */
  readonly configPath: string;
  readonly hostedZoneId?: string;
}

const CREDENTIAL_ERRORS = new Set(['CredentialsProviderError', 'TokenProviderError']);
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError']);
const BAD_CREDENTIALS = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN']);

/**
 * Turns an AWS SDK failure into a CliError whose one line says what to do about it; anything
 * it does not recognise is returned unchanged for the entry point to print.
 */
export function explainAwsError(error: unknown, context: AwsContext): unknown {
  if (!(error instanceof Error)) return error;
  const name = error.name;
  if (CREDENTIAL_ERRORS.has(name)) {
    return new CliError(
      `no AWS credentials: ${error.message.split('\n')[0]} (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)`,
    );
  }
  if (BAD_CREDENTIALS.has(name)) {
    return new CliError(`AWS rejected the credentials (${name}): ${error.message}`);
  }
  if (name === 'NoSuchHostedZone') {
    return new CliError(
      `hosted zone ${context.hostedZoneId ?? ''} does not exist (dns.hostedZoneId in ${context.configPath}): ${error.message}`,
    );
  }
  if (ACCESS_DENIED.has(name)) {
    return new CliError(`access denied by AWS: ${error.message}`);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code && NETWORK_CODES.has(code)) {
    return new CliError(`cannot reach the AWS endpoint (${code}): ${error.message}`);
  }
  return error;
}

/** Runs an AWS-calling step, rethrowing its failure as explained by explainAwsError. */
export async function withAwsErrors<T>(context: AwsContext, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw explainAwsError(error, context);
  }
}
