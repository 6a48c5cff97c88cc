// Synthesises a stack in-process (no CDK CLI, no AWS credentials) and caches it: all test modules
// run in one process (test/all.test.ts), so each distinct context is synthesised once.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { ChronoTrailStack } from '../lib/chronotrail-stack';
import { readContext } from '../lib/context';
import { ENVIRONMENTS, EnvironmentName } from '../lib/environments';

export const ACCOUNTS: Record<EnvironmentName, string> = {
  dev: '111111111111', staging: '222222222222', prod: '333333333333',
};

export function baseContext(environment: EnvironmentName): Record<string, string> {
  return {
    environment,
    region: 'us-east-1',
    [`${environment}_account`]: ACCOUNTS[environment],
    [`${environment}_certificate_arn`]:
      `arn:aws:acm:us-east-1:${ACCOUNTS[environment]}:certificate/00000000-0000-0000-0000-000000000000`,
    hostedZoneId: 'Z0123456789EXAMPLE',
    hostedZoneName: 'chronotrail.com',
    imageTag: 'abc1234',
  };
}

export interface Synthesised {
  readonly template: Template;
  readonly json: any; // the raw template, for walks the assertions API has no matcher for
  readonly assembly: cxapi.CloudAssembly;
  readonly stack: ChronoTrailStack;
}

const cache = new Map<string, Synthesised>();

export function synth(environment: EnvironmentName, extra: Record<string, string> = {}): Synthesised {
  const context = { ...baseContext(environment), ...extra };
  const key = JSON.stringify(context);
  const hit = cache.get(key);
  if (hit) return hit;
  const app = new App({ context });
  const deploy = readContext(app.node);
  const stack = new ChronoTrailStack(app, ENVIRONMENTS[environment].stackName, {
    deploy, env: { account: deploy.account, region: deploy.region },
  });
  const assembly = app.synth();
  const template = Template.fromStack(stack);
  const result = { template, json: template.toJSON(), assembly, stack };
  cache.set(key, result);
  return result;
}

// The resources of one type, as [logicalId, resource] pairs.
export function resourcesOf(json: any, type: string): Array<[string, any]> {
  return Object.entries(json.Resources as Record<string, any>).filter(([, r]) => r.Type === type);
}

// The api container of the service's task definition (the one with port mappings).
export function apiContainer(json: any): any {
  for (const [, task] of resourcesOf(json, 'AWS::ECS::TaskDefinition')) {
    const container = task.Properties.ContainerDefinitions.find((c: any) => c.Name === 'api');
    if (container) return container;
  }
  throw new Error('no api container');
}
