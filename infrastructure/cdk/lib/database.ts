// RDS PostgreSQL 15 in the isolated subnets. The generated secret carries the fields the server
// reads as DB_HOST/DB_PORT/DB_NAME/DB_USER/DB_PASSWORD; in prod the password rotates and an
// optional read replica serves list reads (DATABASE_READ_URL).
import { Duration, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { EnvironmentSettings } from './environments';

export const DATABASE_NAME = 'chronotrail';
export const DATABASE_USER = 'chronotrail';

export interface DatabaseProps {
  readonly settings: EnvironmentSettings;
  readonly vpc: ec2.IVpc;
  readonly readReplica: boolean;
}

export class Database extends Construct {
  readonly instance: rds.DatabaseInstance;
  readonly replica?: rds.DatabaseInstanceReadReplica;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const { settings, vpc } = props;
    const db = settings.database;
    if (props.readReplica && !db.readReplicaAllowed) {
      throw new Error(`a read replica is only offered in prod, not in ${settings.name}`);
    }
    // Ingress is granted by the service (connections.allowFrom), never from an address range.
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc, description: 'ChronoTrail PostgreSQL', allowAllOutbound: false,
    });
    const parameters = new rds.ParameterGroup(this, 'Parameters', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_15 }),
      parameters: {
        'rds.force_ssl': '1', // matches DB_SSLMODE=require in config/*.env
        log_min_duration_statement: '1000', // slow statements reach the exported log
      },
    });
    // dbname is written into the secret here: the RDS attachment adds host, port and engine,
    // and DB_NAME must resolve from a field that certainly exists.
    const secret = new rds.DatabaseSecret(this, 'Secret', {
      username: DATABASE_USER,
      dbname: DATABASE_NAME,
      secretName: `chronotrail/${settings.name}/database`,
      // Without URL-special characters the password travels in connection strings untouched.
      excludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\^,=',
    });
    const common = {
      instanceType: new ec2.InstanceType(db.instanceType),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.securityGroup],
      storageEncrypted: true,
      enablePerformanceInsights: true,
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
      deletionProtection: db.deletionProtection,
      removalPolicy: db.removalPolicy,
      parameterGroup: parameters,
      monitoringInterval: settings.name === 'prod' ? Duration.seconds(60) : undefined,
      autoMinorVersionUpgrade: true,
    };
    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      ...common,
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_15 }),
      databaseName: DATABASE_NAME,
      credentials: rds.Credentials.fromSecret(secret),
      multiAz: db.multiAz,
      allocatedStorage: db.allocatedGiB,
      maxAllocatedStorage: db.maxAllocatedGiB,
      storageType: rds.StorageType.GP3,
      backupRetention: Duration.days(db.backupDays),
      deleteAutomatedBackups: !settings.retainData,
      copyTagsToSnapshot: true,
    });
    if (db.rotation) {
      this.instance.addRotationSingleUser({ automaticallyAfter: Duration.days(30) });
    }
    if (props.readReplica) {
      this.replica = new rds.DatabaseInstanceReadReplica(this, 'ReadReplica', {
        ...common,
        sourceDatabaseInstance: this.instance,
      });
      // RDS encrypts a replica of an encrypted instance; the flag CDK emits changes nothing.
      Validations.of(this.replica).acknowledge({
        id: 'CloudFormation-Validate::F3020',
        reason: 'the replica inherits encryption from its encrypted source',
      });
    }
  }
}
