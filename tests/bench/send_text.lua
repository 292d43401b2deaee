-- SendWhatsAppMessage: a text message from the fixture number to one customer whose
-- service window run.sh opened with an inbound message. Counts statuses and keeps the
-- messageId of every 200 (written to BENCH_IDS_FILE) for the durability check.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")
-- {"messaging_product":"whatsapp","to":"+14255559876","type":"text","text":{"body":"Your order has shipped."}}
local message = "eyJtZXNzYWdpbmdfcHJvZHVjdCI6IndoYXRzYXBwIiwidG8iOiIrMTQyNTU1NTk4NzYiLCJ0eXBlIjoidGV4dCIsInRleHQiOnsiYm9keSI6IllvdXIgb3JkZXIgaGFzIHNoaXBwZWQuIn19"
wrk.method = "POST"
wrk.path = "/v1/whatsapp/send"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"originationPhoneNumberId":"phone-number-id-7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e11",'
  .. '"message":"' .. message .. '","metaApiVersion":"v20.0"}'
count_responses(true)
