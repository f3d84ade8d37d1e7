/**
 * SSM parameter through which a cluster stack hands a service's load-balancer hostname to the
 * DNS stack. A parameter instead of a CloudFormation export: removing a service or a cluster is
 * then never blocked by an export still in use.
 */
export function loadBalancerParameterName(app: string, cluster: string, environment: string, service: string): string {
  return `/kubeshift/${app}/${cluster}/${environment}/${service}/load-balancer`;
}
