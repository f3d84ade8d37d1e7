import { EXIT_NO } from '../../cli/cli-error';
import { emit } from '../../cli/command-result';

afterEach(() => {
  process.exitCode = undefined;
  jest.restoreAllMocks();
});

test('emit prints the output with one newline and sets the exit code', () => {
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  emit({ output: 'Drift: 1 of 22 record groups differ', exitCode: EXIT_NO });
  expect(write).toHaveBeenCalledWith('Drift: 1 of 22 record groups differ\n');
  expect(process.exitCode).toBe(EXIT_NO);
});
