import { describe, expect, it } from 'vitest';
import { policy, validate } from '../helpers.js';

const slr = (st: object) => validate(policy(st)).filter((f) => f.issueCode.startsWith('CREATE_SLR'));

describe('create-slr', () => {
  it('warns on iam:CreateServiceLinkedRole granted on every role', () => {
    const found = slr({ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*' });
    expect(found.map((f) => [f.issueCode, f.findingType])).toEqual([['CREATE_SLR_WITH_STAR_IN_RESOURCE', 'WARNING']]);
    expect(slr({ Effect: 'Allow', Action: 'iam:Create*', Resource: '*' }).map((f) => f.issueCode)).toEqual(['CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE']);
    expect(slr({ Effect: 'Allow', NotAction: 's3:*', NotResource: 'arn:aws:iam::123456789012:role/x' }).map((f) => f.issueCode)).toEqual(['CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE']);
    expect(slr({ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: 'arn:aws:iam::*:role/aws-service-role/*' }).map((f) => f.issueCode)).toEqual([
      'CREATE_SLR_WITH_STAR_IN_RESOURCE',
    ]);
  });

  it('is silent when the service is named by ARN or by iam:AWSServiceName', () => {
    expect(slr({ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: 'arn:aws:iam::*:role/aws-service-role/elasticbeanstalk.amazonaws.com/*' })).toEqual([]);
    expect(slr({ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*', Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticbeanstalk.amazonaws.com' } } })).toEqual([]);
  });
});
