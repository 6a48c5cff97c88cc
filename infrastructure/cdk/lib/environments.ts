// What differs between dev, staging and prod, in one table: every construct reads its sizes and
// policies from here, so a reviewer compares environments by reading one file.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';

export type EnvironmentName = 'dev' | 'staging' | 'prod';
export const ENVIRONMENT_NAMES: readonly EnvironmentName[] = ['dev', 'staging', 'prod'];

export interface EnvironmentSettings {
  readonly name: EnvironmentName;
  readonly stackName: string;
  readonly domainName: string; // the API's public name, under the hosted zone
  readonly appOrigin: string; // the web app, for Cognito callbacks
  readonly vpcCidr: string;
  // ALBs and DB subnet groups need two AZs; `serviceAzs` is how many of them run tasks,
  // interface endpoints and NAT gateways (one in dev to save cost).
  readonly azCount: number;
  readonly serviceAzs: number;
  readonly natGateways: number;
  readonly task: { readonly cpu: number; readonly memoryMiB: number };
  readonly tasks: { readonly min: number; readonly desired: number; readonly max: number };
  readonly database: {
    readonly instanceType: string; // e.g. t4g.micro (the db. prefix is added by CDK)
    readonly multiAz: boolean;
    readonly allocatedGiB: number;
    readonly maxAllocatedGiB: number;
    readonly backupDays: number;
    readonly deletionProtection: boolean;
    readonly removalPolicy: RemovalPolicy;
    readonly rotation: boolean;
    readonly readReplicaAllowed: boolean;
    readonly maxConnectionsAlarm: number; // ~80% of the class's max_connections
    readonly freeStorageAlarmBytes: number;
  };
  readonly retainData: boolean; // buckets, user pool, log group survive `cdk destroy`
  readonly logRetention: logs.RetentionDays;
  readonly accessLogDays: number;
  readonly wafRateLimitPer5Min?: number; // per client IP; undefined: no rate rule
  readonly alarms: {
    readonly error5xxPercent: number;
    readonly responseTimeSeconds: number;
    readonly slowRequestMs: number; // a request slower than this counts as slow in the logs
  };
  readonly scaleToZeroOutsideWorkHours: boolean;
}

const GiB = 1024 * 1024 * 1024;

export const ENVIRONMENTS: Record<EnvironmentName, EnvironmentSettings> = {
  dev: {
    name: 'dev',
    stackName: 'ChronoTrail-Dev',
    domainName: 'dev-api.chronotrail.com',
    appOrigin: 'https://dev-app.chronotrail.com',
    vpcCidr: '10.0.0.0/16',
    azCount: 2,
    serviceAzs: 1,
    natGateways: 1,
    task: { cpu: 256, memoryMiB: 512 },
    tasks: { min: 1, desired: 1, max: 3 },
    database: {
      instanceType: 't4g.micro',
      multiAz: false,
      allocatedGiB: 20,
      maxAllocatedGiB: 50,
      backupDays: 1,
      deletionProtection: false,
      removalPolicy: RemovalPolicy.DESTROY,
      rotation: false,
      readReplicaAllowed: false,
      maxConnectionsAlarm: 60,
      freeStorageAlarmBytes: 2 * GiB,
    },
    retainData: false,
    logRetention: logs.RetentionDays.ONE_WEEK,
    accessLogDays: 7,
    alarms: { error5xxPercent: 20, responseTimeSeconds: 10, slowRequestMs: 5000 },
    scaleToZeroOutsideWorkHours: true,
  },
  staging: {
    name: 'staging',
    stackName: 'ChronoTrail-Staging',
    domainName: 'staging-api.chronotrail.com',
    appOrigin: 'https://staging-app.chronotrail.com',
    vpcCidr: '10.1.0.0/16',
    azCount: 2,
    serviceAzs: 2,
    natGateways: 1,
    task: { cpu: 512, memoryMiB: 1024 },
    tasks: { min: 2, desired: 2, max: 10 },
    database: {
      instanceType: 't4g.medium',
      multiAz: true,
      allocatedGiB: 20,
      maxAllocatedGiB: 100,
      backupDays: 7,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      rotation: false,
      readReplicaAllowed: false,
      maxConnectionsAlarm: 320,
      freeStorageAlarmBytes: 2 * GiB,
    },
    retainData: true,
    logRetention: logs.RetentionDays.ONE_MONTH,
    accessLogDays: 30,
    alarms: { error5xxPercent: 15, responseTimeSeconds: 5, slowRequestMs: 2000 },
    scaleToZeroOutsideWorkHours: false,
  },
  prod: {
    name: 'prod',
    stackName: 'ChronoTrail-Prod',
    domainName: 'api.chronotrail.com',
    appOrigin: 'https://app.chronotrail.com',
    vpcCidr: '10.2.0.0/16',
    azCount: 3,
    serviceAzs: 3,
    natGateways: 3,
    task: { cpu: 1024, memoryMiB: 2048 },
    tasks: { min: 3, desired: 3, max: 20 },
    database: {
      instanceType: 'r6g.large',
      multiAz: true,
      allocatedGiB: 100,
      maxAllocatedGiB: 500,
      backupDays: 30,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      rotation: true,
      readReplicaAllowed: true,
      maxConnectionsAlarm: 1300,
      freeStorageAlarmBytes: 10 * GiB,
    },
    retainData: true,
    logRetention: logs.RetentionDays.THREE_MONTHS,
    accessLogDays: 90,
    wafRateLimitPer5Min: 2000,
    alarms: { error5xxPercent: 5, responseTimeSeconds: 2, slowRequestMs: 1000 },
    scaleToZeroOutsideWorkHours: false,
  },
};

export const SERVICE_PORT = 8000;
export const HEALTH_CHECK_INTERVAL = Duration.seconds(30);
