import { parseBy, parseSchedule, parseSeconds } from '../../cli/parse-options';

test('valid values', () => {
  expect(parseBy('15')).toBe(15);
  expect(parseSchedule('5,20,100')).toEqual([5, 20, 100]);
  expect(parseSeconds('--timeout', '600')).toBe(600);
});

test.each([
  [() => parseBy('0'), '--by must be a whole number from 1 to 100, got: "0"'],
  [() => parseBy('101'), '--by must be a whole number from 1 to 100, got: "101"'],
  [() => parseBy('12.5'), '--by must be a whole number from 1 to 100, got: "12.5"'],
  [() => parseBy('-5'), '--by must be a whole number from 1 to 100, got: "-5"'],
  [() => parseBy('ten'), '--by must be a whole number from 1 to 100, got: "ten"'],
  [() => parseSchedule('10,,50'), '--schedule must be a whole number from 1 to 100, got: ""'],
  [() => parseSchedule('10,150'), '--schedule must be a whole number from 1 to 100, got: "150"'],
  [() => parseSchedule('50,25'), '--schedule must rise, got: "50,25" (25 after 50)'],
  [() => parseSchedule('25,25'), '--schedule must rise, got: "25,25" (25 after 25)'],
  [() => parseSeconds('--timeout', '0'), '--timeout must be a whole number from 1 to 86400, got: "0"'],
  [() => parseSeconds('--interval', '1m'), '--interval must be a whole number from 1 to 86400, got: "1m"'],
])('bad flag value %#', (parse, message) => {
  expect(parse).toThrow(message);
});
