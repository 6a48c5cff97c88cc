import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { readContext } from '../lib/context';
import { ENVIRONMENT_NAMES, ENVIRONMENTS } from '../lib/environments';
import { baseContext, synth } from './synth';

test('every environment synthesises offline, as its own stack, without errors', () => {
  for (const env of ENVIRONMENT_NAMES) {
    const { assembly, stack } = synth(env);
    assert.equal(stack.stackName, ENVIRONMENTS[env].stackName);
    // Missing context means a lookup that would need AWS credentials.
    assert.equal(assembly.manifest.missing, undefined, `${env} asks for context lookups`);
    const artifact = assembly.getStackByName(stack.stackName);
    const errors = artifact.messages.filter((m) => m.level === 'error');
    assert.deepEqual(errors, [], `${env} has synthesis errors`);
    assert.equal(artifact.environment.account, baseContext(env)[`${env}_account`]);
  }
});

test('the shipped cdk.context.json.example synthesises every environment', () => {
  // One context file serves all three environments: no key in it may break another environment.
  const example = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.context.json.example'), 'utf8'));
  for (const env of ENVIRONMENT_NAMES) {
    const { assembly, stack } = synth(env, { ...example, environment: env });
    assert.equal(assembly.manifest.missing, undefined, env);
    assert.equal(stack.account, example[`${env}_account`]);
  }
});

test('the stacks are named as the seed project named them', () => {
  assert.deepEqual(ENVIRONMENT_NAMES.map((e) => ENVIRONMENTS[e].stackName),
    ['ChronoTrail-Dev', 'ChronoTrail-Staging', 'ChronoTrail-Prod']);
});

test('context is checked: unknown environment, missing certificate, replica outside prod', () => {
  const read = (ctx: Record<string, string>) => readContext(new App({ context: ctx }).node);
  assert.throws(() => read({ ...baseContext('dev'), environment: 'qa' }), /environment/);
  const noCert: Record<string, string> = { ...baseContext('prod') };
  delete noCert.prod_certificate_arn;
  assert.throws(() => read(noCert), /prod_certificate_arn/);
  assert.throws(() => read({ ...baseContext('dev'), searchBackend: 'elastic' }), /searchBackend/);
  assert.throws(() => synth('dev', { dev_read_replica: 'true' }), /read replica/);
  assert.equal(read(baseContext('prod')).readReplica, true);
  assert.equal(read({ ...baseContext('prod'), prod_read_replica: 'false' }).readReplica, false);
});
