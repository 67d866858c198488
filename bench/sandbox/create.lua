-- wrk script: single-record Contact creates (POST) with the bearer token from $TOKEN.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"FirstName":"Bench","LastName":"Create","Email":"bench@example.com","LeadSource":"Web"}'
