import { scannerSkipAnnotations } from '../../charts';

describe('scannerSkipAnnotations', () => {
  test('numbers checkov skips with their reasons and joins kube-score checks on one annotation', () => {
    expect(
      scannerSkipAnnotations([
        { tool: 'checkov', check: 'CKV_K8S_8', reason: 'It serves no port' },
        { tool: 'kube-score', check: 'pod-probes', reason: 'It serves no port' },
        { tool: 'checkov', check: 'CKV_K8S_9', reason: 'It takes no traffic' },
        { tool: 'kube-score', check: 'pod-networkpolicy', reason: 'Another reason' },
      ]),
    ).toEqual({
      'checkov.io/skip1': 'CKV_K8S_8=It serves no port',
      'checkov.io/skip2': 'CKV_K8S_9=It takes no traffic',
      'kube-score/ignore': 'pod-probes,pod-networkpolicy',
    });
  });

  test('adds nothing when nothing is skipped', () => {
    expect(scannerSkipAnnotations([])).toEqual({});
  });

  test("refuses a checkov reason with '=', which checkov would split in the wrong place", () => {
    expect(() => scannerSkipAnnotations([{ tool: 'checkov', check: 'CKV_K8S_8', reason: 'port=none' }])).toThrow(
      "the reason to skip CKV_K8S_8 holds '=', which checkov cannot read: port=none",
    );
  });
});
