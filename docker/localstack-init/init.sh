#!/bin/bash
# LocalStack ready hook (mounted at /etc/localstack/init/ready.d by
# docker/docker-compose.yml): the AWS side of Socialite's events and media.
#   SNS topic  whatsapp-events        <- Socialite publishes every event here
#   SQS queue  whatsapp-events-queue  <- subscribed to the topic, raw delivery
#   S3 bucket  whatsapp-media         <- sample.png, a 1x1 PNG, for PostWhatsAppMessageMedia
#   EventBridge rule whatsapp-events on the default bus (source aws.social-messaging)
#              -> SQS queue whatsapp-eventbridge-queue <- Socialite's PutEvents land here
set -euo pipefail
export AWS_DEFAULT_REGION=us-east-1

topic_arn="$(awslocal sns create-topic --name whatsapp-events --query TopicArn --output text)"
queue_url="$(awslocal sqs create-queue --queue-name whatsapp-events-queue --query QueueUrl --output text)"
queue_arn="$(awslocal sqs get-queue-attributes --queue-url "$queue_url" \
  --attribute-names QueueArn --query Attributes.QueueArn --output text)"
awslocal sns subscribe --topic-arn "$topic_arn" --protocol sqs \
  --notification-endpoint "$queue_arn" --attributes RawMessageDelivery=true

bus_queue_url="$(awslocal sqs create-queue --queue-name whatsapp-eventbridge-queue --query QueueUrl --output text)"
bus_queue_arn="$(awslocal sqs get-queue-attributes --queue-url "$bus_queue_url" \
  --attribute-names QueueArn --query Attributes.QueueArn --output text)"
awslocal events put-rule --name whatsapp-events \
  --event-pattern '{"source":["aws.social-messaging"]}' >/dev/null
awslocal events put-targets --rule whatsapp-events \
  --targets "Id=whatsapp-eventbridge-queue,Arn=$bus_queue_arn" >/dev/null

awslocal s3 mb s3://whatsapp-media
sample="$(mktemp)"
printf '%s' 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNQvZwGAAJ/AV9X3CpyAAAAAElFTkSuQmCC' \
  | base64 -d >"$sample"
awslocal s3 cp "$sample" s3://whatsapp-media/sample.png --content-type image/png --only-show-errors
rm -f "$sample"

echo "socialite init: topic $topic_arn, queue $queue_url, bus queue $bus_queue_url, bucket whatsapp-media"
