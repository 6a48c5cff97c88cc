#!/usr/bin/env bash
# Deploys ChronoTrail to one AWS environment:
#   1. checks its tools;  2. builds the image and pushes it to ECR (repository chronotrail-api,
#   tagged with the commit and the environment);  3. `cdk deploy` of ChronoTrail-{Env} with that
#   tag;  4. runs the one-off `chronotrail migrate` task and waits for it (a failure stops here);
#   5. waits for https://{api domain}/health through the load balancer;  6. prints the outputs.
# Usage: scripts/deploy.sh -e dev|staging|prod [-r REGION] [-p PROFILE] [--skip-build]
#                          [--skip-deploy] [--dry-run]
#   --skip-build   push nothing: the image for this commit must already be in ECR
#   --skip-deploy  no CDK: migrate and health-check what is deployed
#   --dry-run      print every command instead of running it
# Environment: IMAGE_TAG overrides the tag (default: the commit, plus -dirty-TIME when the tree
# has changes); DEPLOY_HEALTH_TRIES (30) x DEPLOY_HEALTH_INTERVAL (10 s) bound the health wait.
# infrastructure/README.md describes prerequisites, the context file and rollback.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cdk_dir="$root/infrastructure/cdk"
repository=chronotrail-api

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }
fail() { echo "deploy: $*" >&2; exit 1; }

environment=dev region="${AWS_REGION:-us-east-1}" profile="" skip_build=0 skip_deploy=0 dry_run=0
while [ $# -gt 0 ]; do
  case "$1" in
    -e|--environment) environment="${2:-}"; shift 2 ;;
    -r|--region) region="${2:-}"; shift 2 ;;
    -p|--profile) profile="${2:-}"; shift 2 ;;
    --skip-build) skip_build=1; shift ;;
    --skip-deploy) skip_deploy=1; shift ;;
    --dry-run) dry_run=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
case "$environment" in
  dev) stack=ChronoTrail-Dev ;;
  staging) stack=ChronoTrail-Staging ;;
  prod) stack=ChronoTrail-Prod ;;
  *) echo "deploy: environment must be dev, staging or prod, not '$environment'" >&2; exit 2 ;;
esac
[ -n "$region" ] || { echo "deploy: empty region" >&2; exit 2; }

aws_opts=(--region "$region")
cdk_opts=()
if [ -n "$profile" ]; then aws_opts+=(--profile "$profile"); cdk_opts+=(--profile "$profile"); fi

# Runs a command, or prints it under --dry-run (to stderr, so no redirection hides it).
run() {
  if [ "$dry_run" = 1 ]; then printf '+' >&2; printf ' %q' "$@" >&2; printf '\n' >&2; return 0; fi
  "$@"
}
# Runs a command for its output; under --dry-run prints it and yields the placeholder $1.
capture() {
  local placeholder="$1"; shift
  if [ "$dry_run" = 1 ]; then printf '+' >&2; printf ' %q' "$@" >&2; printf '\n' >&2; echo "<$placeholder>"; return 0; fi
  "$@"
}
output() { # a stack output by name
  capture "$1" aws "${aws_opts[@]}" cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}

# 1. Tools. The project's pinned CDK CLI is used when no other is on PATH.
PATH="$PATH:$cdk_dir/node_modules/.bin"
tools=(aws cdk curl git)
[ "$skip_build" = 1 ] || tools+=(docker)
missing=()
for tool in "${tools[@]}"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$dry_run" = 1 ] && echo "deploy: (dry run) missing: ${missing[*]}" >&2 \
    || fail "missing tools: ${missing[*]} (cdk: cd infrastructure/cdk && npm ci)"
fi

if [ -n "${IMAGE_TAG:-}" ]; then
  tag="$IMAGE_TAG"
else
  tag="$(git -C "$root" rev-parse --short=12 HEAD)"
  [ -z "$(git -C "$root" status --porcelain)" ] || tag="$tag-dirty-$(date -u +%Y%m%d%H%M%S)"
fi
echo "deploy: $stack in $region${profile:+ (profile $profile)}, image tag $tag"

account="$(capture account aws "${aws_opts[@]}" sts get-caller-identity --query Account --output text)"
registry="$account.dkr.ecr.$region.amazonaws.com"

