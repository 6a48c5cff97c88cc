import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ENVIRONMENT_NAMES } from '../lib/environments';
import { apiContainer, resourcesOf, synth } from './synth';

const OPEN = ['0.0.0.0/0', '::/0'];

// Every ingress rule of the template: inline ones and separate SecurityGroupIngress resources.
function ingressRules(json: any): Array<{ group: string; rule: any }> {
  const rules: Array<{ group: string; rule: any }> = [];
  for (const [id, sg] of resourcesOf(json, 'AWS::EC2::SecurityGroup')) {
    for (const rule of sg.Properties.SecurityGroupIngress ?? []) rules.push({ group: id, rule });
  }
  for (const [, ingress] of resourcesOf(json, 'AWS::EC2::SecurityGroupIngress')) {
    rules.push({ group: ingress.Properties.GroupId['Fn::GetAtt'][0], rule: ingress.Properties });
  }
  return rules;
}

test('only the ALB is open to the internet, on 80 and 443; database and tasks only to groups', () => {
  for (const scenario of [...ENVIRONMENT_NAMES.map((e) => synth(e)), synth('prod', { searchBackend: 'opensearch' })]) {
    const { json } = scenario;
    for (const { group, rule } of ingressRules(json)) {
      if (OPEN.includes(rule.CidrIp) || OPEN.includes(rule.CidrIpv6)) {
        assert.match(group, /^LoadBalancerAlb/, `${group} is open to the internet`);
        assert.ok([80, 443].includes(rule.FromPort) && rule.FromPort === rule.ToPort, `ALB port ${rule.FromPort}`);
      } else if (/^(Database|Api)/.test(group)) {
        assert.ok(rule.SourceSecurityGroupId, `${group} admits an address range ${rule.CidrIp}`);
      }
    }
    const dbRules = ingressRules(json).filter(({ group }) => group.startsWith('Database'));
    // The database's port is its endpoint's (5432, the engine default), referenced by attribute.
    assert.ok(dbRules.length > 0 && dbRules.every(({ rule }) => rule.FromPort === 5432
      || rule.FromPort['Fn::GetAtt']?.[1] === 'Endpoint.Port'));
    const taskRules = ingressRules(json).filter(({ group }) => group.startsWith('ApiSecurityGroup'));
    assert.ok(taskRules.length > 0 && taskRules.every(({ rule }) => rule.FromPort === 8000
      && rule.SourceSecurityGroupId['Fn::GetAtt'][0].startsWith('LoadBalancerAlb')));
  }
});

test('the task role touches only its bucket (and its collection when OpenSearch is on)', () => {
  for (const scenario of [...ENVIRONMENT_NAMES.map((e) => synth(e)), synth('prod', { searchBackend: 'opensearch' })]) {
    const { json } = scenario;
    const [[taskRoleId]] = [apiContainer(json) && resourcesOf(json, 'AWS::ECS::TaskDefinition')
      .filter(([, t]) => t.Properties.Family.endsWith('-api'))
      .map(([, t]) => t.Properties.TaskRoleArn['Fn::GetAtt'][0])];
    const policies = resourcesOf(json, 'AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === taskRoleId));
    assert.ok(policies.length > 0);
    for (const [, policy] of policies) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        const resources = JSON.stringify(statement.Resource);
        assert.notEqual(statement.Resource, '*', `${taskRoleId}: ${JSON.stringify(statement.Action)} on *`);
        const actions = [statement.Action].flat();
        if (actions.every((a: string) => a.startsWith('s3:'))) {
          assert.match(resources, /MediaBucket/);
        } else {
          assert.deepEqual(actions, ['aoss:APIAccessAll']);
          assert.match(resources, /VectorSearchCollection/);
        }
      }
    }
  }
});

test('no secret value appears in the template', () => {
  for (const env of ENVIRONMENT_NAMES) {
    const text = JSON.stringify(synth(env).json);
    const plain = /"Name":"(DB_PASSWORD|PGPASSWORD|DATABASE_URL)","Value"/.exec(text);
    assert.equal(plain, null, `${env}: ${plain?.[1]} as a plain value`);
    // A literal SecretString would put a secret in the template; generated ones have none.
    const literal = /"SecretString":"[^"]*"/.exec(text);
    assert.equal(literal, null, `${env}: ${literal?.[0]}`);
  }
});
