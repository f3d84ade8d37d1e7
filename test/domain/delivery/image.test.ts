import { commitImage, imageRepository, imageTag, isCommitSha, shortSha } from '../../../domain/delivery/image';

const SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e';

test.each([
  ['123456789012.dkr.ecr.sa-east-1.amazonaws.com/auth:1.0.0', '123456789012.dkr.ecr.sa-east-1.amazonaws.com/auth', '1.0.0'],
  ['registry.example.com:5000/team/auth', 'registry.example.com:5000/team/auth', undefined],
  ['registry.example.com:5000/team/auth:2.1', 'registry.example.com:5000/team/auth', '2.1'],
  [`registry.example.com/auth:1.0.0@sha256:${'a'.repeat(64)}`, 'registry.example.com/auth', '1.0.0'],
  ['auth', 'auth', undefined],
])('%s: repository %s, tag %s (a registry port is not a tag)', (image, repository, tag) => {
  expect(imageRepository(image)).toBe(repository);
  expect(imageTag(image)).toBe(tag);
});

test('the image of a commit is the config image repository tagged with the full SHA', () => {
  expect(commitImage('registry.example.com:5000/auth:1.0.0', SHA)).toBe(`registry.example.com:5000/auth:${SHA}`);
  expect(shortSha(SHA)).toBe('6dcb09b');
});

test.each([
  [SHA, true],
  [SHA.slice(0, 39), false],
  [SHA.toUpperCase(), false],
  ['1.0.0', false],
])('isCommitSha(%s) is %s', (text, expected) => {
  expect(isCommitSha(text)).toBe(expected);
});
