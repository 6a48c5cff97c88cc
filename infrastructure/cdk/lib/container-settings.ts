// The server's settings for a task, by the exact names src/core/config.cpp reads: the per-env
// file config/{env}.env, plus what only the infrastructure knows. Secrets reach the container
// as ECS secrets (resolved by the execution role at start), never as plain environment values.
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { DATABASE_NAME, DATABASE_USER } from './database';
import { environmentSettingsFile, readEnvFile } from './env-file';
import { EnvironmentSettings } from './environments';

export const DATA_DIR = '/var/lib/chronotrail'; // the image's writable volume

export interface ContainerSettingsProps {
  readonly settings: EnvironmentSettings;
  readonly region: string;
  readonly database: rds.DatabaseInstance;
  readonly readReplica?: rds.IDatabaseInstance;
  readonly bucketName: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
}

export interface ContainerSettings {
  readonly environment: Record<string, string>;
  readonly secrets: Record<string, ecs.Secret>;
}

export function containerSettings(props: ContainerSettingsProps): ContainerSettings {
  const { settings, database } = props;
  const secret = database.secret;
  if (!secret) throw new Error('the database must have a generated secret');
  const environment: Record<string, string> = {
    ...readEnvFile(environmentSettingsFile(settings.name)),
    CHRONOTRAIL_DATA_DIR: DATA_DIR,
    AWS_REGION: props.region,
    S3_BUCKET_NAME: props.bucketName,
    COGNITO_USER_POOL_ID: props.userPoolId,
    COGNITO_CLIENT_ID: props.userPoolClientId,
    // Only the ALB's nodes (in the VPC) can reach the tasks: trust their X-Forwarded-For.
    TRUSTED_PROXIES: settings.vpcCidr,
  };
  // The RDS secret's JSON fields, as the server reads them (README, "Scale-out").
  const secrets: Record<string, ecs.Secret> = {
    DB_HOST: ecs.Secret.fromSecretsManager(secret, 'host'),
    DB_PORT: ecs.Secret.fromSecretsManager(secret, 'port'),
    DB_NAME: ecs.Secret.fromSecretsManager(secret, 'dbname'),
    DB_USER: ecs.Secret.fromSecretsManager(secret, 'username'),
    DB_PASSWORD: ecs.Secret.fromSecretsManager(secret, 'password'),
  };
  if (props.readReplica) {
    // The URL carries no password: libpq takes it from PGPASSWORD, which follows the same secret
    // (and so survives rotation, as DB_PASSWORD does).
    const hostAndPort = props.readReplica.instanceEndpoint.socketAddress;
    environment.DATABASE_READ_URL =
      `postgresql://${DATABASE_USER}@${hostAndPort}/${DATABASE_NAME}?sslmode=require`;
    secrets.PGPASSWORD = ecs.Secret.fromSecretsManager(secret, 'password');
  }
  return { environment, secrets };
}
