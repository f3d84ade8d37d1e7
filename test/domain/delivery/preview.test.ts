import { DELIVERY_ANNOTATIONS, livePreview, previewExpiry, previewLabels } from '../../../domain/delivery/preview';

const NOW = new Date('2026-11-26T12:00:00Z');
const SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e';

test('every green push moves the expiry ttlHours ahead', () => {
  expect(previewExpiry(NOW, 72).toISOString()).toBe('2026-11-29T12:00:00.000Z');
});

test('labels written for a preview read back as the same preview', () => {
  const identity = { service: 'auth', pullRequest: 42, repository: 'descomplica/auth' };
  const expiresAt = previewExpiry(NOW, 72);
  const labels = previewLabels(identity, expiresAt);
  // Every value is a valid label value (no slash, no colon).
  for (const value of Object.values(labels)) expect(value).toMatch(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/);
  const annotations = { [DELIVERY_ANNOTATIONS.repository]: 'descomplica/auth', [DELIVERY_ANNOTATIONS.commit]: SHA };
  expect(livePreview('pr-42-auth', labels, annotations)).toEqual({ namespace: 'pr-42-auth', ...identity, expiresAt, sha: SHA });
});

test.each([
  ['not marked as a preview', { 'kubeshift.io/service': 'auth', 'kubeshift.io/pull-request': '42' }],
  ['no pull request number', { 'kubeshift.io/preview': 'true', 'kubeshift.io/service': 'auth' }],
  [
    'a pull request number that is not one',
    { 'kubeshift.io/preview': 'true', 'kubeshift.io/service': 'auth', 'kubeshift.io/pull-request': 'x' },
  ],
])('a namespace %s is no preview of ours', (_name, labels) => {
  expect(livePreview('pr-42-auth', labels, { [DELIVERY_ANNOTATIONS.repository]: 'descomplica/auth' })).toBeUndefined();
});

test('a preview without a readable expiry is kept until its pull request closes', () => {
  const labels = { 'kubeshift.io/preview': 'true', 'kubeshift.io/service': 'auth', 'kubeshift.io/pull-request': '42' };
  expect(livePreview('pr-42-auth', labels, { [DELIVERY_ANNOTATIONS.repository]: 'descomplica/auth' })?.expiresAt).toBeUndefined();
});
