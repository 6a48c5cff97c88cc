import { test } from 'node:test';
import * as assert from 'node:assert/strict';
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
  assert.throws(() => synth('dev', { readReplica: 'true' }), /read replica/);
  assert.equal(read(baseContext('prod')).readReplica, true);
  assert.equal(read({ ...baseContext('prod'), readReplica: 'false' }).readReplica, false);
});
