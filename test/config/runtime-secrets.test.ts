import { needsAwsIdentity } from '../../config';
import { configFrom, exampleConfig, expectRefused, minimalDocument, set, type Edit } from '../fixtures';

const DB = 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:auth/db-AbCdEf';
const KEYS = 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:auth/keys-XyZ12a';
const FLAGS = 'arn:aws:ssm:sa-east-1:123456789012:parameter/auth/flags';
const QUEUE = 'arn:aws:sqs:sa-east-1:123456789012:auth-events';

/** The minimal config with issue 10's auth: env, secrets and iam. */
function withRuntime(): Record<string, any> {
  const document = minimalDocument();
  Object.assign(document.services.auth, {
    env: { LOG_LEVEL: 'info' },
    secrets: { DATABASE_URL: DB, API_KEY: { arn: KEYS, key: 'apiKey' }, FLAGS },
    iam: {
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
      statements: [{ actions: ['sqs:SendMessage'], resources: [QUEUE] }],
    },
  });
  return document;
}

describe('secrets and iam', () => {
  test('reads each secret as its ARN, its store and its JSON key, and the role permissions', () => {
    const [production] = configFrom(withRuntime()).services[0].environments;
    expect(production.secrets).toEqual({
      DATABASE_URL: { arn: DB, store: 'secretsmanager' },
      API_KEY: { arn: KEYS, store: 'secretsmanager', key: 'apiKey' },
      FLAGS: { arn: FLAGS, store: 'ssmparameter' },
    });
    expect(production.iam).toEqual({
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
      statements: [{ actions: ['sqs:SendMessage'], resources: [QUEUE] }],
    });
    expect(needsAwsIdentity(production)).toBe(true);
  });

  test("an environment's secrets are laid over the service's by variable name", () => {
    const document = withRuntime();
    const stagingDb = 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:auth/staging-db-QwErTy';
    document.services.auth.environments.staging.secrets = { DATABASE_URL: stagingDb };
    const [production, staging] = configFrom(document).services[0].environments;
    expect(production.secrets.DATABASE_URL.arn).toBe(DB);
    expect(staging.secrets.DATABASE_URL.arn).toBe(stagingDb);
    expect(Object.keys(staging.secrets)).toEqual(['DATABASE_URL', 'API_KEY', 'FLAGS']);
  });

  test("an environment's iam replaces the service's as a whole: staging never inherits production's resources", () => {
    const document = withRuntime();
    const stagingQueue = 'arn:aws:sqs:sa-east-1:123456789012:auth-events-staging';
    document.services.auth.environments.staging.iam = { statements: [{ actions: ['sqs:SendMessage'], resources: [stagingQueue] }] };
    const [production, staging] = configFrom(document).services[0].environments;
    expect(production.iam?.statements[0].resources).toEqual([QUEUE]);
    expect(staging.iam).toEqual({ managedPolicyArns: [], statements: [{ actions: ['sqs:SendMessage'], resources: [stagingQueue] }] });
  });

  test('an empty iam in an environment drops the permissions there', () => {
    const document = minimalDocument();
    document.services.auth.iam = { statements: [{ actions: ['sqs:SendMessage'], resources: [QUEUE] }] };
    document.services.auth.environments.staging.iam = {};
    const [production, staging] = configFrom(document).services[0].environments;
    expect([needsAwsIdentity(production), needsAwsIdentity(staging)]).toEqual([true, false]);
  });

  test('a service with neither secrets nor iam needs no AWS identity', () => {
    const [production] = configFrom(minimalDocument()).services[0].environments;
    expect(production.secrets).toEqual({});
    expect(production.iam).toBeUndefined();
    expect(needsAwsIdentity(production)).toBe(false);
  });

  test.each<[string, Edit, string]>([
    [
      'a secret ARN without the 6-character suffix',
      set('services.auth.secrets.DATABASE_URL', 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:auth/db'),
      'services.auth.secrets.DATABASE_URL: must be the full ARN of a Secrets Manager secret, with its 6-character suffix',
    ],
    [
      'a secret name instead of an ARN',
      set('services.auth.secrets.DATABASE_URL', 'auth/db'),
      'services.auth.secrets.DATABASE_URL: must be the full ARN of a Secrets Manager secret',
    ],
    [
      'an ARN of another service',
      set('services.auth.secrets.DATABASE_URL', 'arn:aws:s3:::auth-config/db.txt'),
      'services.auth.secrets.DATABASE_URL: must be the full ARN',
    ],
    [
      'a bad ARN inside the { arn, key } form',
      set('services.auth.secrets.API_KEY', { arn: 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:auth/keys', key: 'apiKey' }),
      'services.auth.secrets.API_KEY.arn: must be the full ARN of a Secrets Manager secret',
    ],
    [
      'an unknown key in the { arn, key } form',
      set('services.auth.secrets.API_KEY', { arn: KEYS, field: 'apiKey' }),
      'services.auth.secrets.API_KEY.field: unknown key',
    ],
    [
      'a JSON key with a space',
      set('services.auth.secrets.API_KEY', { arn: KEYS, key: 'api key' }),
      "services.auth.secrets.API_KEY.key: must be a top-level key of the secret's JSON value",
    ],
    [
      'a JSON key on an SSM parameter',
      set('services.auth.secrets.FLAGS', { arn: FLAGS, key: 'flag' }),
      'services.auth.secrets.FLAGS.key: applies to Secrets Manager secrets only',
    ],
    [
      'a secret in another region',
      set('services.auth.secrets.DATABASE_URL', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:auth/db-AbCdEf'),
      "services.auth.secrets.DATABASE_URL: is in region us-east-1, not the config's region sa-east-1",
    ],
    [
      'a secret variable name with a dash',
      set('services.auth.secrets', { 'DATABASE-URL': DB }),
      'services.auth.secrets.DATABASE-URL: invalid name "DATABASE-URL": must be an environment variable name',
    ],
    [
      'a variable in both env and secrets',
      set('services.auth.env', { DATABASE_URL: 'postgres://localhost' }),
      'services.auth.secrets.DATABASE_URL: DATABASE_URL is also set in env; a variable comes from env or from secrets, not both',
    ],
    [
      "an environment's secret that shadows an env variable",
      set('services.auth.environments.staging.secrets', { LOG_LEVEL: DB }),
      'services.auth.environments.staging.secrets.LOG_LEVEL: LOG_LEVEL is also set in env',
    ],
    [
      'an IAM action without its service',
      set('services.auth.iam.statements', [{ actions: ['SendMessage'], resources: [QUEUE] }]),
      'services.auth.iam.statements.0.actions.0: must be an IAM action as service:Action',
    ],
    [
      'the action *',
      set('services.auth.iam.statements', [{ actions: ['*'], resources: [QUEUE] }]),
      'services.auth.iam.statements.0.actions.0: must be an IAM action as service:Action',
    ],
    [
      'Resource *',
      set('services.auth.iam.statements', [{ actions: ['sqs:SendMessage'], resources: ['*'] }]),
      'services.auth.iam.statements.0.resources.0: must be a resource ARN, not * (name what the service uses)',
    ],
    [
      'a resource that is no ARN',
      set('services.auth.iam.statements', [{ actions: ['sqs:SendMessage'], resources: ['auth-events'] }]),
      'services.auth.iam.statements.0.resources.0: must be a resource ARN such as',
    ],
    [
      'a statement without resources',
      set('services.auth.iam.statements', [{ actions: ['sqs:SendMessage'], resources: [] }]),
      'services.auth.iam.statements.0.resources: needs at least one resource',
    ],
    [
      'a statement with a principal',
      set('services.auth.iam.statements', [{ actions: ['sqs:SendMessage'], resources: [QUEUE], principal: '*' }]),
      'services.auth.iam.statements.0.principal: unknown key',
    ],
    [
      'an effect (every statement allows)',
      set('services.auth.iam.statements', [{ effect: 'Deny', actions: ['sqs:SendMessage'], resources: [QUEUE] }]),
      'services.auth.iam.statements.0.effect: unknown key',
    ],
    [
      'a managed policy that is no policy ARN',
      set('services.auth.iam.managedPolicyArns', ['AmazonS3ReadOnlyAccess']),
      'services.auth.iam.managedPolicyArns.0: must be an IAM managed policy ARN',
    ],
    [
      'AdministratorAccess',
      set('services.auth.iam.managedPolicyArns', ['arn:aws:iam::aws:policy/AdministratorAccess']),
      'services.auth.iam.managedPolicyArns.0: AdministratorAccess grants the whole account',
    ],
    [
      "AdministratorAccess in an environment's iam",
      set('services.auth.environments.staging.iam', { managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] }),
      'services.auth.environments.staging.iam.managedPolicyArns.0: AdministratorAccess grants the whole account',
    ],
    [
      'an unknown key in iam',
      set('services.auth.iam.roleArn', 'arn:aws:iam::123456789012:role/auth'),
      'services.auth.iam.roleArn: unknown key',
    ],
  ])('refuses %s', (_name, change, message) => {
    const document = withRuntime();
    change(document);
    expectRefused(document, message);
  });
});

describe('the example config', () => {
  test("gives auth what its Beanstalk app had: env, secrets and iam, staging's laid over them", () => {
    const [production, staging] = exampleConfig().services.find((service) => service.name === 'auth')!.environments;
    expect(Object.keys(production.secrets)).toEqual(['DATABASE_URL', 'API_KEY', 'FLAGS']);
    expect(staging.secrets.DATABASE_URL.arn).toMatch(/staging-db/);
    expect(staging.env.LOG_LEVEL).toBe('debug');
    expect(production.iam?.managedPolicyArns).toEqual(['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']);
    expect(staging.iam?.statements[0].resources).toEqual(['arn:aws:sqs:sa-east-1:123456789012:auth-events-staging']);
  });
});
