import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Match } from 'aws-cdk-lib/assertions';
import { ENVIRONMENT_NAMES, ENVIRONMENTS } from '../lib/environments';
import { apiContainer, resourcesOf, synth } from './synth';

function primary(json: any): any {
  const [[, db]] = resourcesOf(json, 'AWS::RDS::DBInstance').filter(([, r]) => !r.Properties.SourceDBInstanceIdentifier);
  return db;
}

test('PostgreSQL 15, encrypted, isolated, with per-environment availability and backups', () => {
  for (const env of ENVIRONMENT_NAMES) {
    const { json } = synth(env);
    const s = ENVIRONMENTS[env].database;
    const db = primary(json);
    const p = db.Properties;
    assert.equal(p.Engine, 'postgres');
    assert.match(p.EngineVersion, /^15(\.|$)/);
    assert.equal(p.StorageEncrypted, true);
    assert.notEqual(p.PubliclyAccessible, true);
    assert.equal(p.MultiAZ, s.multiAz);
    assert.equal(p.BackupRetentionPeriod, s.backupDays);
    assert.equal(p.DeletionProtection, s.deletionProtection);
    assert.equal(p.EnablePerformanceInsights, true);
    assert.deepEqual(p.EnableCloudwatchLogsExports, ['postgresql', 'upgrade']);
    assert.equal(p.DBInstanceClass, `db.${s.instanceType}`);
    assert.equal(p.DBName, 'chronotrail');
    assert.equal(db.DeletionPolicy, env === 'dev' ? 'Delete' : 'Snapshot');
    // The subnet group holds only the isolated (Database) subnets.
    const group = json.Resources[p.DBSubnetGroupName.Ref].Properties.SubnetIds.map((r: any) => r.Ref);
    assert.ok(group.every((id: string) => id.includes('DatabaseSubnet')), `${env}: ${group}`);
  }
  assert.deepEqual(ENVIRONMENT_NAMES.map((e) => ENVIRONMENTS[e].database.backupDays), [1, 7, 30]);
  assert.deepEqual(ENVIRONMENT_NAMES.map((e) => ENVIRONMENTS[e].database.multiAz), [false, true, true]);
});

test('the password rotates in prod only', () => {
  for (const env of ENVIRONMENT_NAMES) {
    synth(env).template.resourceCountIs('AWS::SecretsManager::RotationSchedule', env === 'prod' ? 1 : 0);
  }
});

test('prod has a read replica wired to DATABASE_READ_URL, with the password from the secret', () => {
  const { json } = synth('prod');
  const replicas = resourcesOf(json, 'AWS::RDS::DBInstance').filter(([, r]) => r.Properties.SourceDBInstanceIdentifier);
  assert.equal(replicas.length, 1);
  const [[replicaId]] = replicas;
  const container = apiContainer(json);
  const url = container.Environment.find((e: any) => e.Name === 'DATABASE_READ_URL').Value;
  const text = JSON.stringify(url);
  assert.match(text, /postgresql:\/\/chronotrail@/);
  assert.ok(text.includes(replicaId), 'read URL does not point at the replica');
  assert.ok(!/password/i.test(text), 'the URL must not carry the password');
  assert.ok(container.Secrets.some((s: any) => s.Name === 'PGPASSWORD'));

  const without = synth('prod', { prod_read_replica: 'false' }).json;
  assert.equal(resourcesOf(without, 'AWS::RDS::DBInstance').length, 1);
  assert.ok(!apiContainer(without).Environment.some((e: any) => e.Name === 'DATABASE_READ_URL'));
  assert.ok(!apiContainer(synth('staging').json).Environment.some((e: any) => e.Name === 'DATABASE_READ_URL'));
});

test('OpenSearch Serverless only with searchBackend=opensearch, private and task-role only', () => {
  for (const env of ENVIRONMENT_NAMES) synth(env).template.resourceCountIs('AWS::OpenSearchServerless::Collection', 0);
  const { template, json } = synth('staging', { searchBackend: 'opensearch' });
  template.hasResourceProperties('AWS::OpenSearchServerless::Collection', { Name: 'chronotrail-staging', Type: 'VECTORSEARCH' });
  template.resourceCountIs('AWS::OpenSearchServerless::VpcEndpoint', 1);
  const policies = resourcesOf(json, 'AWS::OpenSearchServerless::SecurityPolicy').map(([, p]) => p.Properties);
  assert.deepEqual(policies.map((p) => p.Type).sort(), ['encryption', 'network']);
  const network = JSON.stringify(policies.find((p) => p.Type === 'network').Policy);
  assert.match(network, /AllowFromPublic\\?":false/);
  assert.match(network, /SourceVPCEs/);
  assert.ok(network.includes('OpenSearchServerless') || network.includes('VectorSearchEndpoint'), 'policy names no VPC endpoint');
  template.hasResourceProperties('AWS::OpenSearchServerless::AccessPolicy', { Type: 'data' });
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: Match.objectLike({
      Statement: Match.arrayWith([Match.objectLike({ Action: 'aoss:APIAccessAll' })]),
    }),
  });
});
