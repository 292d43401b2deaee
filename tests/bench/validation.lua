-- GetLinkedWhatsAppBusinessAccount with an id that fails its pattern (400 ValidationException).
dofile(os.getenv("BENCH_DIR") .. "/common.lua")
wrk.method = "GET"
wrk.path = "/v1/whatsapp/waba/details?id=bad"
