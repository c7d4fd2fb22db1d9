import { pagePath } from '../router';

/** The parts of an IAM ARN the console needs: arn:aws:iam::ACCOUNT:TYPE/PATH/NAME. */
export interface IamArn {
  account: string;
  /** user, group, role, policy, instance-profile, mfa, u2f, oidc-provider, or root */
  type: string;
  name: string;
}

export function parseIamArn(arn: string): IamArn | undefined {
  const match = /^arn:aws[\w-]*:iam::(\d{12}|aws)?:(.+)$/.exec(arn);
  if (!match) return undefined;
  const resource = match[2] as string;
  if (resource === 'root') return { account: match[1] ?? '', type: 'root', name: 'root' };
  const slash = resource.indexOf('/');
  if (slash < 0) return undefined;
  return { account: match[1] ?? '', type: resource.slice(0, slash), name: resource.slice(resource.lastIndexOf('/') + 1) };
}

/** The console page that shows an IAM resource named by its ARN, if there is one. */
export function pageForArn(arn: string): string | undefined {
  const parsed = parseIamArn(arn);
  if (!parsed) return undefined;
  switch (parsed.type) {
    case 'user':
      return pagePath.user(parsed.name);
    case 'group':
      return pagePath.group(parsed.name);
    case 'role':
      return pagePath.role(parsed.name);
    case 'policy':
      return pagePath.policy(arn);
    case 'root':
      return '/iam/security-credentials';
    default:
      return undefined;
  }
}

export const isAwsManagedPolicy = (arn: string) => arn.startsWith('arn:aws:iam::aws:policy/');
