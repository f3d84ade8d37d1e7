/**
 * Image references as CI pushes them: `<image repository>:<full commit sha>`. The config's
 * `image` names the repository (and, for the first deploy, a tag); delivery swaps the tag.
 * Reference grammar: https://github.com/distribution/reference (a tag follows the last `:` after
 * the last `/`; a digest follows `@`).
 */

/** A full Git commit SHA-1, as GitHub sends `head_sha`. */
const COMMIT_SHA = /^[0-9a-f]{40}$/;

export function isCommitSha(text: string): boolean {
  return COMMIT_SHA.test(text);
}

/** The image without its tag or digest: `registry/name:1.0.0@sha256:…` → `registry/name`. */
export function imageRepository(image: string): string {
  const withoutDigest = image.split('@')[0];
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
}

/** The tag of an image, if it has one (`registry:5000/name` has none: that colon is a port's). */
export function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0];
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(colon + 1) : undefined;
}

/** The image CI pushed for a commit: the config's image repository, tagged with the full SHA. */
export function commitImage(configImage: string, sha: string): string {
  return `${imageRepository(configImage)}:${sha}`;
}

/** Seven characters, as GitHub abbreviates a SHA in its pages. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}
