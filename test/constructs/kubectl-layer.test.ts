import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../domain/kubernetes-releases';
import { KUBECTL_LAYERS, kubectlLayerFor } from '../../constructs';

test('every version the config accepts has its kubectl layer, and no other', () => {
  expect(Object.keys(KUBECTL_LAYERS).sort()).toEqual([...SUPPORTED_KUBERNETES_VERSIONS].sort());
});

test('the layer of a supported version is a Lambda layer in the stack', () => {
  const stack = new Stack();
  kubectlLayerFor(stack, '1.33');
  Template.fromStack(stack).resourceCountIs('AWS::Lambda::LayerVersion', 1);
});

test('an unsupported version fails with the installed ones named', () => {
  expect(() => kubectlLayerFor(new Stack(), '1.20')).toThrow(
    'no kubectl layer installed for Kubernetes 1.20 (installed: 1.33, 1.34, 1.35)',
  );
});
