import { formatCpu, formatMemory, parseCpuMillis, parseMemoryMebibytes } from '../../config';

test.each([
  ['250m', 250],
  ['1', 1000],
  ['1.5', 1500],
  ['0.1', 100],
])('CPU %s is %i millicores', (text, millis) => {
  expect(parseCpuMillis(text)).toBe(millis);
});

test.each([
  ['512Mi', 512],
  ['1Gi', 1024],
  ['1.5Gi', 1536],
  ['1024Ki', 1],
  ['1G', 954],
])('memory %s is %i MiB (rounded up)', (text, mebibytes) => {
  expect(parseMemoryMebibytes(text)).toBe(mebibytes);
});

test.each(['', 'm', '250 m', '-1', 'one', '1.5.5'])('"%s" is not a CPU quantity', (text) => {
  expect(parseCpuMillis(text)).toBeUndefined();
});

test.each(['', 'Mi', '512MB', '512 Mi', '-5Mi'])('"%s" is not a memory quantity', (text) => {
  expect(parseMemoryMebibytes(text)).toBeUndefined();
});

test('formats back to the form kubectl prints', () => {
  expect(formatCpu(250)).toBe('250m');
  expect(formatMemory(512)).toBe('512Mi');
});
