// SSM parameters under /chronotrail/{env}/: what operators and scripts look up instead of digging
// through stack outputs. Names, not secrets: the database password stays in Secrets Manager.
import { Construct } from 'constructs';
import * as ssm from 'aws-cdk-lib/aws-ssm';

export class Parameters extends Construct {
  readonly names: string[] = [];
  private readonly prefix: string;

  constructor(scope: Construct, id: string, environment: string) {
    super(scope, id);
    this.prefix = `/chronotrail/${environment}`;
  }

  // `name` is relative to the prefix, e.g. "database/host".
  add(name: string, value: string, description: string): void {
    const parameterName = `${this.prefix}/${name}`;
    new ssm.StringParameter(this, name.replace(/[^A-Za-z0-9]/g, ''), { parameterName, stringValue: value, description });
    this.names.push(parameterName);
  }
}
