#!/usr/bin/env node
// The CDK app: `cdk synth|deploy -c environment=dev|staging|prod` builds that environment's stack.
import { App } from 'aws-cdk-lib';
import { ChronoTrailStack } from '../lib/chronotrail-stack';
import { readContext } from '../lib/context';
import { ENVIRONMENTS } from '../lib/environments';

const app = new App();
const deploy = readContext(app.node);
new ChronoTrailStack(app, ENVIRONMENTS[deploy.environment].stackName, {
  deploy,
  env: { account: deploy.account, region: deploy.region },
  description: `ChronoTrail API (${deploy.environment})`,
  terminationProtection: deploy.environment !== 'dev',
});
