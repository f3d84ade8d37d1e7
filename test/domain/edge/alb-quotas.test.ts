import { DomainError } from '../../../domain/domain-error';
import { EDGE_QUOTAS, TARGET_GROUPS_WARNING, checkEdgeQuotas, edgeQuotaFindings } from '../../../domain/edge/alb-quotas';
import { configFrom, fleetDocument, minimalDocument, variedDocument } from '../../fixtures';

const messages = (findings: { level: string; message: string }[]) => findings.map((finding) => `${finding.level}: ${finding.message}`);

test('a config well within every quota has no finding', () => {
  expect(edgeQuotaFindings(configFrom(minimalDocument()))).toEqual([]);
  expect(edgeQuotaFindings(configFrom(fleetDocument(300, 80)))).toEqual([]);
});

describe('target groups per load balancer (100, not adjustable)', () => {
  test('101 services in one group stop synth with one line naming the first one that does not fit, and the field to set', () => {
    const config = configFrom(fleetDocument(101, 200));
    expect(() => checkEdgeQuotas(config, 'blue')).toThrow(DomainError);
    expect(() => checkEdgeQuotas(config, 'blue')).toThrow(
      'services.service-100.loadBalancerGroup: load balancer 1 of production on cluster blue would serve 101 services, but an Application Load Balancer takes at most 100 target groups (not adjustable); set loadBalancerGroup of 1 of them, from service-100 on, to another group',
    );
    const [error] = edgeQuotaFindings(config);
    expect(error.message).not.toContain('\n');
  });

  test('exactly 100 fit, with a warning that the load balancer is nearly full', () => {
    const findings = checkEdgeQuotas(configFrom(fleetDocument(100, 100)), 'blue');
    expect(messages(findings)).toEqual([
      'warning: Target groups per Application Load Balancer: load balancer 1 of production on cluster blue serves 100 services of at most 100 (not adjustable); give new services another loadBalancerGroup',
      'warning: Target groups per Application Load Balancer: load balancer 1 of staging on cluster blue serves 100 services of at most 100 (not adjustable); give new services another loadBalancerGroup',
    ]);
  });

  test.each([
    [TARGET_GROUPS_WARNING, 0],
    [TARGET_GROUPS_WARNING + 1, 2],
  ])('%i services in a group give %i warnings (one per environment)', (count, warnings) => {
    expect(edgeQuotaFindings(configFrom(fleetDocument(count, 100)))).toHaveLength(warnings);
  });
});

test('rules per load balancer: past an (adjustable) quota, a warning naming the quota and the count', () => {
  const findings = edgeQuotaFindings(configFrom(fleetDocument(60, 100)), { ...EDGE_QUOTAS, rulesPerLoadBalancer: 50 });
  expect(messages(findings)).toContain(
    'warning: Rules per Application Load Balancer: load balancer 1 of production on cluster blue needs 60 rules, the default quota is 50; request an increase before deploying',
  );
});

test('load balancers per Region: every cluster × environment × group counts, with a warning past 50', () => {
  // 26 groups of one service, in production and staging: 52 load balancers.
  const findings = edgeQuotaFindings(configFrom(fleetDocument(26, 1)));
  expect(messages(findings)).toEqual([
    'warning: Application Load Balancers per Region: the clusters need 52 (blue 52), the default quota is 50; request an increase before deploying',
  ]);
  expect(findings[0].cluster).toBeUndefined();
  expect(edgeQuotaFindings(configFrom(fleetDocument(25, 1)))).toEqual([]);
});

test('target groups per Region: a warning past the quota', () => {
  const findings = edgeQuotaFindings(configFrom(fleetDocument(10)), { ...EDGE_QUOTAS, targetGroupsPerRegion: 15 });
  expect(messages(findings)).toEqual([
    'warning: Target groups per Region: the clusters need 20, the default quota is 15 (shared with Network Load Balancers); request an increase before deploying',
  ]);
});

test('inbound rules of the cluster security group: one per distinct pod port, with a warning past 60', () => {
  const document = fleetDocument(60);
  Object.values<any>(document.services).forEach((service, i) => (service.port = 8000 + i));
  expect(messages(edgeQuotaFindings(configFrom(document)))).toEqual([
    "warning: Inbound rules per security group: cluster blue's services listen on 60 distinct ports, so its cluster security group needs 61 inbound rules, the default quota is 60; request an increase before deploying",
  ]);
  document.services['service-059'].port = 8000;
  expect(edgeQuotaFindings(configFrom(document))).toEqual([]);
});

test("a cluster's stack reports its own findings and the Region's, not another cluster's", () => {
  const document = variedDocument({ blue: '1.35', green: '1.35' });
  for (let i = 0; i < 101; i++) {
    document.services[`job-${i}`] = { ...document.services.worker, environments: { staging: { weights: { green: 100 } } } };
  }
  const config = configFrom(document);
  expect(checkEdgeQuotas(config, 'blue')).toEqual([]);
  expect(() => checkEdgeQuotas(config, 'green')).toThrow(
    /^services\.job-99\.loadBalancerGroup: load balancer 1 of staging on cluster green would serve 102 services/,
  );
});
