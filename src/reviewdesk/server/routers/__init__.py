"""The API's routes, one router per area of docs/API.md; each stays thin over the server's modules."""
