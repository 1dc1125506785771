"""The demo's generator: organisations, people, records, materials, scans, libraries, review stories, and the seeding of a demo server."""
