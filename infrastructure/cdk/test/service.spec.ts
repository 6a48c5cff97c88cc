import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { Match } from 'aws-cdk-lib/assertions';
import { environmentSettingsFile, readEnvFile, repositoryRoot } from '../lib/env-file';
import { ENVIRONMENT_NAMES, ENVIRONMENTS } from '../lib/environments';
import { apiContainer, resourcesOf, synth } from './synth';

// The server's setting names, from the README table that a C++ unit test keeps complete.
function serverSettings(): Set<string> {
  const readme = fs.readFileSync(path.join(repositoryRoot(), 'README.md'), 'utf8');
  return new Set([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
}

test('task size and counts follow each environment; CPU 70% and memory 80% targets', () => {
  for (const env of ENVIRONMENT_NAMES) {
    const { template } = synth(env);
    const s = ENVIRONMENTS[env];
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: `chronotrail-${env}-api`, Cpu: String(s.task.cpu), Memory: String(s.task.memoryMiB),
      RequiresCompatibilities: ['FARGATE'], NetworkMode: 'awsvpc',
    });
    template.hasResourceProperties('AWS::ECS::Service', {
      DesiredCount: s.tasks.desired,
      LaunchType: 'FARGATE',
      DeploymentConfiguration: Match.objectLike({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
      }),
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: s.tasks.min, MaxCapacity: s.tasks.max,
    });
    for (const [metric, value] of [['ECSServiceAverageCPUUtilization', 70], ['ECSServiceAverageMemoryUtilization', 80]]) {
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        TargetTrackingScalingPolicyConfiguration: Match.objectLike({
          TargetValue: value, PredefinedMetricSpecification: { PredefinedMetricType: metric },
        }),
      });
    }
  }
  assert.ok(ENVIRONMENTS.prod.tasks.min > ENVIRONMENTS.staging.tasks.min);
  assert.ok(ENVIRONMENTS.staging.tasks.min > ENVIRONMENTS.dev.tasks.min);
});

test('the container: image from ECR at the deployed tag, port 8000, JSON logs to /ecs/chronotrail-{env}', () => {
  for (const env of ENVIRONMENT_NAMES) {
    const container = apiContainer(synth(env).json);
    assert.match(JSON.stringify(container.Image), /chronotrail-api:abc1234/);
    assert.deepEqual(container.PortMappings, [{ ContainerPort: 8000, Protocol: 'tcp' }]);
    assert.deepEqual(container.Command, ['serve']);
    assert.equal(container.ReadonlyRootFilesystem, true);
    assert.equal(container.LogConfiguration.LogDriver, 'awslogs');
    assert.match(JSON.stringify(container.HealthCheck.Command), /\/health/);
  }
});

test('every container setting is one the server reads, and config/{env}.env reaches the container', () => {
  const known = serverSettings();
  assert.ok(known.has('DB_HOST') && known.has('COGNITO_CLIENT_ID'), 'README table not found');
  for (const env of ENVIRONMENT_NAMES) {
    const container = apiContainer(synth(env).json);
    const environment = Object.fromEntries(container.Environment.map((e: any) => [e.Name, e.Value]));
    const names = [...Object.keys(environment), ...container.Secrets.map((s: any) => s.Name)];
    for (const name of names) {
      // PGPASSWORD is libpq's own variable: the password for DATABASE_READ_URL.
      assert.ok(known.has(name) || name === 'PGPASSWORD', `${env}: ${name} is not a server setting`);
    }
    for (const [key, value] of Object.entries(readEnvFile(environmentSettingsFile(env)))) {
      assert.equal(environment[key], value, `${env}: ${key}`);
    }
    for (const required of ['S3_BUCKET_NAME', 'AWS_REGION', 'COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID',
      'TRUSTED_PROXIES', 'CHRONOTRAIL_DATA_DIR', 'AUTH_MODE', 'LOG_LEVEL']) {
      assert.ok(required in environment, `${env}: ${required} missing`);
    }
    assert.equal(environment.AUTH_MODE, 'oidc');
    assert.equal(environment.TRUSTED_PROXIES, ENVIRONMENTS[env].vpcCidr);
    assert.deepEqual(container.Secrets.map((s: any) => s.Name).slice(0, 5),
      ['DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER', 'DB_PASSWORD']);
    for (const secret of ['DB_PASSWORD', 'DATABASE_URL', 'PGPASSWORD']) {
      assert.ok(!(secret in environment), `${env}: ${secret} in plain environment`);
    }
  }
});

