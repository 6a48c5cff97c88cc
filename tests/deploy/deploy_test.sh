#!/usr/bin/env bash
# Runs scripts/deploy.sh against stand-in aws, docker, cdk and curl (tests/deploy/stub) on a PATH
# that holds nothing else but basic tools, and checks the commands it issues, in order, for each
# environment and option, and that it stops on a missing tool, a failed migration, a failed
# deploy and a service that never turns healthy.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
script="$here/../../scripts/deploy.sh"
work="$(mktemp -d /tmp/deploy-test.XXXXXX)"
trap 'rm -rf "$work"' EXIT
failures=0

# A PATH of basic tools only: no real aws, docker or cdk can leak in.
mkdir -p "$work/sys"
for tool in bash env git sed dirname basename cat date sleep mkdir rm grep tr head; do
  ln -s "$(command -v "$tool")" "$work/sys/$tool"
done

# stubs DIR TOOL...: a bin directory with those stand-ins.
stubs() {
  local dir="$1"; shift
  mkdir -p "$dir"
  for tool in "$@"; do ln -sf "$here/stub" "$dir/$tool"; done
}
stubs "$work/all" aws docker cdk curl
stubs "$work/no-docker" aws cdk curl
stubs "$work/no-aws" docker cdk curl

# deploy BIN ARGS...: runs the script; sets $status, $out (stdout+stderr) and $calls.
deploy() {
  local bin="$1"; shift
  : > "$work/calls"
  out="$(env -i HOME="$work" PATH="$work/$bin:$work/sys" STUB_CALLS="$work/calls" IMAGE_TAG=t123 \
    DEPLOY_HEALTH_TRIES=3 DEPLOY_HEALTH_INTERVAL=0 ${STUBS:-} "$script" "$@" 2>&1)"
  status=$?
  calls="$(cat "$work/calls")"
}

check() { # check NAME CONDITION...
  local name="$1"; shift
  if "$@"; then echo "ok   $name"; else echo "FAIL $name"; echo "$out" | sed 's/^/     | /'; failures=$((failures + 1)); fi
}
# in_order PATTERN...: each extended regex matches a call line after the previous one's.
in_order() {
  local rest="$calls" pattern line
  for pattern in "$@"; do
    line="$(grep -nE -m1 -- "$pattern" <<<"$rest")" || { echo "     no call matching: $pattern"; return 1; }
    rest="$(tail -n +"$(( ${line%%:*} + 1 ))" <<<"$rest")"
  done
}
has() { grep -qE -- "$1" <<<"$calls"; }
lacks() { ! grep -qE -- "$1" <<<"$calls"; }
every() { # every PATTERN SELECTOR: each call matching SELECTOR also matches PATTERN
  local line; while IFS= read -r line; do
    [[ "$line" =~ $2 ]] || continue
    [[ "$line" =~ $1 ]] || { echo "     $line"; return 1; }
  done <<<"$calls"
}
is() { [ "$1" = "$2" ] || { echo "     expected $2, got $1"; return 1; }; }
mentions() { grep -qiE -- "$1" <<<"$out" || { echo "     output lacks: $1"; return 1; }; }

for env in dev staging prod; do
  case $env in dev) stack=ChronoTrail-Dev ;; staging) stack=ChronoTrail-Staging ;; prod) stack=ChronoTrail-Prod ;; esac
  deploy all -e "$env"
  check "$env: succeeds" is "$status" 0
  check "$env: build, push, deploy, migrate, health, outputs in order" in_order \
    '^aws .*sts get-caller-identity' \
    '^aws .*ecr describe-repositories --repository-names chronotrail-api' \
    '^docker build -t chronotrail-api:t123 ' \
    '^aws .*ecr get-login-password' \
    '^docker login --username AWS --password-stdin 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com$' \
    "^docker push 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com/chronotrail-api:t123$" \
    "^docker push 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com/chronotrail-api:$env$" \
    "^cdk bootstrap aws://123456789012/us-east-1 .*-c environment=$env" \
    "^cdk deploy $stack --require-approval never .*-c environment=$env -c region=us-east-1 -c imageTag=t123$" \
    "^aws .*ecs run-task --cluster out-ClusterName --task-definition out-MigrateTaskDefinitionArn --launch-type FARGATE --network-configuration awsvpcConfiguration=\{subnets=\[subnet-1,subnet-2\],securityGroups=\[out-TaskSecurityGroupId\],assignPublicIp=DISABLED\}" \
    '^aws .*ecs wait tasks-stopped --cluster out-ClusterName --tasks arn:aws:ecs:.*task/chronotrail/abc' \
    '^aws .*ecs describe-tasks' \
    '^curl .*https://api\.example\.test/health$' \
    "^aws .*cloudformation describe-stacks --stack-name $stack --query Stacks\[0\]\.Outputs --output table"
  check "$env: every aws call names the region" every '--region us-east-1' '^aws '
  check "$env: no profile unless asked" lacks '--profile'
  check "$env: describes only its own stack" every "--stack-name $stack" 'describe-stacks'
