// One environment of ChronoTrail: composes the constructs of lib/ (one concern per file) and
// publishes what operators and scripts/deploy.sh need as SSM parameters and stack outputs.
import { CfnOutput, Stack, StackProps, Tags, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { containerSettings } from './container-settings';
import { DeployContext } from './context';
import { Database } from './database';
import { scaleToZeroOutsideWorkHours } from './dev-schedule';
import { ENVIRONMENTS } from './environments';
import { Firewall } from './firewall';
import { Identity } from './identity';
import { LoadBalancer } from './load-balancer';
import { Logging } from './logging';
import { MediaBucket } from './media-bucket';
import { Monitoring } from './monitoring';
import { Network } from './network';
import { Parameters } from './parameters';
import { ApiService } from './service';
import { VectorSearch } from './vector-search';

export interface ChronoTrailStackProps extends StackProps {
  readonly deploy: DeployContext;
}

export class ChronoTrailStack extends Stack {
  private readonly zones: string[];

  constructor(scope: Construct, id: string, props: ChronoTrailStackProps) {
    super(scope, id, props);
    const deploy = props.deploy;
    const settings = ENVIRONMENTS[deploy.environment];
    this.zones = ['a', 'b', 'c'].slice(0, settings.azCount).map((z) => `${deploy.region}${z}`);
    Tags.of(this).add('project', 'chronotrail');
    Tags.of(this).add('environment', settings.name);
    // The zones are named on purpose (see availabilityZones below), not by oversight.
    Validations.of(this).acknowledge({
      id: 'CloudFormation-Validate::W3010',
      reason: 'zones are named so that synthesis needs no AWS credentials',
    });

    const network = new Network(this, 'Network', { settings, availabilityZones: this.zones });
    const database = new Database(this, 'Database', { settings, vpc: network.vpc, readReplica: deploy.readReplica });
    const media = new MediaBucket(this, 'Media', { settings, replicaBucketArn: deploy.mediaReplicaBucketArn });
    const identity = new Identity(this, 'Identity', {
      settings, providers: deploy.identityProviders, callbackUrls: deploy.callbackUrls,
    });
    const logging = new Logging(this, 'Logging', settings);
    const entry = new LoadBalancer(this, 'LoadBalancer', {
      settings, vpc: network.vpc, certificateArn: deploy.certificateArn,
      hostedZoneId: deploy.hostedZoneId, hostedZoneName: deploy.hostedZoneName,
    });
    new Firewall(this, 'Firewall', { settings, loadBalancerArn: entry.alb.loadBalancerArn });

    const api = new ApiService(this, 'Api', {
      settings,
      vpc: network.vpc,
      subnets: network.serviceSubnets,
      imageRepository: deploy.imageRepository,
      imageTag: deploy.imageTag,
      container: containerSettings({
        settings,
        region: deploy.region,
        database: database.instance,
        readReplica: database.replica,
        bucketName: media.bucket.bucketName,
        userPoolId: identity.userPool.userPoolId,
        userPoolClientId: identity.client.userPoolClientId,
      }),
      logGroup: logging.logGroup,
      targetGroup: entry.targetGroup,
      loadBalancer: entry.alb,
    });
    // The migrate task runs with the service's security group (scripts/deploy.sh), so this
    // admits it too.
    database.instance.connections.allowDefaultPortFrom(api.service, 'API and migrate tasks');
    if (database.replica) database.replica.connections.allowDefaultPortFrom(api.service, 'API tasks');
    grantMediaAccess(api.taskDefinition.taskRole, media.bucket.bucketArn);
    if (settings.scaleToZeroOutsideWorkHours && deploy.devSchedule.enabled) {
      scaleToZeroOutsideWorkHours(api.scaling, settings, deploy.devSchedule);
    }

    const search = deploy.searchBackend === 'opensearch'
      ? new VectorSearch(this, 'VectorSearch', {
          settings, vpc: network.vpc, subnets: network.serviceSubnets,
          clientSecurityGroup: api.securityGroup, taskRole: api.taskDefinition.taskRole,
        })
      : undefined;

    new Monitoring(this, 'Monitoring', {
      settings, alertEmail: deploy.alertEmail, loadBalancer: entry.alb, targetGroup: entry.targetGroup,
      service: api.service, database: database.instance, logging,
    });

    const apiUrl = `https://${settings.domainName}`;
    const parameters = new Parameters(this, 'Parameters', settings.name);
    parameters.add('database/host', database.instance.dbInstanceEndpointAddress, 'PostgreSQL primary host');
    parameters.add('database/port', database.instance.dbInstanceEndpointPort, 'PostgreSQL port');
    parameters.add('database/secret-arn', database.instance.secret!.secretArn, 'Secret with the database fields');
    parameters.add('s3/media-bucket', media.bucket.bucketName, 'S3_BUCKET_NAME');
    parameters.add('cognito/user-pool-id', identity.userPool.userPoolId, 'COGNITO_USER_POOL_ID');
    parameters.add('cognito/client-id', identity.client.userPoolClientId, 'COGNITO_CLIENT_ID');
    parameters.add('logs/group', logging.logGroup.logGroupName, 'Log group of the API and migrate tasks');
    parameters.add('ecs/cluster', api.cluster.clusterName, 'ECS cluster');
    parameters.add('api/url', apiUrl, 'Public URL of the API');
    if (search) parameters.add('search/endpoint', search.collection.attrCollectionEndpoint, 'OpenSearch collection');

    const outputs: Record<string, string> = {
      ApiUrl: apiUrl,
      LoadBalancerDNS: entry.alb.loadBalancerDnsName,
      DatabaseEndpoint: database.instance.dbInstanceEndpointAddress,
      MediaBucketName: media.bucket.bucketName,
      UserPoolId: identity.userPool.userPoolId,
      UserPoolClientId: identity.client.userPoolClientId,
      ClusterName: api.cluster.clusterName,
      ServiceName: api.service.serviceName,
      MigrateTaskDefinitionArn: api.migrateTaskDefinition.taskDefinitionArn,
      // Comma-separated, as `aws ecs run-task --network-configuration` takes them.
      TaskSubnetIds: network.vpc.selectSubnets(network.serviceSubnets).subnetIds.join(','),
      TaskSecurityGroupId: api.securityGroup.securityGroupId,
      LogGroupName: logging.logGroup.logGroupName,
    };
    if (search) outputs.SearchCollectionEndpoint = search.collection.attrCollectionEndpoint;
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
  }

  // Named, not looked up: Stack's own lookup needs AWS credentials at synthesis. Zones a to c
  // exist in every commercial region.
  get availabilityZones(): string[] {
    return this.zones;
  }
}

// Object reads and writes in the media bucket and nothing else in S3.
function grantMediaAccess(role: iam.IRole, bucketArn: string): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
    resources: [`${bucketArn}/*`],
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucketArn] }));
}
