// The resource types Access Analyzer's validatePolicyResourceType names, with what their
// resource policies may contain: the actions of the resource's own service, and ARNs of the
// resource itself (a bucket policy names the bucket and its objects, never "*").
// https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicy.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#term_trust-policy

export interface ResourcePolicyType {
  /** How Access Analyzer names it in findings: "S3 Bucket". */
  label: string;
  /** Services whose actions the policy may name. */
  services?: string[];
  /** Or the exact actions it may name. */
  actions?: string[];
  /** ARN formats the Resource entries must fit; undefined when Resource is not allowed at all. */
  resourceFormats?: string[];
}

export const RESOURCE_POLICY_TYPES: Record<string, ResourcePolicyType> = {
  'AWS::S3::Bucket': {
    label: 'S3 Bucket',
    services: ['s3'],
    resourceFormats: ['arn:${Partition}:s3:::${BucketName}', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}'],
  },
  'AWS::S3::AccessPoint': {
    label: 'S3 Access Point',
    services: ['s3'],
    resourceFormats: [
      'arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}',
      'arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}',
    ],
  },
  'AWS::S3::MultiRegionAccessPoint': {
    label: 'S3 Multi-Region Access Point',
    services: ['s3'],
    resourceFormats: [
      'arn:${Partition}:s3::${Account}:accesspoint/${AccessPointAlias}',
      'arn:${Partition}:s3::${Account}:accesspoint/${AccessPointAlias}/object/${ObjectName}',
    ],
  },
  'AWS::S3ObjectLambda::AccessPoint': {
    label: 'S3 Object Lambda Access Point',
    services: ['s3-object-lambda'],
    resourceFormats: ['arn:${Partition}:s3-object-lambda:${Region}:${Account}:accesspoint/${AccessPointName}'],
  },
  'AWS::IAM::AssumeRolePolicyDocument': {
    label: 'IAM role trust policy',
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html and session tags, source identity, context.
    actions: ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext'],
  },
  'AWS::DynamoDB::Table': {
    label: 'DynamoDB Table',
    services: ['dynamodb'],
    resourceFormats: [
      'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}',
      'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/index/${IndexName}',
      'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/stream/${StreamLabel}',
    ],
  },
};
