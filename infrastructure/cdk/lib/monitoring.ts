// Alarms on what users feel (5xx rate, latency, unhealthy targets) and on what runs out (task CPU
// and memory, database CPU, connections, storage), all to one SNS topic; and the dashboard an
// operator opens first.
import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { EnvironmentSettings } from './environments';
import { Logging } from './logging';

export interface MonitoringProps {
  readonly settings: EnvironmentSettings;
  readonly alertEmail?: string;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly service: ecs.FargateService;
  readonly database: rds.DatabaseInstance;
  readonly logging: Logging;
}

export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { settings, loadBalancer: alb, targetGroup, service, database, logging } = props;
    this.topic = new sns.Topic(this, 'Alerts', { topicName: `chronotrail-${settings.name}-alerts` });
    if (props.alertEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alertEmail));

    const fiveMinutes = Duration.minutes(5);
    const requests = alb.metrics.requestCount({ period: fiveMinutes });
    const errors5xx = alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: fiveMinutes });
    const error5xxRate = new cloudwatch.MathExpression({
      expression: '100 * FILL(errors, 0) / requests',
      usingMetrics: { errors: errors5xx, requests },
      label: '5xx %',
      period: fiveMinutes,
    });
    const responseTime = targetGroup.metrics.targetResponseTime({ period: fiveMinutes, statistic: 'p95' });
    const unhealthy = targetGroup.metrics.unhealthyHostCount({ period: Duration.minutes(1), statistic: 'Maximum' });

    const alarm = (name: string, metric: cloudwatch.IMetric, threshold: number, periods: number,
      comparison = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD) => {
      const a = new cloudwatch.Alarm(this, name, {
        alarmName: `chronotrail-${settings.name}-${name}`,
        metric, threshold, evaluationPeriods: periods, comparisonOperator: comparison,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(new actions.SnsAction(this.topic));
      a.addOkAction(new actions.SnsAction(this.topic));
      return a;
    };
    alarm('alb-5xx-rate', error5xxRate, settings.alarms.error5xxPercent, 2);
    alarm('target-response-time', responseTime, settings.alarms.responseTimeSeconds, 2);
    alarm('unhealthy-targets', unhealthy, 0, 2);
    alarm('ecs-cpu', service.metricCpuUtilization({ period: fiveMinutes }), 80, 3);
    alarm('ecs-memory', service.metricMemoryUtilization({ period: fiveMinutes }), 85, 3);
    alarm('rds-cpu', database.metricCPUUtilization({ period: fiveMinutes }), 80, 2);
    alarm('rds-connections', database.metricDatabaseConnections({ period: fiveMinutes }),
      settings.database.maxConnectionsAlarm, 2);
    alarm('rds-free-storage', database.metricFreeStorageSpace({ period: fiveMinutes, statistic: 'Minimum' }),
      settings.database.freeStorageAlarmBytes, 1, cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD);
    alarm('server-errors', logging.serverErrors.with({ period: fiveMinutes }), 10, 2);
    alarm('slow-requests', logging.slowRequests.with({ period: fiveMinutes }), 20, 2);
    alarm('authentication-failures', logging.authenticationFailures.with({ period: fiveMinutes }), 200, 1);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `ChronoTrail-${settings.stackName.replace('ChronoTrail-', '')}-Overview`,
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Requests and 5xx', left: [requests, errors5xx], right: [error5xxRate] }),
      new cloudwatch.GraphWidget({ title: 'Target response time p95 (s)', left: [responseTime] }),
      new cloudwatch.GraphWidget({ title: 'Healthy / unhealthy targets',
        left: [targetGroup.metrics.healthyHostCount(), unhealthy] }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'ECS CPU / memory %',
        left: [service.metricCpuUtilization(), service.metricMemoryUtilization()] }),
      new cloudwatch.GraphWidget({ title: 'RDS CPU % / connections',
        left: [database.metricCPUUtilization()], right: [database.metricDatabaseConnections()] }),
      new cloudwatch.GraphWidget({ title: 'From the logs: 5xx, slow, 401',
        left: [logging.serverErrors, logging.slowRequests, logging.authenticationFailures] }),
    );
  }
}
