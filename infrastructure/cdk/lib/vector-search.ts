// Optional (`-c searchBackend=opensearch`): an OpenSearch Serverless VECTORSEARCH collection,
// reachable only through a VPC endpoint in the service subnets, readable and writable only by the
// task role. Without it, vectors live in PostgreSQL (pgvector), which costs nothing extra.
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as aoss from 'aws-cdk-lib/aws-opensearchserverless';
import { EnvironmentSettings } from './environments';

export interface VectorSearchProps {
  readonly settings: EnvironmentSettings;
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly clientSecurityGroup: ec2.ISecurityGroup; // the tasks
  readonly taskRole: iam.IRole;
}

export class VectorSearch extends Construct {
  readonly collection: aoss.CfnCollection;

  constructor(scope: Construct, id: string, props: VectorSearchProps) {
    super(scope, id);
    const name = `chronotrail-${props.settings.name}`;
    const endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: props.vpc, description: 'OpenSearch Serverless endpoint (HTTPS from the API tasks)',
    });
    endpointSecurityGroup.addIngressRule(props.clientSecurityGroup, ec2.Port.tcp(443), 'API tasks');
    const endpoint = new aoss.CfnVpcEndpoint(this, 'Endpoint', {
      name: `${name}-vpce`,
      vpcId: props.vpc.vpcId,
      subnetIds: props.vpc.selectSubnets(props.subnets).subnetIds,
      securityGroupIds: [endpointSecurityGroup.securityGroupId],
    });
    const encryption = new aoss.CfnSecurityPolicy(this, 'Encryption', {
      name: `${name}-encryption`,
      type: 'encryption',
      policy: JSON.stringify({
        Rules: [{ ResourceType: 'collection', Resource: [`collection/${name}`] }],
        AWSOwnedKey: true,
      }),
    });
    const network = new aoss.CfnSecurityPolicy(this, 'Network', {
      name: `${name}-network`,
      type: 'network',
      policy: Stack.of(this).toJsonString([{
        Rules: [{ ResourceType: 'collection', Resource: [`collection/${name}`] }],
        AllowFromPublic: false,
        SourceVPCEs: [endpoint.attrId],
      }]),
    });
    this.collection = new aoss.CfnCollection(this, 'Collection', {
      name,
      type: 'VECTORSEARCH',
      // Without standby replicas the minimum is half the OCUs (and half the cost): fine for dev.
      standbyReplicas: props.settings.name === 'dev' ? 'DISABLED' : 'ENABLED',
    });
    this.collection.addDependency(encryption);
    this.collection.addDependency(network);
    new aoss.CfnAccessPolicy(this, 'DataAccess', {
      name: `${name}-access`,
      type: 'data',
      policy: Stack.of(this).toJsonString([{
        Rules: [
          {
            ResourceType: 'collection',
            Resource: [`collection/${name}`],
            Permission: ['aoss:DescribeCollectionItems', 'aoss:CreateCollectionItems', 'aoss:UpdateCollectionItems'],
          },
          {
            ResourceType: 'index',
            Resource: [`index/${name}/*`],
            Permission: [
              'aoss:CreateIndex', 'aoss:DescribeIndex', 'aoss:UpdateIndex',
              'aoss:ReadDocument', 'aoss:WriteDocument',
            ],
          },
        ],
        Principal: [props.taskRole.roleArn],
      }]),
    });
    props.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['aoss:APIAccessAll'],
      resources: [this.collection.attrArn],
    }));
  }
}
