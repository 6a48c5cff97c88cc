// WAF in front of the ALB: AWS's common rule set everywhere, a per-address rate rule in prod.
// The body-size rule of the common set only counts: the server answers oversized bodies itself
// with its documented 413 (MAX_BODY_BYTES), which clients understand better than a WAF 403.
import { Construct } from 'constructs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { EnvironmentSettings } from './environments';

export interface FirewallProps {
  readonly settings: EnvironmentSettings;
  readonly loadBalancerArn: string;
}

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

export class Firewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: FirewallProps) {
    super(scope, id);
    const { settings } = props;
    const rules: wafv2.CfnWebACL.RuleProperty[] = [
      {
        name: 'AWSManagedRulesCommonRuleSet',
        priority: 10,
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name: 'AWSManagedRulesCommonRuleSet',
            ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
          },
        },
        visibilityConfig: visibility('common-rules'),
      },
    ];
    if (settings.wafRateLimitPer5Min) {
      rules.push({
        name: 'RatePerAddress',
        priority: 20,
        action: { block: {} },
        statement: { rateBasedStatement: { limit: settings.wafRateLimitPer5Min, aggregateKeyType: 'IP' } },
        visibilityConfig: visibility('rate-per-address'),
      });
    }
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `chronotrail-${settings.name}`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rules,
      visibilityConfig: visibility(`chronotrail-${settings.name}`),
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.loadBalancerArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
