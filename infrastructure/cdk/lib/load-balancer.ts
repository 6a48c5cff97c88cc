// The public entry: an internet-facing ALB answering HTTPS only (HTTP redirects), TLS 1.2 or
// newer, access logs to S3, health checks on the server's /health, and the API's DNS alias.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EnvironmentSettings, HEALTH_CHECK_INTERVAL, SERVICE_PORT } from './environments';

export interface LoadBalancerProps {
  readonly settings: EnvironmentSettings;
  readonly vpc: ec2.IVpc;
  readonly certificateArn: string;
  readonly hostedZoneId: string;
  readonly hostedZoneName: string;
}

export class LoadBalancer extends Construct {
  readonly alb: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const { settings, vpc } = props;
    this.alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      dropInvalidHeaderFields: true,
      deletionProtection: settings.retainData,
      // Longer than the server's IDLE_TIMEOUT_SECONDS (60) would leave the ALB reusing closed
      // connections; shorter keeps the server from closing first.
      idleTimeout: Duration.seconds(55),
    });

    // ALB access logs support SSE-S3 only (not KMS).
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(settings.accessLogDays) }],
      removalPolicy: settings.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !settings.retainData,
    });
    this.alb.logAccessLogs(this.accessLogs, 'alb');

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'Targets', {
      vpc,
      port: SERVICE_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      // Shorter than the server's SHUTDOWN_TIMEOUT_SECONDS: requests in flight finish first.
      deregistrationDelay: Duration.seconds(25),
      healthCheck: {
        path: '/health',
        port: String(SERVICE_PORT),
        healthyHttpCodes: '200',
        interval: HEALTH_CHECK_INTERVAL,
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });

    this.alb.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS, // TLS 1.3 and 1.2 only
      defaultTargetGroups: [this.targetGroup],
    });
    this.alb.addRedirect({
      sourcePort: 80, sourceProtocol: elbv2.ApplicationProtocol.HTTP,
      targetPort: 443, targetProtocol: elbv2.ApplicationProtocol.HTTPS,
    });

    // Imported by id and name: a lookup would need credentials at synthesis.
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: props.hostedZoneId,
      zoneName: props.hostedZoneName,
    });
    new route53.ARecord(this, 'Alias', {
      zone,
      recordName: settings.domainName,
      target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(this.alb)),
    });
  }
}
