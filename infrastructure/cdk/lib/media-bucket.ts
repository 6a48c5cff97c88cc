// The S3 bucket for photos and voice notes (S3_BUCKET_NAME). Objects the API serves must stay
// readable at once, so they move only to Intelligent-Tiering's instant-access tiers, never Glacier.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EnvironmentSettings } from './environments';

export interface MediaBucketProps {
  readonly settings: EnvironmentSettings;
  readonly replicaBucketArn?: string; // prod: a versioned bucket in a second region
}

export class MediaBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: MediaBucketProps) {
    super(scope, id);
    const { settings } = props;
    if (props.replicaBucketArn && settings.name !== 'prod') {
      throw new Error('media replication to a second region is a prod feature');
    }
    const replica = props.replicaBucketArn
      ? s3.Bucket.fromBucketArn(this, 'Replica', props.replicaBucketArn)
      : undefined;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: `chronotrail-${settings.name}-media-${Stack.of(this).account}`,
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [
        {
          id: 'abort-incomplete-uploads',
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        {
          id: 'intelligent-tiering',
          transitions: [{ storageClass: s3.StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(0) }],
        },
        {
          id: 'expire-old-versions', // versions are for undoing mistakes, not an archive
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
      replicationRules: replica
        ? [{ destination: replica, storageClass: s3.StorageClass.INTELLIGENT_TIERING }]
        : undefined,
      removalPolicy: settings.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !settings.retainData,
    });
  }
}
