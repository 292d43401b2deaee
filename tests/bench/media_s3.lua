-- PostWhatsAppMessageMedia of an S3 object (sourceS3File). run.sh uses it on an instance
-- whose --s3-endpoint accepts connections and never answers, so every call waits on it (it
-- checks the same body first against an object in the main instance's --s3-dir).
dofile(os.getenv("BENCH_DIR") .. "/common.lua")
wrk.method = "POST"
wrk.path = "/v1/whatsapp/media"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"originationPhoneNumberId":"phone-number-id-7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e11","sourceS3File":{"bucketName":"bench-media","key":"photo.jpg"}}'
