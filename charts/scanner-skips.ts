/**
 * A finding of a Kubernetes manifest scanner that stands by design, skipped on the one object it
 * concerns, with why. checkov reads `checkov.io/skip<n>: <check>=<reason>` annotations
 * (checkov/kubernetes/kubernetes_utils.py, SKIP_ANNOTATION_PREFIXES; it splits on '=', so a reason
 * holds none); kube-score reads `kube-score/ignore: <check>,<check>` on the object or its pod
 * template (https://github.com/zegl/kube-score, scorecard/scorecard.go) and keeps no reason, so the
 * reason lives here, in the code that adds the skip.
 */
export interface ScannerSkip {
  /** `checkov` or `kube-score`. */
  readonly tool: 'checkov' | 'kube-score';
  /** The check id: `CKV_K8S_40`, `container-security-context-user-group-id`. */
  readonly check: string;
  /** Why the finding stands: a sentence, no '='. */
  readonly reason: string;
}

/** The annotations that skip these findings on one object (none when there is nothing to skip). */
export function scannerSkipAnnotations(skips: readonly ScannerSkip[]): Record<string, string> {
  const annotations: Record<string, string> = {};
  const checkov = skips.filter((skip) => skip.tool === 'checkov');
  checkov.forEach(({ check, reason }, i) => {
    if (reason.includes('=')) throw new Error(`the reason to skip ${check} holds '=', which checkov cannot read: ${reason}`);
    annotations[`checkov.io/skip${i + 1}`] = `${check}=${reason}`;
  });
  const kubeScore = skips.filter((skip) => skip.tool === 'kube-score').map((skip) => skip.check);
  if (kubeScore.length > 0) annotations['kube-score/ignore'] = kubeScore.join(',');
  return annotations;
}
