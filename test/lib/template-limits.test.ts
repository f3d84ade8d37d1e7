import { TEMPLATE_LIMITS, templateLimitViolations } from '../../lib/template-limits';

const template = (resources: number, extra: Record<string, unknown> = {}) => ({
  file: 'shop-cluster-blue.template.json',
  body: JSON.stringify({
    Resources: Object.fromEntries(Array.from({ length: resources }, (_, i) => [`Resource${i}`, { Type: 'AWS::SSM::Parameter' }])),
    ...extra,
  }),
});

test('a template within every quota passes', () => {
  expect(templateLimitViolations([template(TEMPLATE_LIMITS.resources)])).toEqual([]);
});

test('one resource too many is named with the file and the quota', () => {
  expect(templateLimitViolations([template(TEMPLATE_LIMITS.resources + 1)])).toEqual([
    'shop-cluster-blue.template.json: 501 resources, CloudFormation allows 500',
  ]);
});

test('a template over 1 MB is named', () => {
  const large = template(1, { Metadata: { padding: 'x'.repeat(TEMPLATE_LIMITS.bytes) } });
  expect(templateLimitViolations([large])).toEqual([
    expect.stringMatching(/^shop-cluster-blue\.template\.json: \d+ bytes, CloudFormation allows 1000000$/),
  ]);
});

test('too many parameters and outputs are named too', () => {
  const keys = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`Key${i}`, { Type: 'String' }]));
  expect(templateLimitViolations([template(1, { Parameters: keys(201), Outputs: keys(201) })])).toEqual([
    'shop-cluster-blue.template.json: 201 parameters, CloudFormation allows 200',
    'shop-cluster-blue.template.json: 201 outputs, CloudFormation allows 200',
  ]);
});
