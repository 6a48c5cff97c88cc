import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ENVIRONMENT_NAMES, ENVIRONMENTS } from '../lib/environments';
import { resourcesOf, synth } from './synth';

// Lines as the server writes them (build/chronotrail serve, then curl; only status and duration
// edited for the slow and failing cases).
const OK = '{"time":"2026-11-26T16:14:55.442488Z","level":"info","event":"request","request_id":"3cec409b-7429-42ed-913d-424064be7740","method":"GET","route":"/health","path":"/health","status":200,"duration_ms":0.142017,"user_id":null}';
const UNAUTHENTICATED = '{"time":"2026-11-26T16:14:55.467638Z","level":"info","event":"request","request_id":"fee979cb-af91-424c-b8bf-635bc86225eb","method":"GET","route":"/api/v1/auth/me","path":"/api/v1/auth/me","status":401,"duration_ms":0.282791,"client":"127.0.0.1","user_id":null}';
const FAILED = OK.replace('"status":200', '"status":503');
const SLOW = OK.replace('"duration_ms":0.142017', '"duration_ms":7321.5');
const NOT_A_REQUEST = '{"time":"2026-11-26T16:15:01.448894Z","level":"info","event":"listening","host":"0.0.0.0","port":42633,"status":500}';

// Evaluates the subset of CloudWatch's JSON filter syntax the stack uses:
// { ($.a = "text") && ($.b >= 5) ... } — conjunctions of field comparisons.
function matches(pattern: string, line: string): boolean {
  const record = JSON.parse(line);
  const body = /^\{\s*(.*)\s*\}$/.exec(pattern.trim());
  assert.ok(body, `not a JSON filter pattern: ${pattern}`);
  return body[1].split('&&').every((term) => {
    const m = /^\(?\s*\$\.([a-z_]+)\s*(=|!=|>=|<=|>|<)\s*("?)([^")]*)\3\s*\)?$/.exec(term.trim());
    assert.ok(m, `unsupported term ${term}`);
    const [, field, op, quote, raw] = m;
    const actual = record[field];
    if (actual === undefined) return false;
    const expected: string | number = quote ? raw : Number(raw);
    switch (op) {
      case '=': return actual === expected;
      case '!=': return actual !== expected;
      case '>=': return actual >= expected;
      case '<=': return actual <= expected;
      case '>': return actual > expected;
      default: return actual < expected;
    }
  });
}

function filters(env: 'dev' | 'staging' | 'prod'): Record<string, string> {
  return Object.fromEntries(resourcesOf(synth(env).json, 'AWS::Logs::MetricFilter')
    .map(([, f]) => [f.Properties.MetricTransformations[0].MetricName, f.Properties.FilterPattern]));
}

test('log group /ecs/chronotrail-{env} with per-environment retention', () => {
  const days = { dev: 7, staging: 30, prod: 90 };
  for (const env of ENVIRONMENT_NAMES) {
    synth(env).template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `/ecs/chronotrail-${env}`, RetentionInDays: days[env],
    });
  }
});

test('metric filters match the server\'s real JSON request lines and nothing else', () => {
  for (const env of ENVIRONMENT_NAMES) {
    const f = filters(env);
    assert.deepEqual(Object.keys(f).sort(), ['AuthenticationFailures', 'ServerErrors', 'SlowRequests']);
    assert.ok(matches(f.ServerErrors, FAILED));
    assert.ok(!matches(f.ServerErrors, OK) && !matches(f.ServerErrors, UNAUTHENTICATED));
    assert.ok(!matches(f.ServerErrors, NOT_A_REQUEST));
    assert.ok(matches(f.AuthenticationFailures, UNAUTHENTICATED));
    assert.ok(!matches(f.AuthenticationFailures, OK));
    assert.ok(matches(f.SlowRequests, SLOW));
    assert.ok(!matches(f.SlowRequests, OK));
    assert.match(f.SlowRequests, new RegExp(`> ${ENVIRONMENTS[env].alarms.slowRequestMs}\\b`));
  }
});

test('alarms cover the ALB, the tasks and the database, and notify the SNS topic', () => {
  const expected = ['alb-5xx-rate', 'target-response-time', 'unhealthy-targets', 'ecs-cpu', 'ecs-memory',
    'rds-cpu', 'rds-connections', 'rds-free-storage', 'server-errors', 'slow-requests', 'authentication-failures'];
  for (const env of ENVIRONMENT_NAMES) {
    const { template, json } = synth(env);
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: `chronotrail-${env}-alerts` });
    const alarms = resourcesOf(json, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    assert.deepEqual(alarms.map((a) => a.AlarmName).sort(), expected.map((n) => `chronotrail-${env}-${n}`).sort());
    for (const alarm of alarms) {
      assert.equal(alarm.AlarmActions.length, 1);
      assert.ok(alarm.AlarmActions[0].Ref.startsWith('MonitoringAlerts'), alarm.AlarmName);
    }
    const byName = (n: string) => alarms.find((a) => a.AlarmName === `chronotrail-${env}-${n}`);
    assert.equal(byName('alb-5xx-rate').Threshold, ENVIRONMENTS[env].alarms.error5xxPercent);
    assert.equal(byName('target-response-time').Threshold, ENVIRONMENTS[env].alarms.responseTimeSeconds);
    assert.equal(byName('rds-free-storage').ComparisonOperator, 'LessThanThreshold');
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: `ChronoTrail-${ENVIRONMENTS[env].stackName.replace('ChronoTrail-', '')}-Overview`,
    });
  }
  synth('prod', { alertEmail: 'alerts@example.com' }).template.hasResourceProperties('AWS::SNS::Subscription', {
    Protocol: 'email', Endpoint: 'alerts@example.com',
  });
  synth('prod').template.resourceCountIs('AWS::SNS::Subscription', 0);
});
