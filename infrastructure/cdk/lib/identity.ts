// Cognito: the user pool whose tokens the server accepts (AUTH_MODE=oidc with
// COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID). The app client is public — no secret, authorization
// code flow, which the apps use with PKCE — and Google and Apple sign-in appear when their ids
// are in context; their secrets stay in Secrets Manager.
import { Duration, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { IdentityProviders } from './context';
import { EnvironmentSettings } from './environments';

export interface IdentityProps {
  readonly settings: EnvironmentSettings;
  readonly providers: IdentityProviders;
  readonly callbackUrls?: string[];
}

export class Identity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    const { settings, providers } = props;
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `chronotrail-${settings.name}`,
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        givenName: { required: false, mutable: true },
        familyName: { required: false, mutable: true },
      },
      passwordPolicy: {
        minLength: 8, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: settings.retainData,
      removalPolicy: settings.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // The hosted sign-in pages the code flow goes through; the prefix must be unique in the region.
    this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: `chronotrail-${settings.name}-${Stack.of(this).account}` },
    });

    const supported = [cognito.UserPoolClientIdentityProvider.COGNITO];
    const idps: cognito.IUserPoolIdentityProvider[] = [];
    if (providers.googleClientId) {
      idps.push(new cognito.UserPoolIdentityProviderGoogle(this, 'Google', {
        userPool: this.userPool,
        clientId: providers.googleClientId,
        clientSecretValue: SecretValue.secretsManager(`chronotrail/${settings.name}/google-client-secret`),
        scopes: ['openid', 'email', 'profile'],
        attributeMapping: {
          email: cognito.ProviderAttribute.GOOGLE_EMAIL,
          givenName: cognito.ProviderAttribute.GOOGLE_GIVEN_NAME,
          familyName: cognito.ProviderAttribute.GOOGLE_FAMILY_NAME,
        },
      }));
      supported.push(cognito.UserPoolClientIdentityProvider.GOOGLE);
    }
    if (providers.apple) {
      idps.push(new cognito.UserPoolIdentityProviderApple(this, 'Apple', {
        userPool: this.userPool,
        clientId: providers.apple.servicesId,
        teamId: providers.apple.teamId,
        keyId: providers.apple.keyId,
        privateKeyValue: SecretValue.secretsManager(`chronotrail/${settings.name}/apple-private-key`),
        scopes: ['email', 'name'],
        attributeMapping: { email: cognito.ProviderAttribute.APPLE_EMAIL },
      }));
      supported.push(cognito.UserPoolClientIdentityProvider.APPLE);
    }

    const callbacks = props.callbackUrls ?? defaultCallbacks(settings);
    this.client = this.userPool.addClient('AppClient', {
      userPoolClientName: `chronotrail-${settings.name}-client`,
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: callbacks,
        logoutUrls: callbacks.map((u) => u.replace(/\/auth\/callback$/, '/')),
      },
      supportedIdentityProviders: supported,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
    // The client may only name providers that already exist.
    for (const idp of idps) this.client.node.addDependency(idp);
  }
}

function defaultCallbacks(settings: EnvironmentSettings): string[] {
  const urls = [`${settings.appOrigin}/auth/callback`, 'chronotrail://auth/callback'];
  if (settings.name === 'dev') urls.push('http://localhost:3000/auth/callback');
  return urls;
}
