import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Match } from 'aws-cdk-lib/assertions';
import { ENVIRONMENT_NAMES, ENVIRONMENTS } from '../lib/environments';
import { baseContext, resourcesOf, synth } from './synth';

test('the ALB serves HTTPS with the context certificate and TLS 1.2+, and redirects HTTP', () => {
  for (const env of ENVIRONMENT_NAMES) {
    const { template } = synth(env);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: String(env !== 'dev') },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
      ]),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: baseContext(env)[`${env}_certificate_arn`] }],
      SslPolicy: Match.stringLikeRegexp('^ELBSecurityPolicy-TLS13-1-2-'),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [Match.objectLike({
        Type: 'redirect', RedirectConfig: Match.objectLike({ Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' }),
      })],
    });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 2);
  }
});

test('targets are the tasks on port 8000, checked on /health', () => {
  for (const env of ENVIRONMENT_NAMES) {
    synth(env).template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8000,
      Protocol: 'HTTP',
      TargetType: 'ip',
      HealthCheckPath: '/health',
      HealthCheckPort: '8000',
      Matcher: { HttpCode: '200' },
    });
  }
});

test('WAF: the common rule set everywhere, a rate rule only in prod', () => {
  for (const env of ENVIRONMENT_NAMES) {
    const { template, json } = synth(env);
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    const [[, acl]] = resourcesOf(json, 'AWS::WAFv2::WebACL');
    const names = acl.Properties.Rules.map((r: any) => r.Name);
    assert.ok(names.includes('AWSManagedRulesCommonRuleSet'), env);
    const rate = acl.Properties.Rules.find((r: any) => r.Statement.RateBasedStatement);
    if (env === 'prod') {
      assert.equal(rate.Statement.RateBasedStatement.Limit, ENVIRONMENTS.prod.wafRateLimitPer5Min);
      assert.deepEqual(rate.Action, { Block: {} });
    } else {
      assert.equal(rate, undefined, `${env} has a rate rule`);
    }
  }
});

test('the API domain is an alias to the ALB in the context hosted zone', () => {
  for (const env of ENVIRONMENT_NAMES) {
    synth(env).template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: `${ENVIRONMENTS[env].domainName}.`,
      Type: 'A',
      HostedZoneId: 'Z0123456789EXAMPLE',
      AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }),
    });
  }
});
