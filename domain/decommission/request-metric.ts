/** A CloudWatch metric dimension, in the shape the SDK takes. */
export interface MetricDimension {
  readonly Name: string;
  readonly Value: string;
}

/** The CloudWatch metric that counts what a load balancer served. */
export interface RequestMetric {
  readonly kind: 'application' | 'network' | 'classic';
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: readonly MetricDimension[];
}

/**
 * The request-count metric of a Beanstalk load balancer, from the name DescribeEnvironmentResources
 * gives. ALB and NLB metrics take the ARN's tail (`app/<name>/<id>`) as the `LoadBalancer`
 * dimension. An NLB sees connections, not requests: its new flows stand in for requests.
 */
export function requestMetricFor(loadBalancer: string): RequestMetric {
  const tail = /:loadbalancer\/((app|net)\/[^/]+\/[^/]+)$/.exec(loadBalancer);
  if (tail && tail[2] === 'app') {
    return {
      kind: 'application',
      namespace: 'AWS/ApplicationELB',
      metricName: 'RequestCount',
      dimensions: [{ Name: 'LoadBalancer', Value: tail[1] }],
    };
  }
  if (tail) {
    return {
      kind: 'network',
      namespace: 'AWS/NetworkELB',
      metricName: 'NewFlowCount',
      dimensions: [{ Name: 'LoadBalancer', Value: tail[1] }],
    };
  }
  return {
    kind: 'classic',
    namespace: 'AWS/ELB',
    metricName: 'RequestCount',
    dimensions: [{ Name: 'LoadBalancerName', Value: loadBalancer }],
  };
}
