// The API on ECS Fargate: tasks in private subnets reachable only from the ALB, scaled on CPU and
// memory, rolled back by the deployment circuit breaker; plus the one-off `chronotrail migrate`
// task that scripts/deploy.sh runs before waiting for the new version to be healthy.
import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ContainerSettings, DATA_DIR } from './container-settings';
import { EnvironmentSettings, SERVICE_PORT } from './environments';

export interface ServiceProps {
  readonly settings: EnvironmentSettings;
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly imageRepository: string;
  readonly imageTag: string;
  readonly container: ContainerSettings;
  readonly logGroup: logs.ILogGroup;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
}

export class ApiService extends Construct {
  readonly cluster: ecs.Cluster;
  readonly service: ecs.FargateService;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly migrateTaskDefinition: ecs.FargateTaskDefinition;
  readonly securityGroup: ec2.SecurityGroup;
  readonly scaling: ecs.ScalableTaskCount;

  constructor(scope: Construct, id: string, props: ServiceProps) {
    super(scope, id);
    const { settings, vpc } = props;
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      clusterName: `chronotrail-${settings.name}`,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    const repository = ecr.Repository.fromRepositoryName(this, 'Repository', props.imageRepository);
    const image = ecs.ContainerImage.fromEcrRepository(repository, props.imageTag);

    this.taskDefinition = this.apiTask(props, image);
    this.migrateTaskDefinition = this.migrateTask(props, image);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc, description: 'ChronoTrail API tasks (ingress from the ALB only)',
    });
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      serviceName: `chronotrail-${settings.name}`,
      taskDefinition: this.taskDefinition,
      desiredCount: settings.tasks.desired,
      vpcSubnets: props.subnets,
      securityGroups: [this.securityGroup],
      assignPublicIp: false,
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      healthCheckGracePeriod: Duration.seconds(60),
      platformVersion: ecs.FargatePlatformVersion.LATEST,
    });
    props.targetGroup.addTarget(this.service);
    this.securityGroup.connections.allowFrom(props.loadBalancer, ec2.Port.tcp(SERVICE_PORT), 'ALB to API');

    this.scaling = this.service.autoScaleTaskCount({
      minCapacity: settings.tasks.min,
      maxCapacity: settings.tasks.max,
    });
    this.scaling.scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: 70,
      scaleInCooldown: Duration.minutes(5),
      scaleOutCooldown: Duration.minutes(2),
    });
    this.scaling.scaleOnMemoryUtilization('Memory', {
      targetUtilizationPercent: 80,
      scaleInCooldown: Duration.minutes(5),
      scaleOutCooldown: Duration.minutes(2),
    });
  }

  private apiTask(props: ServiceProps, image: ecs.ContainerImage): ecs.FargateTaskDefinition {
    const { settings } = props;
    const task = new ecs.FargateTaskDefinition(this, 'ApiTask', {
      family: `chronotrail-${settings.name}-api`,
      cpu: settings.task.cpu,
      memoryLimitMiB: settings.task.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    task.addVolume({ name: 'data' });
    const container = task.addContainer('api', {
      containerName: 'api',
      image,
      command: ['serve'],
      environment: props.container.environment,
      secrets: props.container.secrets,
      portMappings: [{ containerPort: SERVICE_PORT, protocol: ecs.Protocol.TCP }],
      logging: ecs.LogDrivers.awsLogs({ logGroup: props.logGroup, streamPrefix: 'ecs' }),
      readonlyRootFilesystem: true,
      stopTimeout: Duration.seconds(35), // SHUTDOWN_TIMEOUT_SECONDS (30) plus a margin
      healthCheck: {
        command: ['CMD', 'curl', '-fsS', '-o', '/dev/null', `http://127.0.0.1:${SERVICE_PORT}/health`],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(20),
      },
    });
    container.addMountPoints({ containerPath: DATA_DIR, sourceVolume: 'data', readOnly: false });
    return task;
  }

  // Same image and settings as the API; no task role, because migrations touch only the database.
  private migrateTask(props: ServiceProps, image: ecs.ContainerImage): ecs.FargateTaskDefinition {
    const { settings } = props;
    const task = new ecs.FargateTaskDefinition(this, 'MigrateTask', {
      family: `chronotrail-${settings.name}-migrate`,
      cpu: 256,
      memoryLimitMiB: 512,
    });
    task.addVolume({ name: 'data' });
    const container = task.addContainer('migrate', {
      containerName: 'migrate',
      image,
      command: ['migrate'],
      environment: props.container.environment,
      secrets: props.container.secrets,
      logging: ecs.LogDrivers.awsLogs({ logGroup: props.logGroup, streamPrefix: 'migrate' }),
      readonlyRootFilesystem: true,
      essential: true,
    });
    container.addMountPoints({ containerPath: DATA_DIR, sourceVolume: 'data', readOnly: false });
    return task;
  }
}
