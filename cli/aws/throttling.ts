/**
 * Error names that mean "ask again later". The SDK already retries them a few times; a command
 * that polls (traffic verify) keeps going with its own, longer backoff.
 */
const RETRY_LATER = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  // Route 53: another change to the same resource is still being applied.
  'PriorRequestNotComplete',
]);

export function isRetryLater(error: unknown): boolean {
  return error instanceof Error && RETRY_LATER.has(error.name);
}