# 2. Image.
if [ "$skip_build" = 0 ]; then
  echo "deploy: building and pushing $repository:$tag"
  if ! run aws "${aws_opts[@]}" ecr describe-repositories --repository-names "$repository" >/dev/null 2>&1; then
    run aws "${aws_opts[@]}" ecr create-repository --repository-name "$repository" \
      --image-scanning-configuration scanOnPush=true >/dev/null
  fi
  run docker build -t "$repository:$tag" "$root"
  if [ "$dry_run" = 1 ]; then
    echo "+ aws ${aws_opts[*]} ecr get-login-password | docker login --username AWS --password-stdin $registry" >&2
  else
    aws "${aws_opts[@]}" ecr get-login-password | docker login --username AWS --password-stdin "$registry" >/dev/null
  fi
  for t in "$tag" "$environment"; do
    run docker tag "$repository:$tag" "$registry/$repository:$t"
    run docker push "$registry/$repository:$t"
  done
else
  run aws "${aws_opts[@]}" ecr describe-images --repository-name "$repository" --image-ids "imageTag=$tag" >/dev/null \
    || fail "image $repository:$tag is not in ECR: run without --skip-build first"
fi

# 3. Infrastructure and service, with the image just pushed.
if [ "$skip_deploy" = 0 ]; then
  echo "deploy: cdk deploy $stack"
  context=(-c "environment=$environment" -c "region=$region" -c "imageTag=$tag")
  (cd "$cdk_dir" && run cdk bootstrap "aws://$account/$region" "${cdk_opts[@]}" "${context[@]}") \
    || fail "cdk bootstrap failed"
  (cd "$cdk_dir" && run cdk deploy "$stack" --require-approval never "${cdk_opts[@]}" "${context[@]}") \
    || fail "cdk deploy failed (the circuit breaker rolls the service back by itself)"
fi

# 4. Migrations, in the service's subnets and security group.
echo "deploy: running chronotrail migrate"
cluster="$(output ClusterName)"
task_definition="$(output MigrateTaskDefinitionArn)"
subnets="$(output TaskSubnetIds)"
security_group="$(output TaskSecurityGroupId)"
task="$(capture task-arn aws "${aws_opts[@]}" ecs run-task --cluster "$cluster" \
  --task-definition "$task_definition" --launch-type FARGATE \
  --network-configuration "awsvpcConfiguration={subnets=[$subnets],securityGroups=[$security_group],assignPublicIp=DISABLED}" \
  --query 'tasks[0].taskArn' --output text)"
[ -n "$task" ] && [ "$task" != None ] || fail "the migrate task did not start"
run aws "${aws_opts[@]}" ecs wait tasks-stopped --cluster "$cluster" --tasks "$task" \
  || fail "waiting for the migrate task failed"
exit_code="$(capture exit-code aws "${aws_opts[@]}" ecs describe-tasks --cluster "$cluster" --tasks "$task" \
  --query 'tasks[0].containers[0].exitCode' --output text)"
if [ "$dry_run" = 0 ] && [ "$exit_code" != 0 ]; then
  fail "migration failed (exit code $exit_code): see log group /ecs/chronotrail-$environment," \
    "stream prefix migrate; rollout stopped (infrastructure/README.md, Rollback)"
fi

# 5. Health through the load balancer, by the API's name (the certificate's), not the ALB's.
url="$(output ApiUrl)"
tries="${DEPLOY_HEALTH_TRIES:-30}" interval="${DEPLOY_HEALTH_INTERVAL:-10}"
echo "deploy: waiting for $url/health"
healthy=0
for ((i = 1; i <= tries; i++)); do
  if run curl -fsS --max-time 5 -o /dev/null "$url/health"; then healthy=1; break; fi
  [ "$i" = "$tries" ] || sleep "$interval"
done
[ "$healthy" = 1 ] || fail "$url/health did not answer 200 after $tries tries"

# 6. What was deployed.
run aws "${aws_opts[@]}" cloudformation describe-stacks --stack-name "$stack" \
  --query 'Stacks[0].Outputs' --output table
echo "deploy: $stack is up at $url (image $tag)"
