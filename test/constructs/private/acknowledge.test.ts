import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { skipCheckovChecks, skipCheckovChecksOnType } from '../../../constructs/private/acknowledge';

describe('skipCheckovChecks', () => {
  test('writes Metadata.checkov.skip on the resource, and skips added later join the earlier ones', () => {
    const stack = new Stack(new App(), 'Stack');
    const group = new logs.LogGroup(stack, 'Logs');
    skipCheckovChecks(group, ['CKV_AWS_158'], 'first reason');
    skipCheckovChecks(group, ['CKV_AWS_66', 'CKV_AWS_338'], 'second reason');
    expect((group.node.defaultChild as CfnResource).getMetadata('checkov')).toEqual({
      skip: [
        { id: 'CKV_AWS_158', comment: 'first reason' },
        { id: 'CKV_AWS_66', comment: 'second reason' },
        { id: 'CKV_AWS_338', comment: 'second reason' },
      ],
    });
  });

  test('refuses a construct that is no resource and has none as its default child', () => {
    const stack = new Stack(new App(), 'Stack');
    expect(() => skipCheckovChecks(new Construct(stack, 'Empty'), ['CKV_AWS_158'], 'a reason')).toThrow(
      'Stack/Empty is not a CloudFormation resource and has none as its default child',
    );
  });
});

describe('skipCheckovChecksOnType', () => {
  test('skips on every resource of the type below the scope, and refuses a scope without one', () => {
    const stack = new Stack(new App(), 'Stack');
    const scope = new Construct(stack, 'Scope');
    const groups = [new logs.LogGroup(scope, 'A'), new logs.LogGroup(scope, 'B')];
    skipCheckovChecksOnType(scope, 'AWS::Logs::LogGroup', ['CKV_AWS_158'], 'a reason');
    for (const group of groups) {
      expect((group.node.defaultChild as CfnResource).getMetadata('checkov')).toEqual({
        skip: [{ id: 'CKV_AWS_158', comment: 'a reason' }],
      });
    }
    expect(() => skipCheckovChecksOnType(scope, 'AWS::Lambda::Function', ['CKV_AWS_115'], 'a reason')).toThrow(
      'Stack/Scope has no AWS::Lambda::Function to skip checkov checks on',
    );
  });
});
