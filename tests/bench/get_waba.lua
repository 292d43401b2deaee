-- GetLinkedWhatsAppBusinessAccount of the fixture WABA (200).
dofile(os.getenv("BENCH_DIR") .. "/common.lua")
wrk.method = "GET"
wrk.path = "/v1/whatsapp/waba/details?id=waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01"
