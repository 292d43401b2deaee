-- ListLinkedWhatsAppBusinessAccounts (200, the fixture WABA).
dofile(os.getenv("BENCH_DIR") .. "/common.lua")
wrk.method = "GET"
wrk.path = "/v1/whatsapp/waba/list"
