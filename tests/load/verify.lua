-- wrk script: POST /v1/keys/verify as a verifier (VERIFIER_KEY, holding apikey.verify) about the key VERIFIED_KEY.
wrk.method = "POST"
wrk.path = "/v1/keys/verify"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("VERIFIER_KEY")
wrk.body = '{"key": "' .. os.getenv("VERIFIED_KEY") .. '"}'
