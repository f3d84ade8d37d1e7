import { podResourcesFor } from '../../config';

const need = { cpuMillis: 250, memoryMebibytes: 512 };

test('Guaranteed: requests equal limits equal the measured need', () => {
  expect(podResourcesFor('Guaranteed', need, 0.5)).toEqual({ requests: need, limits: need });
});

test('Burstable: requests are the need times the ratio, limits the need', () => {
  expect(podResourcesFor('Burstable', need, 0.3)).toEqual({
    requests: { cpuMillis: 75, memoryMebibytes: 154 },
    limits: need,
  });
});

test('Burstable: a tiny ratio never yields a zero request', () => {
  const { requests } = podResourcesFor('Burstable', { cpuMillis: 1, memoryMebibytes: 1 }, 0.01);
  expect(requests).toEqual({ cpuMillis: 1, memoryMebibytes: 1 });
});

test('BestEffort: neither requests nor limits', () => {
  expect(podResourcesFor('BestEffort', need, 0.5)).toEqual({});
});
