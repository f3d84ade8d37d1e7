import {
  DescribeEnvironmentResourcesCommand,
  DescribeEnvironmentsCommand,
  ElasticBeanstalkClient,
} from '@aws-sdk/client-elastic-beanstalk';
import { mockClient } from 'aws-sdk-client-mock';
import { findEnvironmentByCname, loadBalancersOf } from '../../../cli/decommission/environment';

const beanstalkMock = mockClient(ElasticBeanstalkClient);
beforeEach(() => beanstalkMock.reset());

test('finds the environment by CNAME across pages, ignoring case and a trailing dot', async () => {
  beanstalkMock
    .on(DescribeEnvironmentsCommand, { NextToken: undefined })
    .resolves({
      Environments: [{ EnvironmentName: 'search-prod', EnvironmentId: 'e-1', CNAME: 'search-prod.sa-east-1.elasticbeanstalk.com' }],
      NextToken: 'p2',
    })
    .on(DescribeEnvironmentsCommand, { NextToken: 'p2' })
    .resolves({
      Environments: [
        { EnvironmentName: 'auth-prod', EnvironmentId: 'e-2', CNAME: 'Auth-Prod.sa-east-1.elasticbeanstalk.com', Status: 'Ready' },
      ],
    });
  expect(await findEnvironmentByCname(new ElasticBeanstalkClient({}), 'auth-prod.sa-east-1.elasticbeanstalk.com.')).toEqual({
    name: 'auth-prod',
    id: 'e-2',
    status: 'Ready',
  });
  expect(beanstalkMock.commandCalls(DescribeEnvironmentsCommand)[0].args[0].input).toMatchObject({ IncludeDeleted: false });
});

test('no environment with the CNAME: undefined', async () => {
  beanstalkMock.on(DescribeEnvironmentsCommand).resolves({ Environments: [] });
  expect(await findEnvironmentByCname(new ElasticBeanstalkClient({}), 'gone.sa-east-1.elasticbeanstalk.com')).toBeUndefined();
});

test('load balancers come from DescribeEnvironmentResources; none for a single instance', async () => {
  beanstalkMock
    .on(DescribeEnvironmentResourcesCommand, { EnvironmentId: 'e-2' })
    .resolves({ EnvironmentResources: { LoadBalancers: [{ Name: 'arn:aws:elasticloadbalancing:sa-east-1:1:loadbalancer/app/eb/abc' }] } })
    .on(DescribeEnvironmentResourcesCommand, { EnvironmentId: 'e-3' })
    .resolves({ EnvironmentResources: { LoadBalancers: [] } });
  expect(await loadBalancersOf(new ElasticBeanstalkClient({}), 'e-2')).toEqual([
    'arn:aws:elasticloadbalancing:sa-east-1:1:loadbalancer/app/eb/abc',
  ]);
  expect(await loadBalancersOf(new ElasticBeanstalkClient({}), 'e-3')).toEqual([]);
});
