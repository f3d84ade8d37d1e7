import { createServer, type Server } from 'node:http';

/**
 * A stand-in for the two Elastic Beanstalk calls decommission-check makes, speaking the real AWS
 * Query protocol (form-encoded request, XML response) so that the SDK client serializes, sends,
 * parses and pages exactly as it would against AWS.
 *
 * Why not moto: moto 5.2.1 does not implement DescribeEnvironmentResources, and its environments
 * all have an empty CNAME, so DescribeEnvironments cannot find one by CNAME. Route 53 and
 * CloudWatch in the same tests are moto's.
 */
export interface StandInEnvironment {
  readonly name: string;
  readonly id: string;
  readonly cname: string;
  /** Load balancer names (Classic) or ARNs (ALB/NLB); empty for a single-instance environment. */
  readonly loadBalancers: readonly string[];
}

export interface BeanstalkStandIn {
  readonly endpoint: string;
  /** Every Action received, to prove the CLI went through this endpoint. */
  readonly actions: string[];
  setEnvironments(environments: readonly StandInEnvironment[]): void;
  stop(): Promise<void>;
}

const NAMESPACE = 'http://elasticbeanstalk.amazonaws.com/docs/2010-12-01/';
/** Small pages, so that the CLI's NextToken loop runs. */
const PAGE_SIZE = 2;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function respond(action: string, result: string): string {
  return `<${action}Response xmlns="${NAMESPACE}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata></${action}Response>`;
}

function error(code: string, message: string): string {
  return `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escape(message)}</Message></Error><RequestId>stand-in</RequestId></ErrorResponse>`;
}

export async function startBeanstalkStandIn(): Promise<BeanstalkStandIn> {
  let environments: readonly StandInEnvironment[] = [];
  const actions: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const form = new URLSearchParams(body);
      const action = form.get('Action') ?? '';
      actions.push(action);
      response.setHeader('content-type', 'text/xml');
      if (action === 'DescribeEnvironments') {
        const start = Number(form.get('NextToken') ?? 0);
        const page = environments.slice(start, start + PAGE_SIZE);
        const members = page
          .map(
            (env) =>
              `<member><EnvironmentName>${env.name}</EnvironmentName><EnvironmentId>${env.id}</EnvironmentId><CNAME>${env.cname}</CNAME><Status>Ready</Status></member>`,
          )
          .join('');
        const next = start + PAGE_SIZE < environments.length ? `<NextToken>${start + PAGE_SIZE}</NextToken>` : '';
        response.end(respond(action, `<Environments>${members}</Environments>${next}`));
        return;
      }
      if (action === 'DescribeEnvironmentResources') {
        const id = form.get('EnvironmentId');
        const env = environments.find((candidate) => candidate.id === id);
        if (!env) {
          response.statusCode = 400;
          response.end(error('InvalidParameterValue', `No Environment found for EnvironmentId = '${id}'.`));
          return;
        }
        const loadBalancers = env.loadBalancers.map((name) => `<member><Name>${escape(name)}</Name></member>`).join('');
        response.end(
          respond(
            action,
            `<EnvironmentResources><EnvironmentName>${env.name}</EnvironmentName><LoadBalancers>${loadBalancers}</LoadBalancers></EnvironmentResources>`,
          ),
        );
        return;
      }
      response.statusCode = 400;
      response.end(error('InvalidAction', `the stand-in does not implement ${action}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    actions,
    setEnvironments: (next) => {
      environments = next;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