done

deploy all -e prod -r eu-west-1 -p ops
check "region and profile: succeed" is "$status" 0
check "region and profile: every aws call" every '--region eu-west-1 --profile ops' '^aws '
check "region and profile: every cdk call" every '--profile ops .*-c region=eu-west-1' '^cdk '
check "region and profile: registry in the region" has '^docker push 123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com/'

STUBS="STUB_NO_REPOSITORY=1" deploy all -e dev
check "missing ECR repository: created before the push" in_order \
  '^aws .*ecr create-repository --repository-name chronotrail-api' '^docker push'

deploy no-docker -e staging --skip-build
check "--skip-build: succeeds without docker" is "$status" 0
check "--skip-build: checks the image is in ECR" has '^aws .*ecr describe-images --repository-name chronotrail-api --image-ids imageTag=t123'
check "--skip-build: deploys that tag" has '^cdk deploy ChronoTrail-Staging .*-c imageTag=t123$'

STUBS="STUB_NO_IMAGE=1" deploy no-docker -e staging --skip-build
check "--skip-build without the image: fails" is "$status" 1
check "--skip-build without the image: deploys nothing" lacks '^cdk |ecs run-task'
check "--skip-build without the image: says why" mentions 'not in ECR'

deploy all -e prod --skip-deploy
check "--skip-deploy: succeeds" is "$status" 0
check "--skip-deploy: no cdk" lacks '^cdk '
check "--skip-deploy: still migrates and checks health" in_order '^docker push' 'ecs run-task' '^curl '

deploy all -e dev --skip-build --skip-deploy
check "both skips: only migrate, health, outputs" in_order 'ecr describe-images' 'ecs run-task' '^curl ' '--output table'
check "both skips: no docker, no cdk" lacks '^(docker|cdk) '

deploy all -e staging --dry-run
check "--dry-run: succeeds" is "$status" 0
check "--dry-run: runs nothing" is "$calls" ""
check "--dry-run: prints the build" mentions '^\+ docker build -t chronotrail-api:t123 '
check "--dry-run: prints the deploy" mentions '^\+ cdk deploy ChronoTrail-Staging --require-approval never'
check "--dry-run: prints the migration" mentions '^\+ aws .*ecs run-task'
check "--dry-run: prints the health check" mentions '^\+ curl .*/health'

deploy no-docker -e dev
check "missing docker: fails" is "$status" 1
check "missing docker: names it" mentions 'missing tools: docker'
check "missing docker: runs nothing" is "$calls" ""
deploy no-aws -e dev
check "missing aws: fails naming it" mentions 'missing tools: aws'
check "missing aws: runs nothing" is "$calls" ""

STUBS="STUB_MIGRATE_EXIT=1" deploy all -e prod
check "failed migration: fails" is "$status" 1
check "failed migration: says so with the log group" mentions 'migration failed \(exit code 1\).*/ecs/chronotrail-prod'
check "failed migration: stops before the health wait" lacks '^curl |--output table'

STUBS="STUB_CDK_FAIL=1" deploy all -e staging
check "failed cdk deploy: fails" is "$status" 1
check "failed cdk deploy: does not migrate" lacks 'ecs run-task'

STUBS="STUB_UNHEALTHY=1" deploy all -e dev
check "never healthy: fails" is "$status" 1
check "never healthy: tried DEPLOY_HEALTH_TRIES times" is "$(grep -c '^curl ' <<<"$calls")" 3
check "never healthy: prints no outputs" lacks '--output table'

deploy all -e qa
check "unknown environment: usage error" is "$status" 2
check "unknown environment: runs nothing" is "$calls" ""

if [ "$failures" -gt 0 ]; then echo "deploy_test: $failures failed"; exit 1; fi
echo "deploy_test: all passed"
