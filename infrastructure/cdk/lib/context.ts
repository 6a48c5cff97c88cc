// Everything the app takes from CDK context (`cdk.context.json` or `-c key=value`), read and
// checked in one place. Nothing here needs AWS credentials: synthesis stays offline.
import { Node } from 'constructs';
import { ENVIRONMENT_NAMES, EnvironmentName } from './environments';

export type SearchBackend = 'pgvector' | 'opensearch';

export interface IdentityProviders {
  readonly googleClientId?: string; // its secret: Secrets Manager chronotrail/{env}/google-client-secret
  readonly apple?: { readonly servicesId: string; readonly teamId: string; readonly keyId: string };
}

export interface DeployContext {
  readonly environment: EnvironmentName;
  readonly account?: string;
  readonly region: string;
  readonly certificateArn: string;
  readonly hostedZoneId: string;
  readonly hostedZoneName: string;
  readonly imageRepository: string;
  readonly imageTag: string;
  readonly searchBackend: SearchBackend;
  readonly readReplica: boolean;
  readonly mediaReplicaBucketArn?: string;
  readonly alertEmail?: string;
  readonly identityProviders: IdentityProviders;
  readonly callbackUrls?: string[];
  readonly devSchedule: {
    readonly enabled: boolean;
    readonly startHour: number;
    readonly stopHour: number;
    readonly workDays: string;
    readonly timeZone: string;
  };
}

function text(node: Node, key: string): string | undefined {
  const value = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
}

function required(node: Node, key: string, why: string): string {
  const value = text(node, key);
  if (!value) throw new Error(`missing context "${key}": ${why} (see cdk.context.json.example)`);
  return value;
}

function flag(node: Node, key: string, fallback: boolean): boolean {
  const value = text(node, key);
  if (value === undefined) return fallback;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`context "${key}" must be true or false, not "${value}"`);
}

function hours(node: Node): { startHour: number; stopHour: number } {
  const value = text(node, 'devWorkHours') ?? '7-19';
  const match = /^(\d{1,2})-(\d{1,2})$/.exec(value);
  const startHour = match ? Number(match[1]) : NaN;
  const stopHour = match ? Number(match[2]) : NaN;
  if (!(startHour >= 0 && stopHour <= 23 && startHour < stopHour)) {
    throw new Error(`context "devWorkHours" must be START-STOP hours such as 7-19, not "${value}"`);
  }
  return { startHour, stopHour };
}

export function readContext(node: Node): DeployContext {
  const environment = (text(node, 'environment') ?? 'dev') as EnvironmentName;
  if (!ENVIRONMENT_NAMES.includes(environment)) {
    throw new Error(`context "environment" must be one of ${ENVIRONMENT_NAMES.join(', ')}`);
  }
  const searchBackend = (text(node, 'searchBackend') ?? 'pgvector') as SearchBackend;
  if (searchBackend !== 'pgvector' && searchBackend !== 'opensearch') {
    throw new Error('context "searchBackend" must be pgvector or opensearch');
  }
  const googleClientId = text(node, 'googleClientId');
  const servicesId = text(node, 'appleServicesId');
  const apple = servicesId
    ? {
        servicesId,
        teamId: required(node, 'appleTeamId', 'Sign in with Apple needs the team id'),
        keyId: required(node, 'appleKeyId', 'Sign in with Apple needs the key id'),
      }
    : undefined;
  const callbackUrls = text(node, 'callbackUrls')?.split(',').map((u) => u.trim());
  return {
    environment,
    account: text(node, `${environment}_account`),
    region: text(node, 'region') ?? 'us-east-1',
    certificateArn: required(node, `${environment}_certificate_arn`, 'the ALB serves HTTPS only'),
    hostedZoneId: required(node, 'hostedZoneId', 'the API domain is an alias record in it'),
    hostedZoneName: required(node, 'hostedZoneName', 'the API domain is an alias record in it'),
    imageRepository: text(node, 'imageRepository') ?? 'chronotrail-api',
    // scripts/deploy.sh passes the commit it pushed; the env tag is what it also pushes.
    imageTag: text(node, 'imageTag') ?? environment,
    searchBackend,
    readReplica: flag(node, `${environment}_read_replica`, environment === 'prod'),
    mediaReplicaBucketArn: text(node, `${environment}_media_replica_bucket_arn`),
    alertEmail: text(node, 'alertEmail'),
    identityProviders: { googleClientId, apple },
    callbackUrls,
    devSchedule: {
      enabled: flag(node, 'devScaleToZero', true),
      ...hours(node),
      workDays: text(node, 'devWorkDays') ?? 'MON-FRI',
      timeZone: text(node, 'devTimeZone') ?? 'UTC',
    },
  };
}
