import { shortSha } from '../../domain/delivery/image';
import { previewCommentMarker } from '../../domain/naming';
import type { GitHubApi } from './github';

/** Where a preview's comment goes and what it says. */
export interface PreviewCommentTarget {
  readonly repository: string;
  readonly pullRequest: number;
  readonly cluster: string;
  readonly service: string;
}

export function livePreviewComment(target: PreviewCommentTarget, url: string, sha: string, ttlHours: number): string {
  return [
    previewCommentMarker(target.cluster, target.service),
    `**Preview of \`${target.service}\`** (cluster ${target.cluster}): ${url}`,
    '',
    `Running commit ${sha} (\`${shortSha(sha)}\`). Every push whose checks pass updates it; it is deleted when this pull request is merged or closed, or ${ttlHours} h after the last green push.`,
  ].join('\n');
}

export function removedPreviewComment(target: PreviewCommentTarget, reason: string): string {
  return [
    previewCommentMarker(target.cluster, target.service),
    `**Preview of \`${target.service}\`** (cluster ${target.cluster}): deleted (${reason}).`,
  ].join('\n');
}

/**
 * Writes the pull request's one preview comment: edits the comment that starts with the marker,
 * or creates it. `onlyIfPresent` edits but never creates (a deletion needs no new comment).
 */
export async function upsertPreviewComment(
  github: GitHubApi,
  target: PreviewCommentTarget,
  body: string,
  onlyIfPresent = false,
): Promise<void> {
  const marker = previewCommentMarker(target.cluster, target.service);
  const existing = (await github.comments(target.repository, target.pullRequest)).find((comment) => comment.body?.startsWith(marker));
  if (existing) {
    if (existing.body !== body) await github.updateComment(target.repository, existing.id, body);
  } else if (!onlyIfPresent) {
    await github.createComment(target.repository, target.pullRequest, body);
  }
}
