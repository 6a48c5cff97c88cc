// The VPC: public subnets (ALB, NAT), private subnets with egress (tasks, interface endpoints),
// isolated subnets (database) behind a network ACL that admits only PostgreSQL from the private
// tier. Endpoints keep image pulls, secrets, logs and S3 traffic off the NAT gateways.
import { Construct } from 'constructs';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { EnvironmentSettings } from './environments';

export interface NetworkProps {
  readonly settings: EnvironmentSettings;
  readonly availabilityZones: string[];
}

export class Network extends Construct {
  readonly vpc: ec2.Vpc;
  // Where tasks and interface endpoints run: one AZ in dev, all of them elsewhere.
  readonly serviceSubnets: ec2.SubnetSelection;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { settings } = props;
    const zones = props.availabilityZones;

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(settings.vpcCidr),
      availabilityZones: zones,
      natGateways: settings.natGateways,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: 'Database', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 26 },
      ],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });
    this.serviceSubnets = {
      subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
      availabilityZones: zones.slice(0, settings.serviceAzs),
    };

    const interfaceEndpoints: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
      SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
      EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
      Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
    };
    for (const [name, service] of Object.entries(interfaceEndpoints)) {
      this.vpc.addInterfaceEndpoint(name, { service, subnets: this.serviceSubnets, privateDnsEnabled: true });
    }

    this.restrictDatabaseTier();
  }

  // Stateless rules, so both directions are listed: PostgreSQL in from the private tier and the
  // replies out; anything between database subnets (Multi-AZ standby, read replica).
  private restrictDatabaseTier(): void {
    const acl = new ec2.NetworkAcl(this, 'DatabaseAcl', {
      vpc: this.vpc,
      subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    let rule = 100;
    for (const subnet of this.vpc.privateSubnets) {
      const peer = ec2.AclCidr.ipv4(subnet.ipv4CidrBlock);
      acl.addEntry(`PostgresIn${rule}`, {
        ruleNumber: rule, cidr: peer, traffic: ec2.AclTraffic.tcpPort(5432),
        direction: ec2.TrafficDirection.INGRESS, ruleAction: ec2.Action.ALLOW,
      });
      acl.addEntry(`RepliesOut${rule}`, {
        ruleNumber: rule, cidr: peer, traffic: ec2.AclTraffic.tcpPortRange(1024, 65535),
        direction: ec2.TrafficDirection.EGRESS, ruleAction: ec2.Action.ALLOW,
      });
      rule += 10;
    }
    for (const subnet of this.vpc.isolatedSubnets) {
      const peer = ec2.AclCidr.ipv4(subnet.ipv4CidrBlock);
      for (const direction of [ec2.TrafficDirection.INGRESS, ec2.TrafficDirection.EGRESS]) {
        acl.addEntry(`WithinTier${rule}${direction === ec2.TrafficDirection.INGRESS ? 'In' : 'Out'}`, {
          ruleNumber: rule, cidr: peer, traffic: ec2.AclTraffic.allTraffic(), direction,
          ruleAction: ec2.Action.ALLOW,
        });
      }
      rule += 10;
    }
  }
}