// AWS::SecretsManager::SecretTargetAttachment adds these fields to an RDS instance's secret
// (Secrets Manager's "JSON structure of database credential secrets").
const ATTACHMENT_FIELDS = ['engine', 'host', 'port', 'dbInstanceIdentifier'];

test('every secret reference resolves to a field the referenced secret really has', () => {
  for (const env of ENVIRONMENT_NAMES) {
    const { json } = synth(env);
    for (const [, task] of resourcesOf(json, 'AWS::ECS::TaskDefinition')) {
      for (const container of task.Properties.ContainerDefinitions) {
        for (const secret of container.Secrets ?? []) {
          const [[ref, suffix]] = [secret.ValueFrom['Fn::Join'][1]];
          const field = /^:([A-Za-z]+)::$/.exec(suffix)?.[1];
          assert.ok(field, `${env}: ${secret.Name} names no JSON field`);
          let resource = json.Resources[ref.Ref];
          let fields: string[] = [];
          if (resource.Type === 'AWS::SecretsManager::SecretTargetAttachment') {
            assert.equal(resource.Properties.TargetType, 'AWS::RDS::DBInstance');
            fields = [...ATTACHMENT_FIELDS];
            resource = json.Resources[resource.Properties.SecretId.Ref];
          }
          assert.equal(resource.Type, 'AWS::SecretsManager::Secret');
          const generated = resource.Properties.GenerateSecretString;
          fields.push(...Object.keys(JSON.parse(generated.SecretStringTemplate)), generated.GenerateStringKey);
          assert.ok(fields.includes(field), `${env}: ${secret.Name} reads "${field}", secret has ${fields}`);
        }
      }
    }
  }
});

test('a one-off task definition runs `chronotrail migrate` with the same settings', () => {
  for (const env of ENVIRONMENT_NAMES) {
    const { json } = synth(env);
    const [[, migrate]] = resourcesOf(json, 'AWS::ECS::TaskDefinition')
      .filter(([, t]) => t.Properties.Family === `chronotrail-${env}-migrate`);
    const container = migrate.Properties.ContainerDefinitions[0];
    assert.deepEqual(container.Command, ['migrate']);
    assert.equal(container.PortMappings, undefined);
    assert.deepEqual(container.Environment, apiContainer(json).Environment);
    assert.deepEqual(container.Secrets, apiContainer(json).Secrets);
    // Migrations touch only the database: their task role carries no policy at all.
    const migrateRole = migrate.Properties.TaskRoleArn['Fn::GetAtt'][0];
    const policies = resourcesOf(json, 'AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === migrateRole));
    assert.deepEqual(policies, [], `${env}: the migrate task role has policies`);
    assert.equal(json.Resources[migrateRole].Properties.ManagedPolicyArns, undefined);
  }
});

test('dev scales to zero outside working hours; other environments never do', () => {
  const actions = (json: any) => resourcesOf(json, 'AWS::ApplicationAutoScaling::ScalableTarget')
    .flatMap(([, t]) => t.Properties.ScheduledActions ?? []);
  const dev = actions(synth('dev', { devWorkHours: '8-18', devTimeZone: 'Europe/Madrid' }).json);
  const stop = dev.find((a: any) => a.ScalableTargetAction.MaxCapacity === 0);
  const start = dev.find((a: any) => a.ScalableTargetAction.MaxCapacity > 0);
  assert.equal(stop.Schedule, 'cron(0 18 ? * MON-FRI *)');
  assert.equal(start.Schedule, 'cron(0 8 ? * MON-FRI *)');
  assert.equal(stop.Timezone, 'Europe/Madrid');
  assert.equal(stop.ScalableTargetAction.MinCapacity, 0);
  assert.equal(start.ScalableTargetAction.MinCapacity, ENVIRONMENTS.dev.tasks.min);
  assert.deepEqual(actions(synth('dev', { devScaleToZero: 'false' }).json), []);
  assert.deepEqual(actions(synth('staging').json), []);
  assert.deepEqual(actions(synth('prod').json), []);
});
