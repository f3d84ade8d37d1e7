import { CliError, EXIT_ERROR, EXIT_NO } from '../../cli/cli-error';
import { errorOutcome } from '../../cli/error-outcome';
import { ConfigError } from '../../config';
import { DomainError } from '../../domain/domain-error';

test.each([
  ['a CliError keeps its exit code', new CliError('not safe', EXIT_NO), { line: 'kubeshift: not safe', exitCode: EXIT_NO }],
  [
    'a ConfigError names the field',
    new ConfigError(['services', 'auth', 'port'], 'must be an integer 1–65535, got: 0'),
    { line: 'kubeshift: invalid config: services.auth.port: must be an integer 1–65535, got: 0', exitCode: EXIT_ERROR },
  ],
  [
    'a DomainError is its message',
    new DomainError('unknown cluster green (clusters: blue)'),
    { line: 'kubeshift: unknown cluster green (clusters: blue)', exitCode: EXIT_ERROR },
  ],
  [
    'a bug says its type, so it is not mistaken for an answer',
    new TypeError('x is undefined'),
    { line: 'kubeshift: TypeError: x is undefined', exitCode: EXIT_ERROR },
  ],
  ['a thrown string', 'boom', { line: 'kubeshift: boom', exitCode: EXIT_ERROR }],
])('%s', (_name, error, outcome) => {
  expect(errorOutcome(error)).toEqual(outcome);
});
