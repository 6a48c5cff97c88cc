// The log group the tasks write to (awslogs) and metrics drawn from the server's JSON lines:
// every request is one {"event":"request",...,"status":N,"duration_ms":X,...} object on stdout.
import { RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { EnvironmentSettings } from './environments';

export class Logging extends Construct {
  readonly logGroup: logs.LogGroup;
  readonly namespace: string;
  readonly serverErrors: cloudwatch.Metric;
  readonly slowRequests: cloudwatch.Metric;
  readonly authenticationFailures: cloudwatch.Metric;

  constructor(scope: Construct, id: string, settings: EnvironmentSettings) {
    super(scope, id);
    this.namespace = `ChronoTrail/${settings.stackName.replace('ChronoTrail-', '')}`;
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: `/ecs/chronotrail-${settings.name}`,
      retention: settings.logRetention,
      removalPolicy: settings.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const request = logs.FilterPattern.stringValue('$.event', '=', 'request');
    this.serverErrors = this.filter('ServerErrors',
      logs.FilterPattern.all(request, logs.FilterPattern.numberValue('$.status', '>=', 500)));
    this.slowRequests = this.filter('SlowRequests',
      logs.FilterPattern.all(request, logs.FilterPattern.numberValue('$.duration_ms', '>', settings.alarms.slowRequestMs)));
    this.authenticationFailures = this.filter('AuthenticationFailures',
      logs.FilterPattern.all(request, logs.FilterPattern.numberValue('$.status', '=', 401)));
  }

  private filter(name: string, pattern: logs.IFilterPattern): cloudwatch.Metric {
    const filter = new logs.MetricFilter(this, name, {
      logGroup: this.logGroup,
      filterPattern: pattern,
      metricNamespace: this.namespace,
      metricName: name,
      metricValue: '1',
      defaultValue: 0,
    });
    return filter.metric({ statistic: cloudwatch.Stats.SUM });
  }
}
