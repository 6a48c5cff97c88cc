import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Match } from 'aws-cdk-lib/assertions';
import { ENVIRONMENT_NAMES } from '../lib/environments';
import { ACCOUNTS, resourcesOf, synth } from './synth';

function mediaBucket(json: any): any {
  const [[, bucket]] = resourcesOf(json, 'AWS::S3::Bucket')
    .filter(([, b]) => String(b.Properties.BucketName ?? '').includes('-media-'));
  return bucket;
}

test('the media bucket: encrypted, versioned, private, TLS only, no Glacier', () => {
  for (const env of ENVIRONMENT_NAMES) {
    const { template, json } = synth(env);
    const bucket = mediaBucket(json);
    const p = bucket.Properties;
    assert.equal(p.BucketName, `chronotrail-${env}-media-${ACCOUNTS[env]}`);
    assert.equal(p.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm, 'AES256');
    assert.deepEqual(p.VersioningConfiguration, { Status: 'Enabled' });
    assert.deepEqual(p.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
    });
    const rules = p.LifecycleConfiguration.Rules;
    assert.ok(rules.some((r: any) => r.AbortIncompleteMultipartUpload?.DaysAfterInitiation === 1));
    const classes = JSON.stringify(rules);
    assert.match(classes, /INTELLIGENT_TIERING/);
    assert.doesNotMatch(classes, /GLACIER|DEEP_ARCHIVE/);
    assert.equal(p.IntelligentTieringConfigurations, undefined, 'archive tiers would make media unreadable');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })]),
      }),
    });
    assert.equal(bucket.DeletionPolicy, env === 'dev' ? 'Delete' : 'Retain');
  }
});

test('prod replicates media to a second region only when the context names a bucket', () => {
  assert.equal(mediaBucket(synth('prod').json).Properties.ReplicationConfiguration, undefined);
  const arn = 'arn:aws:s3:::chronotrail-prod-media-replica';
  const replication = mediaBucket(synth('prod', { prod_media_replica_bucket_arn: arn }).json).Properties.ReplicationConfiguration;
  assert.equal(replication.Rules[0].Destination.Bucket, arn);
  assert.equal(replication.Rules[0].Status, 'Enabled');
});

test('Cognito: public client, code flow only, per-environment callbacks', () => {
  for (const env of ENVIRONMENT_NAMES) {
    const { template, json } = synth(env);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolName: `chronotrail-${env}`, UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'],
    });
    const [[, client]] = resourcesOf(json, 'AWS::Cognito::UserPoolClient');
    const c = client.Properties;
    assert.equal(c.GenerateSecret, false);
    assert.deepEqual(c.AllowedOAuthFlows, ['code']);
    assert.deepEqual(c.SupportedIdentityProviders, ['COGNITO']);
    assert.ok(c.CallbackURLs.every((u: string) => u.endsWith('/auth/callback')));
    assert.equal(c.CallbackURLs.includes('http://localhost:3000/auth/callback'), env === 'dev');
    template.resourceCountIs('AWS::Cognito::UserPoolIdentityProvider', 0);
  }
});

test('Google and Apple sign-in appear when their ids are in context; secrets stay in Secrets Manager', () => {
  const { template, json } = synth('staging', {
    googleClientId: 'google-id.apps.googleusercontent.com',
    appleServicesId: 'com.chronotrail.signin', appleTeamId: 'TEAM123456', appleKeyId: 'KEY1234567',
  });
  template.resourceCountIs('AWS::Cognito::UserPoolIdentityProvider', 2);
  const [[, client]] = resourcesOf(json, 'AWS::Cognito::UserPoolClient');
  assert.deepEqual(client.Properties.SupportedIdentityProviders.sort(), ['COGNITO', 'Google', 'SignInWithApple'].sort());
  const providers = JSON.stringify(resourcesOf(json, 'AWS::Cognito::UserPoolIdentityProvider'));
  assert.match(providers, /resolve:secretsmanager:chronotrail\/staging\/google-client-secret/);
  assert.match(providers, /resolve:secretsmanager:chronotrail\/staging\/apple-private-key/);
});

test('SSM parameters under /chronotrail/{env}/ and the outputs deploy.sh reads', () => {
  for (const env of ENVIRONMENT_NAMES) {
    const { json } = synth(env);
    const names = resourcesOf(json, 'AWS::SSM::Parameter').map(([, p]) => p.Properties.Name);
    for (const name of ['database/host', 's3/media-bucket', 'cognito/user-pool-id', 'cognito/client-id', 'logs/group']) {
      assert.ok(names.includes(`/chronotrail/${env}/${name}`), `${env}: ${name}`);
    }
    assert.ok(names.every((n: string) => n.startsWith(`/chronotrail/${env}/`)));
    for (const output of ['ApiUrl', 'LoadBalancerDNS', 'ClusterName', 'ServiceName', 'MigrateTaskDefinitionArn',
      'TaskSubnetIds', 'TaskSecurityGroupId', 'LogGroupName']) {
      assert.ok(output in json.Outputs, `${env}: output ${output}`);
    }
  }
});
