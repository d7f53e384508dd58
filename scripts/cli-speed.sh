#!/usr/bin/env bash
# Measures the `policy` command on the inputs of its speed targets, release build:
#   - `policy check` of a folder: the AWS managed-policy corpus (../shared/corpus/aws-managed,
#     skipped when absent), JSON Lines output and rustc-style output;
#   - `policy check` of a generated 10 MB CloudFormation template in YAML (a role with a trust
#     policy and an inline policy with `!Sub`, `!GetAtt` and `!Ref` per resource pair);
#   - `policy eval --requests` of a generated 1,000,000-line requests file against the three
#     CloudTrail example policies (a third of the lines with context values of every type).
#
# Usage: scripts/cli-speed.sh [CORPUS_DIR]
# Environment: RUNS (default 3): runs per case; each run prints wall, user and system seconds.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-$repo/../shared/corpus/aws-managed}"
runs="${RUNS:-3}"
work="$(mktemp -d /tmp/policy-cli-speed.XXXXXX)"
trap 'rm -rf "$work"' EXIT

cargo build --release -p iam-policy-cli --manifest-path "$repo/Cargo.toml" >&2
policy="$repo/target/release/policy"

# The 10 MB template: resource pairs until the file passes 10,000,000 bytes.
template="$work/stack.yaml"
printf 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n' > "$template"
i=0
while [ "$(stat -c %s "$template")" -lt 10000000 ]; do
    for _ in $(seq 100); do
        cat <<EOF
  Bucket$i:
    Type: AWS::S3::Bucket
  Role$i:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: read$i
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Sid: Read$i
                Effect: Allow
                Action: [s3:GetObject, s3:ListBucket, s3:GetObjectVersion]
                Resource:
                  - !Sub "arn:\${AWS::Partition}:s3:::\${Bucket$i}/*"
                  - !GetAtt Bucket$i.Arn
                Condition:
                  StringEquals: { aws:ResourceAccount: !Ref AWS::AccountId }
              - Effect: Allow
                Action: logs:CreateLogStream
                Resource: !Sub "arn:aws:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/f$i:*"
EOF
        i=$((i + 1))
    done >> "$template"
done

# The requests: four request lines repeated, one with context values of every JSON type.
trail="arn:aws:cloudtrail:us-east-1:111122223333:trail/Default"
requests="$work/requests.jsonl"
block="{\"action\": \"cloudtrail:GetTrailStatus\", \"resource\": \"$trail\", \"context\": {\"aws:SourceIp\": \"203.0.113.7\", \"aws:EpochTime\": 1717200000, \"aws:TagKeys\": [\"a\", \"b\"], \"aws:MultiFactorAuthPresent\": true, \"s3:max-keys\": [10]}}
{\"action\": \"cloudtrail:StopLogging\", \"resource\": \"$trail\"}
{\"action\": \"cloudtrail:LookupEvents\", \"resource\": \"$trail\", \"context\": {\"aws:TagKeys\": []}}
{\"action\": \"cloudtrail:DescribeTrails\", \"resource\": \"$trail\"}"
(yes "$block" || true) | head -n 1000000 > "$requests"

measure() {
    local name="$1"
    shift
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "$name: %e s wall, %U s user, %S s system, %M KB" "$@" > /dev/null 2> "$work/time" || true
        tail -n 1 "$work/time"
    done
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -d "$corpus" ]; then
    measure "check corpus folder, json" "$policy" check -q --no-config --format json "$corpus"
    measure "check corpus folder, human" "$policy" check -q --no-config --color never "$corpus"
fi
echo "template: $(stat -c %s "$template") bytes, $i roles"
measure "check 10 MB template" "$policy" check -q --no-config --format json "$template"
examples="$repo/examples/policies"
measure "eval 1,000,000 requests" "$policy" eval --no-config \
    --policy "$examples/deny_default_trail_logging.json" \
    --policy "$examples/describe_any_trail.json" \
    --policy "$examples/cloudtrail_read_only.json" --requests "$requests"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
