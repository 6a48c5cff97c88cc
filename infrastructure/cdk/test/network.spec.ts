import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ENVIRONMENT_NAMES, ENVIRONMENTS } from '../lib/environments';
import { resourcesOf, synth } from './synth';

test('VPC tiers, zones and NAT gateways follow each environment', () => {
  for (const env of ENVIRONMENT_NAMES) {
    const { template, json } = synth(env);
    const settings = ENVIRONMENTS[env];
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: settings.vpcCidr });
    template.resourceCountIs('AWS::EC2::Subnet', 3 * settings.azCount);
    template.resourceCountIs('AWS::EC2::NatGateway', settings.natGateways);
    const zones = new Set(resourcesOf(json, 'AWS::EC2::Subnet').map(([, s]) => s.Properties.AvailabilityZone));
    assert.equal(zones.size, settings.azCount, env);
  }
  assert.equal(ENVIRONMENTS.dev.natGateways, 1);
  assert.equal(ENVIRONMENTS.dev.serviceAzs, 1);
  assert.ok(ENVIRONMENTS.prod.azCount >= 3 && ENVIRONMENTS.prod.natGateways === ENVIRONMENTS.prod.azCount);
});

test('endpoints for S3, Secrets Manager, ECR and CloudWatch Logs', () => {
  for (const env of ENVIRONMENT_NAMES) {
    const { json } = synth(env);
    const gateways = resourcesOf(json, 'AWS::EC2::VPCEndpoint')
      .filter(([, e]) => e.Properties.VpcEndpointType === 'Gateway')
      .map(([, e]) => JSON.stringify(e.Properties.ServiceName));
    assert.equal(gateways.length, 1);
    assert.match(gateways[0], /\.s3"/);
    const interfaces = resourcesOf(json, 'AWS::EC2::VPCEndpoint')
      .filter(([, e]) => e.Properties.VpcEndpointType === 'Interface')
      .map(([, e]) => JSON.stringify(e.Properties.ServiceName));
    for (const service of ['secretsmanager', 'ecr.api', 'ecr.dkr', 'logs']) {
      assert.ok(interfaces.some((n) => n.includes(`.${service}"`) || n.endsWith(`.${service}`)),
        `${env}: no ${service} endpoint in ${interfaces}`);
    }
  }
});

test('the database tier ACL admits PostgreSQL from the private tier only', () => {
  for (const env of ENVIRONMENT_NAMES) {
    const { template, json } = synth(env);
    template.resourceCountIs('AWS::EC2::NetworkAcl', 1);
    template.resourceCountIs('AWS::EC2::SubnetNetworkAclAssociation', ENVIRONMENTS[env].azCount);
    const privateCidrs = resourcesOf(json, 'AWS::EC2::Subnet')
      .filter(([, s]) => s.Properties.Tags.some((t: any) => t.Key === 'aws-cdk:subnet-name' && t.Value === 'Private'))
      .map(([, s]) => s.Properties.CidrBlock);
    const entries = resourcesOf(json, 'AWS::EC2::NetworkAclEntry').map(([, e]) => e.Properties);
    for (const entry of entries) {
      assert.equal(entry.RuleAction, 'allow');
      assert.notEqual(entry.CidrBlock, '0.0.0.0/0', `${env}: ACL open to the world`);
      if (!entry.Egress && entry.Protocol === 6) {
        assert.deepEqual(entry.PortRange, { From: 5432, To: 5432 });
        assert.ok(privateCidrs.includes(entry.CidrBlock), `${env}: 5432 from ${entry.CidrBlock}`);
      }
    }
    assert.equal(entries.filter((e) => !e.Egress && e.Protocol === 6).length, privateCidrs.length);
  }
});
